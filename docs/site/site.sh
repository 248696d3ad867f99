#!/usr/bin/env bash
# The book as a website (VitePress, in this folder, with its own package.json and lockfile, so the
# tutorial's own npm ci does not grow). The top-level package.json runs:
#   npm run docs         dev server with live reload (extra arguments go to vitepress: -- --port 5174)
#   npm run docs:build   static site in docs/site/dist (git-ignored), for any static host
#   npm run docs:check   builds, then checks the site in Debian's chromium (check.ts); ends `N passed, N failed`
# The site's packages are installed here (npm ci) the first time, and again when its lockfile changes.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
mode="${1:-}"
shift || true

# docs:check prints its closing line even when it cannot get as far as the browser.
fail() {
  echo "$1"
  [ "$mode" = check ] && echo "0 passed, 1 failed"
  exit 1
}

if [ ! -d node_modules/vitepress ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the site's tools (VitePress, Mermaid, playwright-core) into docs/site/node_modules: npm ci, once..."
  npm ci --no-audit --no-fund --loglevel=error || fail "docs: npm ci in docs/site failed (above)."
fi

# VitePress builds from docs/ (the pages), and Vite looks packages up from there: docs/node_modules points
# at this folder's (a link, git-ignored, so the book's own checks, which walk docs/, do not descend into it).
[ -e ../node_modules ] || [ -L ../node_modules ] || ln -s site/node_modules ../node_modules

build() {
  local start=$SECONDS
  "$here/node_modules/.bin/vitepress" build . "$@" || return 1
  echo "docs:build: the site is in docs/site/dist ($((SECONDS - start)) s); open it with any static server," \
    "e.g. python3 -m http.server -d docs/site/dist"
}

case "$mode" in
  dev) exec "$here/node_modules/.bin/vitepress" dev . "$@" ;;
  build) build "$@" || exit 1 ;;
  check)
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    if ! build >"$log" 2>&1; then
      cat "$log"
      fail "docs:check: the site does not build (above)."
    fi
    tail -n 1 "$log"
    # Debian's chromium, and a Chinese font so the Chinese pages' screenshots show characters, not boxes.
    need=()
    [ -x /usr/bin/chromium ] || need+=(chromium)
    fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
    if [ ${#need[@]} -gt 0 ]; then
      if [ "$(id -u)" != 0 ]; then
        [ -x /usr/bin/chromium ] ||
          fail "docs:check: Debian's chromium is missing and only root can install it: apt-get install -y chromium"
        echo "docs:check: no Chinese font (apt-get install -y fonts-wqy-microhei): Chinese screenshots show boxes."
      else
        echo "Installing ${need[*]} for the browser check (apt-get, once)..."
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >"$log" 2>&1; then
          fail "docs:check: apt-get install -y ${need[*]} failed: $(grep -E '^(E|W):' "$log" | tail -n 1)"
        fi
      fi
    fi
    [ -x "$root/node_modules/.bin/tsx" ] || fail "docs:check: tsx is missing: run npm ci at the top level first."
    "$root/node_modules/.bin/tsx" check.ts "$@"
    ;;
  *) fail "usage: bash docs/site/site.sh dev|build|check" ;;
esac
