#!/usr/bin/env bash
# Regenerates the deployment files from the AppHost's application model:
#   deploy/generate.sh OUTDIR    writes OUTDIR/compose/ (Docker Compose) and OUTDIR/helm/finops/ (Helm chart)
# The committed deploy/compose and deploy/helm are exactly its output for OUTDIR=deploy:
#   deploy/generate.sh deploy && git diff --exit-code deploy/
# It builds the AppHost first (without the web UI, which publishing does not need); set
# FINOPS_GENERATE_NO_BUILD=1 to use the existing build (the tests do).
set -euo pipefail
out="${1:?usage: deploy/generate.sh OUTDIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if [ "${FINOPS_GENERATE_NO_BUILD:-0}" != 1 ]; then
  dotnet build "$root/src/FinOps.AppHost" -v quiet -nologo -p:SkipSpaBuild=true
fi
dll="$root/artifacts/bin/FinOps.AppHost/debug/FinOps.AppHost.dll"
[ -f "$dll" ] || { echo "generate.sh: $dll is missing; build the AppHost first" >&2; exit 1; }

# Publish mode never starts a resource: the AppHost only runs its pipeline up to the publish step,
# whose step 'finops-deployment-files' writes the two folders.
cd "$root/src/FinOps.AppHost"
DOTNET_ENVIRONMENT=Production dotnet "$dll" --operation publish --step publish --output-path "$out" >/dev/null
echo "Wrote $out/compose and $out/helm"
