#!/usr/bin/env bash
# The headless browser of the dashboard's tests: Debian's chromium, driven by playwright-core.
#
#   tools/scripts/chromium.sh install   Debian's chromium package with apt, when it is missing (root)
#   tools/scripts/chromium.sh path      the browser's path (stdout), or a failure when there is none
#
# Playwright's own browser downloads are not used: the tests always drive the system's Chromium
# (KOPPELWERK_CHROMIUM overrides the path).
set -euo pipefail

say() { echo "chromium.sh: $*" >&2; }

find_browser() {
  local candidate
  for candidate in "${KOPPELWERK_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

case "${1:-}" in
  install)
    if found="$(find_browser)"; then say "Chromium is installed ($found)"; exit 0; fi
    if [ "$(id -u)" -ne 0 ]; then say "Chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; fi
    say "installing Debian's chromium package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }
    find_browser >/dev/null || { say "the chromium package did not install a browser"; exit 1; }
    say "installed $(find_browser)"
    ;;
  path)
    find_browser || { say "no Chromium found (tools/scripts/chromium.sh install)"; exit 1; }
    ;;
  *)
    echo "usage: tools/scripts/chromium.sh install|path" >&2
    exit 2
    ;;
esac
