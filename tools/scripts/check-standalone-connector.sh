#!/usr/bin/env bash
# A connector written outside this repository works as a plugin, untouched. In a temporary folder
# outside the workspace it generates a standalone REST source (`--standalone`), installs the packed
# SDK tarballs into it and runs its plain `npm test` (the conformance kit) and its type-check. Then,
# twice, a "site" folder installs the plugin the way a user would: first linked and unbuilt (the
# runner runs it from its TypeScript sources), then as the tarball `npm pack` makes (it runs from
# dist/). Each time the workspace's runner lists it (`koppelwerk connectors`), serves its simulator
# (`koppelwerk simulate <package>`) and syncs a tenant file naming it by package into an
# e-Boekhouden simulator: 12 booked, then none twice, and the simulator holds the 12 mutations.
# The workspace and the generated files are never changed (both are compared at the end).
# Any failure stops the script with a line starting "check-standalone-connector: FAILED".
# KEEP_SCRATCH=1 keeps the temporary folder for a look afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ID="acme"
PACKAGE="koppelwerk-connector-$ID"
WORK="$(mktemp -d -t koppelwerk-standalone-check.XXXXXX)"
PLUGIN="$WORK/$PACKAGE"
SDK="$WORK/sdk"
KOPPELWERK=(node "$ROOT/runner/bin/koppelwerk.js")
NPM_FLAGS=(--prefer-offline --no-audit --no-fund --loglevel=error)
CHECK_NAME="check-standalone-connector"
SIM_LOG_DIR="$WORK"
# shellcheck source=check-support.sh
source "$ROOT/tools/scripts/check-support.sh"

cleanup() {
  stop_simulators
  if [ -n "${KEEP_SCRATCH:-}" ]; then echo "check-standalone-connector: temporary folder kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# A fingerprint of a folder's files, leaving out what installing, building and packing add.
fingerprint() {
  (cd "$1" && find . -type f -not -path './node_modules/*' -not -path './dist/*' -not -name '*.tgz' -not -name package-lock.json -print0 |
    sort -z | xargs -0 sha1sum)
}

export NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0 CI=true
unset TEST_SUMMARY_FILE KOPPELWERK_FROM_SOURCE # the plugin's tests are not the repository's; the runner decides sources or dist itself
cd "$ROOT"

step "building the SDK and the runner (after npm ci this comes from the nx cache)"
run npx nx run-many -t build -p core mapping testing runner --output-style=static

step "generating $PACKAGE into $PLUGIN, outside the workspace"
# What the in-repo mode would change: the registration, the path alias, a connectors/<id> folder.
workspace_files() { sha1sum runner/src/connectors.ts tsconfig.base.json; ls connectors; }
workspace_before="$(workspace_files)"
run npx nx g @koppelwerk/tools:connector "$ID" --kind source --standalone --directory "$PLUGIN" --no-interactive
[ "$(workspace_files)" = "$workspace_before" ] || fail "generating a standalone connector changed the workspace (runner/src/connectors.ts, tsconfig.base.json or connectors/)"
[ -f "$PLUGIN/package.json" ] && [ -f "$PLUGIN/src/conformance.int.spec.ts" ] || fail "the generator wrote no package into $PLUGIN"
generated="$(fingerprint "$PLUGIN")"

step "packing the SDK"
mkdir -p "$SDK"
if [ -x tools/scripts/pack-sdk.sh ]; then
  run tools/scripts/pack-sdk.sh "$SDK" >"$WORK/pack-sdk.log"
else
  for lib in core mapping testing; do (cd "libs/$lib" && npm pack --silent --pack-destination "$SDK" >/dev/null) || fail "npm pack in libs/$lib"; done
fi
SDK_TARBALLS=()
for lib in core mapping testing; do
  tarball="$(find "$SDK" -maxdepth 1 -name "koppelwerk-$lib-*.tgz" | head -n 1)"
  [ -n "$tarball" ] || fail "no tarball of @koppelwerk/$lib in $SDK"
  SDK_TARBALLS+=("$tarball")
done
printf '%s\n' "${SDK_TARBALLS[@]}"

step "npm install in the plugin: the SDK tarballs and its devDependencies"
# --no-save: package.json keeps its `^` ranges on the SDK, as generated.
(cd "$PLUGIN" && npm install --no-save "${NPM_FLAGS[@]}" "${SDK_TARBALLS[@]}") || fail "npm install in $PLUGIN"

step "the plugin's own npm test (the conformance kit) and its type-check"
(cd "$PLUGIN" && npm test) || fail "npm test of the generated package failed"
(cd "$PLUGIN" && npm run --silent typecheck) || fail "the generated package does not type-check against the packed SDK"

# Runs `koppelwerk <args...>` in folder <dir>; fails unless the exit code is 0 and the output matches <expected>.
koppelwerk_expect() {
  local dir="$1" expected="$2" log="$WORK/koppelwerk.log" code=0
  shift 2
  (cd "$dir" && "${KOPPELWERK[@]}" "$@") >"$log" 2>&1 || code=$?
  cat "$log"
  [ "$code" -eq 0 ] || fail "koppelwerk $* in $dir exited with $code"
  grep -Eq "$expected" "$log" || fail "koppelwerk $* in $dir did not report /$expected/"
}

# A site that installed the plugin: the runner lists it, serves its simulator and books its 12 demo invoices once.
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

step "a site with the plugin linked and unbuilt (npm install <folder>): it runs from its TypeScript sources"
[ ! -e "$PLUGIN/dist" ] || fail "$PLUGIN/dist exists before the plugin was built"
mkdir -p "$WORK/site-linked"
echo '{ "name": "site-linked", "version": "1.0.0", "private": true }' >"$WORK/site-linked/package.json"
(cd "$WORK/site-linked" && npm install "${NPM_FLAGS[@]}" "${SDK_TARBALLS[@]}" "$PLUGIN") || fail "npm install of the linked plugin"
[ -L "$WORK/site-linked/node_modules/$PACKAGE" ] || fail "npm did not link $PACKAGE into the site"
use_plugin_in_site "$WORK/site-linked" "^$PACKAGE +source .*$PACKAGE@0\.1\.0.*from its TypeScript sources"

step "a site with the plugin's tarball (npm pack, npm install <tarball>): it runs from dist/"
plugin_tarball="$(cd "$PLUGIN" && npm pack --silent --pack-destination "$WORK")" || fail "npm pack of the plugin"
plugin_tarball="$WORK/$plugin_tarball"
tar -tzf "$plugin_tarball" >"$WORK/plugin-tarball.txt" || fail "cannot list $plugin_tarball"
grep -q '^package/dist/index.js$' "$WORK/plugin-tarball.txt" || fail "the plugin's tarball has no dist/index.js (prepack should build it)"
if grep -q '^package/src/' "$WORK/plugin-tarball.txt"; then fail "the plugin's tarball ships src/ (its files should be dist/ only)"; fi
mkdir -p "$WORK/site-packed"
echo '{ "name": "site-packed", "version": "1.0.0", "private": true }' >"$WORK/site-packed/package.json"
(cd "$WORK/site-packed" && npm install "${NPM_FLAGS[@]}" "${SDK_TARBALLS[@]}" "$plugin_tarball") || fail "npm install of the plugin's tarball"
use_plugin_in_site "$WORK/site-packed" "^$PACKAGE +source .*$PACKAGE@0\.1\.0, node_modules/$PACKAGE\$"

step "nothing generated was changed, nor the workspace"
[ "$(fingerprint "$PLUGIN")" = "$generated" ] || fail "the generated package was changed: $(diff <(echo "$generated") <(fingerprint "$PLUGIN") | head -n 5)"
[ "$(cd "$ROOT" && workspace_files)" = "$workspace_before" ] || fail "the workspace changed during the check (runner/src/connectors.ts, tsconfig.base.json or connectors/)"

step "passed"
