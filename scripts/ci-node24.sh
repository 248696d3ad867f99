#!/usr/bin/env bash
# CI's second pass: the whole suite (`npm test`, the README's command) on Node.js 24, the current LTS.
#
#   bash scripts/ci-node24.sh [-- args for vitest]
#
# Native addons are compiled for the Node that loads them (better-sqlite3 is ABI-specific; classic-level
# loads an N-API prebuild that fits any version). So this pass gets its own node_modules, built against
# Node 24's headers, in a copy of the working tree in a temp folder, removed at the end. The checkout's own
# node_modules (Node 20) is never touched: `npm test` after `.ci/run` still works.
# The servers are the same ones: the caller has started them.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "${1:-}" = "--" ] && shift

say() { printf '[node24] %s\n' "$*"; }
fail() { say "$*"; echo "0 passed, 1 failed"; exit 1; }

NODE24="$(bash "$ROOT/scripts/node24.sh" | tail -n 1)" || fail "could not install Node.js 24 (see above)"

work="$(mktemp -d "${TMPDIR:-/tmp}/queues-in-node-node24.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The working tree as it is (committed or not) and its .git (a test asks git about the docs), without
# what is built or kept locally.
tar -C "$ROOT" -cf - --exclude=./node_modules --exclude=./.node24 --exclude=./.services \
  --exclude=./.data --exclude=./.exercise-progress.json . | tar -C "$work" -xf -
cd "$work"

export PATH="$NODE24/bin:$PATH"          # npm, npx, tsx and vitest all start through `env node`
export npm_config_nodedir="$NODE24"      # node-gyp: compile against Node 24's headers
export JOBS=max                          # node-gyp: compile on every core (better-sqlite3 is most of npm ci)
say "$(node --version) at $NODE24/bin/node; copy of the working tree in $work"

start=$SECONDS
npm ci --no-audit --no-fund --loglevel=error >"$work/.npm-ci.log" 2>&1 \
  || { tail -n 30 "$work/.npm-ci.log"; fail "npm ci on Node 24 failed (log above)"; }
say "npm ci on Node 24: $((SECONDS - start)) s"
# Proof that the addon in this copy is the Node 24 build, before 180 tests say it the long way.
node -e 'new (require("better-sqlite3"))(":memory:").close()' \
  || fail "better-sqlite3 does not load on Node 24: it was not compiled against Node 24's headers"

npm test -- "$@"
