#!/usr/bin/env bash
# Everything a fresh machine needs, in one command (npm run setup):
#   1. the Debian packages redis-server and rabbitmq-server, when missing (needs root or sudo);
#   2. the npm packages, exactly as locked (npm ci);
#   3. both servers started and answering (scripts/services.sh start).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[setup] %s\n' "$*"; }

major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  say "Node.js 20 or newer is needed (this is $(node --version))."; exit 1
fi

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
# better-sqlite3 is compiled when no prebuilt binary fits (always, where none can be downloaded):
# node-gyp needs python3, make and a C++ compiler.
{ command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    say "Missing: ${missing[*]}, and this is not a Debian/Ubuntu machine."
    say "Install them yourself (macOS: brew install redis rabbitmq, and xcode-select --install for the compiler; or: docker compose up -d), then re-run npm run setup."
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    say "Installing ${missing[*]} needs root. Run as root: apt-get install -y ${missing[*]}"; exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  # `env` so the variable survives sudo; no questions asked during the install.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "installing npm packages (npm ci; better-sqlite3 compiles for $(node --version) when no prebuilt binary fits)"
JOBS="${JOBS:-max}" npm ci --no-audit --no-fund   # JOBS: node-gyp compiles on every core

say "starting the servers"
bash scripts/services.sh start
say "done. Next: npm test   (or npm run chapter:1)"
