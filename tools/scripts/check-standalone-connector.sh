#!/usr/bin/env bash
# A connector written outside this repository works as a plugin, by exactly the steps the generator
# prints, on a machine where the Koppelwerk SDK is on no registry. In a temporary folder outside the
# workspace it generates a standalone REST source (`--standalone`), then runs the generator's printed
# next steps verbatim, line by line, as a user would paste them (read from its output, never written
# here): `cd` into the package, `npm install` (the SDK from the package's own sdk/ tarballs), its
# `npm test` (the conformance kit), its type-check, then in its try/ folder Koppelwerk and the package
# linked, and `npx koppelwerk connectors` listing it run from its TypeScript sources. There the
# runner npx runs serves the package's simulator (`koppelwerk simulate <package>`) and syncs a tenant
# file naming it by package into an e-Boekhouden simulator: 12 booked, then none twice, and the
# simulator holds the 12 mutations. Then the package as users get it: `npm pack` (dist/ only),
# installed where Koppelwerk runs, outside the package, next to the runner: it runs from dist/ with
# only what its package.json declares, and syncs the same way.
#
# npm runs with the @koppelwerk scope's registry pointed at tools/scripts/registry-trap.js, which
# has nothing and logs every request: the SDK can come from nowhere but the package's tarballs, and
# any attempt to fetch it from a registry fails the check. No other npm setting is changed.
# The workspace and the generated files are never changed (both are compared at the end).
# Any failure stops the script with a line starting "check-standalone-connector: FAILED".
# KEEP_SCRATCH=1 keeps the temporary folder for a look afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ID="acme"
PACKAGE="koppelwerk-connector-$ID"
WORK="$(mktemp -d -t koppelwerk-standalone-check.XXXXXX)"
PLUGIN="$WORK/$PACKAGE"
KOPPELWERK=() # the runner each site installed, set per site below
CHECK_NAME="check-standalone-connector"
SIM_LOG_DIR="$WORK"
TRAP_LOG="$WORK/registry-trap.log"
TRAP_PID=""
# shellcheck source=check-support.sh
source "$ROOT/tools/scripts/check-support.sh"

cleanup() {
  stop_simulators
  if [ -n "$TRAP_PID" ]; then kill "$TRAP_PID" 2>/dev/null || true; wait "$TRAP_PID" 2>/dev/null || true; fi
  if [ -n "${KEEP_SCRATCH:-}" ]; then echo "check-standalone-connector: temporary folder kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# A fingerprint of a folder's files, leaving out what installing, trying, building and packing add.
fingerprint() {
  (cd "$1" && find . -type f -not -path './node_modules/*' -not -path './dist/*' -not -path './try/*' -not -regex '\./[^/]*\.tgz' \
    -not -name package-lock.json -print0 | sort -z | xargs -0 sha1sum)
}
# Fails when npm asked the trap registry for anything since the last call: the SDK must come from the tarballs.
no_registry_fetch() {
  if [ -s "$TRAP_LOG" ]; then
    fail "npm asked a registry for the Koppelwerk SDK during '$1' ($(head -n 3 "$TRAP_LOG" | paste -sd ' ')): it is on no registry, so the package must take @koppelwerk/* from its sdk/ tarballs"
  fi
}

export NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0 CI=true
unset TEST_SUMMARY_FILE KOPPELWERK_FROM_SOURCE # the plugin's tests are not the repository's; the runner decides sources or dist itself
cd "$ROOT"

step "a registry for the @koppelwerk scope that has nothing and logs what npm asks of it"
node tools/scripts/registry-trap.js "$TRAP_LOG" >"$WORK/registry-trap.out" 2>&1 &
TRAP_PID=$!
waited=0
until grep -q '^listening on ' "$WORK/registry-trap.out"; do
  kill -0 "$TRAP_PID" 2>/dev/null || fail "the registry trap stopped: $(cat "$WORK/registry-trap.out")"
  [ "$waited" -lt 300 ] || fail "the registry trap did not start within 30 s"
  sleep 0.1
  waited=$((waited + 1))
done
TRAP_URL="$(sed -n 's/^listening on //p' "$WORK/registry-trap.out")"
# Environment only, for every npm below: the scope's registry, the local cache first, and npx never installs.
NPM_ENV=("npm_config_@koppelwerk:registry=$TRAP_URL" npm_config_prefer_offline=true npm_config_yes=false)
# The trap must see npm's requests, or a fetch of the SDK would go unnoticed.
if env "${NPM_ENV[@]}" npm view @koppelwerk/core version >"$WORK/trap-self-test.log" 2>&1; then
  fail "npm found @koppelwerk/core through the registry trap at $TRAP_URL: $(tail -n 3 "$WORK/trap-self-test.log")"
fi
grep -q '@koppelwerk' "$TRAP_LOG" || fail "npm did not ask the registry trap for @koppelwerk/core, so it would not see a fetch of the SDK: $(tail -n 3 "$WORK/trap-self-test.log")"
echo "npm asks $TRAP_URL for the @koppelwerk scope: $(head -n 1 "$TRAP_LOG")"
: >"$TRAP_LOG"

step "building the SDK and the runner (after npm ci this comes from the nx cache)"
run npx nx run-many -t build -p core mapping testing runner --output-style=static

step "generating $PACKAGE into $PLUGIN, outside the workspace"
# What the in-repo mode would change: the registration, the path alias, a connectors/<id> folder.
workspace_files() { sha1sum libs/runtime/src/connectors.ts tsconfig.base.json; ls connectors; }
workspace_before="$(workspace_files)"
env "${NPM_ENV[@]}" npx nx g @koppelwerk/tools:connector "$ID" --kind source --standalone --directory "$PLUGIN" --no-interactive >"$WORK/generate.log" 2>&1 ||
  fail "the generator failed: $(tail -n 20 "$WORK/generate.log")"
cat "$WORK/generate.log"
no_registry_fetch "nx g @koppelwerk/tools:connector"
[ "$(workspace_files)" = "$workspace_before" ] || fail "generating a standalone connector changed the workspace (libs/runtime/src/connectors.ts, tsconfig.base.json or connectors/)"
[ -f "$PLUGIN/package.json" ] && [ -f "$PLUGIN/src/conformance.int.spec.ts" ] || fail "the generator wrote no package into $PLUGIN"
generated="$(fingerprint "$PLUGIN")"

# The printed steps: the indented lines after "Next:" (its own folder, install, test) and after
# "Then try it with Koppelwerk:" (try/), as they appear in the output.
mapfile -t STEPS < <(awk '/^Next:$/ { on = 1; next } on && /^  [^ ]/ { sub(/^  /, ""); print }' "$WORK/generate.log")
printf '%s\n' "${STEPS[@]}" | grep -q '^npm install ' || fail "the generator printed no \`npm install\` step: $(printf '%s | ' "${STEPS[@]}")"
printf '%s\n' "${STEPS[@]}" | grep -q '^npx koppelwerk connectors ' || fail "the generator printed no \`npx koppelwerk connectors\` step: $(printf '%s | ' "${STEPS[@]}")"
# Its README shows the same commands (the generator writes both from one list).
for line in "${STEPS[@]}"; do
  command="$(sed -E 's/[[:space:]]+# .*$//' <<<"$line")"
  case "$command" in cd\ *) continue ;; esac
  grep -qF -- "$command" "$PLUGIN/README.md" || fail "the printed step '$command' is not in the package's README"
done

step "the printed steps, verbatim, from the workspace where the generator ran"
dir="$ROOT"
for line in "${STEPS[@]}"; do
  echo "\$ $line"
  command="$(sed -E 's/[[:space:]]+# .*$//' <<<"$line")"
  (cd "$dir" && env "${NPM_ENV[@]}" bash -e -c "$line"$'\n'"pwd >\"$WORK/step-cwd\"") >"$WORK/step.log" 2>&1 || {
    tail -n 40 "$WORK/step.log"
    no_registry_fetch "$command"
    fail "the printed step '$command' failed in $dir"
  }
  tail -n 15 "$WORK/step.log"
  no_registry_fetch "$command"
  if grep -q 'not yet covered by allowScripts' "$WORK/step.log"; then
    fail "'$command' left npm asking about install scripts: give each package it names a decision in the root package.json's allowScripts and in INSTALL_SCRIPTS of tools/src/generators/connector/standalone-dependencies.ts"
  fi
  if grep -q 'EBADENGINE' "$WORK/step.log"; then fail "'$command' warned EBADENGINE: $(grep -m 3 'EBADENGINE' "$WORK/step.log" | paste -sd ' ')"; fi
  dir="$(cat "$WORK/step-cwd")"
  case "$line" in
    npx\ koppelwerk\ connectors*)
      grep -Eq "^$PACKAGE +source .*$PACKAGE@0\.1\.0.*from its TypeScript sources" "$WORK/step.log" ||
        fail "\`npx koppelwerk connectors\` in $dir did not list $PACKAGE 0.1.0 run from its TypeScript sources"
      ;;
  esac
done
SITE="$PLUGIN/try"
[ "$dir" = "$SITE" ] || fail "the printed steps ended in $dir, not in $SITE"
[ -L "$SITE/node_modules/$PACKAGE" ] || fail "the printed steps did not link $PACKAGE into $SITE"
[ ! -e "$PLUGIN/dist" ] || fail "$PLUGIN/dist exists: the printed steps should run the package from its TypeScript sources"
[ ! -L "$PLUGIN/node_modules/@koppelwerk/core" ] && [ -f "$PLUGIN/node_modules/@koppelwerk/core/dist/index.js" ] ||
  fail "the package's node_modules/@koppelwerk/core is not the packed SDK from its sdk/ folder"

# Runs `koppelwerk <args...>` in folder <dir>; fails unless the exit code is 0 and the output matches <expected>.
koppelwerk_expect() {
  local dir="$1" expected="$2" log="$WORK/koppelwerk.log" code=0
  shift 2
  (cd "$dir" && "${KOPPELWERK[@]}" "$@") >"$log" 2>&1 || code=$?
  cat "$log"
  [ "$code" -eq 0 ] || fail "koppelwerk $* in $dir exited with $code"
  grep -Eq "$expected" "$log" || fail "koppelwerk $* in $dir did not report /$expected/"
}

# A site where Koppelwerk runs with the plugin installed: the runner lists it, serves its simulator and books its 12 demo invoices once.
use_plugin_in_site() {
  local site="$1" listed="$2" eb_url eb_credentials mutations
  launch_simulator "eboekhouden-$(basename "$site")" "$site" eboekhouden
  launch_simulator "$PACKAGE-$(basename "$site")" "$site" "$PACKAGE"
  koppelwerk_expect "$site" "$listed" connectors
  await_simulator "eboekhouden-$(basename "$site")"
  eb_url="$SIM_URL" eb_credentials="$SIM_CREDENTIALS"
  await_simulator "$PACKAGE-$(basename "$site")"
  tenant_yaml "standalone-$ID" "$PACKAGE" "$SIM_URL" "$SIM_CREDENTIALS" eboekhouden "$eb_url/soap.asmx" "$eb_credentials" >"$site/tenant.yaml"
  koppelwerk_expect "$site" '^green +source' check tenant.yaml
  koppelwerk_expect "$site" 'read 12, booked 12, skipped 0 .*parked 0' sync tenant.yaml
  koppelwerk_expect "$site" 'booked 0' sync tenant.yaml
  mutations="$(node -e 'fetch(process.argv[1] + "/_sim/state").then((r) => r.json()).then((s) => process.stdout.write(String(s.administraties[0].mutaties.length)))' "$eb_url")"
  [ "$mutations" -eq 12 ] || fail "the e-Boekhouden simulator holds $mutations mutations after the syncs, not 12"
  echo "the e-Boekhouden simulator holds $mutations mutations"
  stop_simulators
}

step "in try/, with the runner npx runs there: the package's simulator, a tenant file naming it by package, check, sync twice"
KOPPELWERK=("$SITE/node_modules/.bin/koppelwerk")
use_plugin_in_site "$SITE" "^$PACKAGE +source .*$PACKAGE@0\.1\.0.*from its TypeScript sources"

step "the package as users get it: npm pack, installed where Koppelwerk runs, outside the package: it runs from dist/"
plugin_tarball="$(cd "$PLUGIN" && env "${NPM_ENV[@]}" npm pack --silent)" || fail "npm pack of the plugin"
no_registry_fetch "npm pack"
plugin_tarball="$PLUGIN/$plugin_tarball"
tar -tzf "$plugin_tarball" >"$WORK/plugin-tarball.txt" || fail "cannot list $plugin_tarball"
grep -q '^package/dist/index.js$' "$WORK/plugin-tarball.txt" || fail "the plugin's tarball has no dist/index.js (prepack should build it)"
if grep -Eq '^package/(src|sdk|try)/' "$WORK/plugin-tarball.txt"; then fail "the plugin's tarball ships src/, sdk/ or try/ (its files should be dist/ only)"; fi
PACKED_SITE="$WORK/site-packed"
mkdir -p "$PACKED_SITE"
(cd "$PACKED_SITE" && env "${NPM_ENV[@]}" npm init -y >/dev/null && env "${NPM_ENV[@]}" npm install --no-audit --no-fund "$ROOT/runner" "$plugin_tarball") ||
  fail "npm install of the runner and the plugin's tarball in $PACKED_SITE"
no_registry_fetch "npm install <the plugin's tarball>"
[ -f "$PACKED_SITE/node_modules/$PACKAGE/dist/index.js" ] && [ ! -L "$PACKED_SITE/node_modules/$PACKAGE" ] || fail "npm did not install the plugin's tarball into $PACKED_SITE"
[ -d "$PACKED_SITE/node_modules/axios" ] || fail "installing the plugin's tarball did not install axios, which its code requires"
KOPPELWERK=("$PACKED_SITE/node_modules/.bin/koppelwerk")
use_plugin_in_site "$PACKED_SITE" "^$PACKAGE +source .*$PACKAGE@0\.1\.0, node_modules/$PACKAGE\$"

step "the installed package's main entry loads no simulator file; the manifest loads the simulator when it starts it"
# The package by name, in a node process of its own, its require.cache read after each step. Koppelwerk hands a plugin
# its SDK, inversify and zod; NODE_PATH (the runner's node_modules) stands in for that here.
(cd "$PACKED_SITE" && NODE_PATH="$ROOT/node_modules" node -e '
const path = require("node:path");
const name = process.argv[1];
const dist = require("node:fs").realpathSync(path.join("node_modules", name, "dist")) + path.sep;
const { manifest } = require(name);
const simulatorFile = (file) => file.startsWith(dist + "simulator" + path.sep) || /[\\/](libs[\\/]testing|@koppelwerk[\\/]testing)[\\/]/.test(file);
const loaded = Object.keys(require.cache).filter(simulatorFile);
if (loaded.length > 0) throw new Error("requiring " + name + " loaded its simulator or the test kit: " + loaded.join(", "));
manifest.simulator.start().then(async (simulator) => {
  await simulator.close();
  if (!require.cache[dist + path.join("simulator", "index.js")]) throw new Error("starting the simulator did not load " + name + "/simulator");
  if (!Object.keys(require(name + "/simulator")).some((key) => /^start\w+Simulator$/.test(key))) throw new Error(name + "/simulator exports no start...Simulator");
  console.log("requiring " + name + " loaded no simulator file; starting its simulator loaded " + name + "/simulator (" + simulator.url + ")");
});
' "$PACKAGE") >"$WORK/main-entry.log" 2>&1 || fail "the installed package's main entry: $(tail -n 5 "$WORK/main-entry.log")"
cat "$WORK/main-entry.log"

step "nothing generated was changed, nor the workspace"
[ "$(fingerprint "$PLUGIN")" = "$generated" ] || fail "the generated package was changed: $(diff <(echo "$generated") <(fingerprint "$PLUGIN") | head -n 5)"
[ "$(cd "$ROOT" && workspace_files)" = "$workspace_before" ] || fail "the workspace changed during the check (libs/runtime/src/connectors.ts, tsconfig.base.json or connectors/)"
no_registry_fetch "the whole check"

step "passed"
