#!/usr/bin/env bash
# Installs what a fresh Debian machine with the .NET SDK and Node lacks for FinOps, then builds.
# Idempotent: re-running it installs nothing new. Used by the README's run command and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/prometheus ] || need+=(prometheus)
[ -x /usr/bin/prometheus-postgres-exporter ] || need+=(prometheus-postgres-exporter)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}"
  # Debian starts a system cluster on install; FinOps runs its own, so the service is not needed.
  if [[ " ${need[*]} " == *" postgresql "* ]]; then
    $sudo service postgresql stop >/dev/null 2>&1 || true
  fi
  if [[ " ${need[*]} " == *" prometheus "* ]]; then
    $sudo service prometheus stop >/dev/null 2>&1 || true
  fi
  if [[ " ${need[*]} " == *" prometheus-postgres-exporter "* ]]; then
    $sudo service prometheus-postgres-exporter stop >/dev/null 2>&1 || true
  fi
fi

command -v node >/dev/null || { echo "Node.js is required (node 20+)"; exit 1; }
echo "Restoring and building (the UI is built by the Frontend project)…"
dotnet build FinOps.sln -v quiet -nologo
