#!/usr/bin/env bash
# The one test command (npm test): format and lint check, type-check, check the servers answer, run every test.
# A passing run prints the test files, vitest's summary and a plain `N passed, N failed` line; anything
# else (type errors, a server that does not answer, a failing test's output) is printed only when wrong.
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The tools straight from node_modules/.bin: through npx, each would cost half a second of CPU more.
BIN=node_modules/.bin

# Formatting and lint (Biome, biome.json, and the 110-column line width) beside the type check: two
# programs for two cores, and no test starts before both have passed.
lint_out=$(mktemp)
trap 'rm -f "$lint_out"' EXIT
("$BIN/biome" ci . --reporter=summary && node --import tsx scripts/line-width.ts) >"$lint_out" 2>&1 &
lint=$!
types=$("$BIN/tsc" --noEmit 2>&1)
types_rc=$?
if ! wait "$lint"; then
  cat "$lint_out"
  echo "Formatting or lint errors (above): run npm run format, which fixes the formatting; fix the rest by hand."
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$types_rc" -ne 0 ]; then
  echo "$types"
  echo "Type check failed (npx tsc --noEmit): fix the errors above."
  echo "0 passed, 1 failed"
  exit 1
fi

# Tests that need a server fail on their own with a hint; this says it once, up front, and only when needed.
if ! status=$(bash scripts/services.sh status 2>&1); then
  echo "$status"
  echo "Some servers are down: tests that need them will fail. Start them with: npm run services:start"
fi

"$BIN/vitest" run "$@"
