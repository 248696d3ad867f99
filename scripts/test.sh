#!/usr/bin/env bash
# The one test command (npm test): type-check, check the servers answer, run every test.
# Ends with a plain `N passed, N failed` line and a non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "> tsc --noEmit"
if ! npx tsc --noEmit; then
  echo "Type check failed: fix the errors above."
  echo "0 passed, 1 failed"
  exit 1
fi

# Tests that need a server fail on their own with a hint; this line just says it once, up front.
bash scripts/services.sh status || echo "Some servers are down: tests that need them will fail. Start them with: npm run services:start"

npx vitest run "$@"
