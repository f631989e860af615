#!/usr/bin/env bash
# Runs every test: unit, integration (a throwaway PostgreSQL), API, AppHost, UI unit tests and
# end-to-end in headless Chromium. Prints a closing "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1

results=$(mktemp -d)
status=0

echo "== UI unit tests (vitest)"
ui_out=$(cd src/FinOps.Frontend/ClientApp && npm test --silent 2>&1); ui_rc=$?
echo "$ui_out" | tail -15
ui_passed=$(echo "$ui_out" | sed -E 's/\x1b\[[0-9;]*m//g' | grep -Eo 'Tests +[0-9]+ passed' | grep -Eo '[0-9]+' | head -1)
ui_failed=$(echo "$ui_out" | sed -E 's/\x1b\[[0-9;]*m//g' | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' | head -1)
[ $ui_rc -eq 0 ] || status=1

echo "== .NET tests"
dotnet test --project tests/FinOps.Tests --no-build --results-directory "$results" --report-xunit-trx 2>&1 | tee "$results/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
net_passed=$(grep -Eo 'succeeded: +[0-9]+' "$results/dotnet.log" | grep -Eo '[0-9]+' | tail -1)
net_failed=$(grep -Eo 'failed: +[0-9]+' "$results/dotnet.log" | grep -Eo '[0-9]+' | tail -1)

passed=$(( ${net_passed:-0} + ${ui_passed:-0} ))
failed=$(( ${net_failed:-0} + ${ui_failed:-0} ))
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
