#!/usr/bin/env bash
# Keeps the connector generator's templates from rotting. In a scratch copy of the workspace
# (node_modules linked, never reinstalled) it generates a throwaway source and a throwaway sink for
# each transport (REST and SOAP), type-checks and builds them, runs their tests (the conformance kit
# included), checks the module boundaries, and runs `koppelwerk sync` from each generated source
# into an e-Boekhouden simulator and from the Mijnwebwinkel simulator into each generated sink.
# Last, the newcomer's path (runner/src/e2e/newcomer-e2e.int.spec.ts: `init`, `simulate`, `check`,
# `sync --dry-run`, `sync` twice, `status`, `log`, `errors` through the real CLI) for every
# registered source, the generated ones included.
# Any failure stops the script with a line starting "check-generator: FAILED".
# KEEP_SCRATCH=1 keeps the scratch copy for a look afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SOURCE_ID="gen-check-shop"
SINK_ID="gen-check-books"
SOAP_SOURCE_ID="gen-check-soap-shop"
SOAP_SINK_ID="gen-check-soap-books"
GENERATED=("$SOURCE_ID" "$SINK_ID" "$SOAP_SOURCE_ID" "$SOAP_SINK_ID")
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/koppelwerk-generator-check.XXXXXX")"
CHECK_NAME="check-generator"
SIM_LOG_DIR="$SCRATCH"
KOPPELWERK=(env KOPPELWERK_FROM_SOURCE=1 node "$SCRATCH/runner/bin/koppelwerk.js")
# shellcheck source=check-support.sh
source "$ROOT/tools/scripts/check-support.sh"

cleanup() {
  stop_simulators
  if [ -n "${KEEP_SCRATCH:-}" ]; then echo "check-generator: scratch copy kept in $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT

export NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0 CI=true
unset TEST_SUMMARY_FILE # the throwaway connectors' tests are not part of the repository's totals

step "copying the workspace (without node_modules, dist, .nx, .git)"
tar -C "$ROOT" --exclude=node_modules --exclude=dist --exclude=.nx --exclude=.git --exclude=./tmp \
  --exclude=.koppelwerk --exclude=./bench-results --exclude='*.tsbuildinfo' --exclude=./.test-summary.jsonl -cf - . |
  tar -C "$SCRATCH" -xf - || fail "copying the workspace"
for generated in "${GENERATED[@]}"; do
  [ ! -e "$SCRATCH/connectors/$generated" ] || fail "connectors/$generated exists in the workspace; it must never be committed"
done

# node_modules: every entry linked to the workspace's, except the workspace packages themselves,
# which point into the scratch copy (as `npm install` would link them).
mkdir -p "$SCRATCH/node_modules/@koppelwerk"
for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
  name="$(basename "$entry")"
  [ "$name" = "@koppelwerk" ] || ln -s "$entry" "$SCRATCH/node_modules/$name"
done
link_workspace_packages() {
  local manifest dir name
  for manifest in "$SCRATCH"/libs/*/package.json "$SCRATCH"/connectors/*/package.json "$SCRATCH"/programs/*/package.json "$SCRATCH"/runner/package.json "$SCRATCH"/tools/package.json; do
    [ -f "$manifest" ] || continue
    dir="$(dirname "$manifest")"
    name="$(node -p "require(process.argv[1]).name" "$manifest")"
    ln -sfn "$dir" "$SCRATCH/node_modules/$name"
  done
}
link_workspace_packages
cd "$SCRATCH"

step "generating REST and SOAP sources and sinks (${GENERATED[*]})"
run npx nx g @koppelwerk/tools:connector "$SOURCE_ID" --kind source --no-interactive
run npx nx g @koppelwerk/tools:connector "$SINK_ID" --kind sink --no-interactive
run npx nx g @koppelwerk/tools:connector "$SOAP_SOURCE_ID" --kind source --transport soap --no-interactive
run npx nx g @koppelwerk/tools:connector "$SOAP_SINK_ID" --kind sink --transport soap --no-interactive
link_workspace_packages
for generated in "${GENERATED[@]}"; do
  grep -q "'@koppelwerk/$generated'" libs/runtime/src/connectors.ts || fail "$generated is not registered in libs/runtime/src/connectors.ts"
  grep -q "\"@koppelwerk/$generated\"" tsconfig.base.json || fail "the path alias of $generated is missing from tsconfig.base.json"
  grep -q "\"@koppelwerk/$generated/simulator\"" tsconfig.base.json || fail "the path alias of $generated's simulator entry is missing from tsconfig.base.json"
done
[ -f "connectors/$SOAP_SINK_ID/src/wsdl/soap-contract.ts" ] || fail "the SOAP sink has no src/wsdl/soap-contract.ts"
if npx nx g @koppelwerk/tools:connector "$SOAP_SOURCE_ID" --kind source --transport soap --no-interactive >generate-again.log 2>&1; then
  fail "generating $SOAP_SOURCE_ID a second time was not refused"
fi
grep -q "already exists" generate-again.log || fail "refusing an existing name did not say why: $(tail -n 5 generate-again.log)"

step "type-checking the workspace with the generated connectors in it"
run npx tsc -p tsconfig.json

step "building the generated connectors (and the libraries they use)"
run npx nx run-many -t build -p "${GENERATED[@]}" --output-style=static --parallel=2
for generated in "${GENERATED[@]}"; do
  [ -f "connectors/$generated/dist/index.js" ] || fail "the build of $generated wrote no dist/index.js"
  [ -f "connectors/$generated/dist/simulator/index.js" ] || fail "the build of $generated wrote no dist/simulator/index.js (the simulator's own entry)"
done

step "their tests, the conformance kit included, and src/index.spec.ts: the built main entry loads no simulator file"
# One jest process for all four (each project's own config, the reporters kept to the root).
cat >generated-connectors.jest.config.js <<JEST
module.exports = {
  projects: '${GENERATED[*]}'.split(' ').map((id) => {
    const { reporters, ...project } = require('./connectors/' + id + '/jest.config.js');
    return project;
  }),
};
JEST
run npx jest -c generated-connectors.jest.config.js --ci

step "module boundaries"
run npm run check:boundaries --silent

# Runs `koppelwerk <command> <file>`; fails unless the exit code is 0 and the output has the text.
koppelwerk_expect() {
  local command="$1" file="$2" expected="$3" log="$1-$(basename "$2" .yaml).log" code=0
  "${KOPPELWERK[@]}" "$command" "$file" >"$log" 2>&1 || code=$?
  cat "$log"
  [ "$code" -eq 0 ] || fail "koppelwerk $command $file exited with $code"
  grep -Eq "$expected" "$log" || fail "koppelwerk $command $file did not report /$expected/"
}

# Syncs a generated source's demo invoices into an e-Boekhouden simulator of its own: all 12 booked, then nothing twice.
sync_source() {
  local id="$1" eb_url eb_credentials
  await_simulator "eboekhouden-for-$id"
  eb_url="$SIM_URL" eb_credentials="$SIM_CREDENTIALS"
  await_simulator "$id"
  tenant_yaml "check-$id" "$id" "$SIM_URL" "$SIM_CREDENTIALS" eboekhouden "$eb_url/soap.asmx" "$eb_credentials" >"$id-tenant.yaml"
  koppelwerk_expect check "$id-tenant.yaml" '.'
  koppelwerk_expect sync "$id-tenant.yaml" 'read 12, booked 12, skipped 0 .*parked 0'
  koppelwerk_expect sync "$id-tenant.yaml" 'booked 0'
}

# Syncs the Mijnwebwinkel simulator's orders into a generated sink; its simulator must then hold journal entries.
sync_sink() {
  local id="$1" books_url books_credentials booked
  await_simulator "$id"
  books_url="$SIM_URL" books_credentials="$SIM_CREDENTIALS"
  await_simulator mijnwebwinkel
  tenant_yaml "check-$id" mijnwebwinkel "$SIM_URL" "$SIM_CREDENTIALS" "$id" "$books_url" "$books_credentials" >"$id-tenant.yaml"
  koppelwerk_expect check "$id-tenant.yaml" '.'
  koppelwerk_expect sync "$id-tenant.yaml" 'booked [1-9][0-9]*, skipped 0'
  booked="$(node -e 'fetch(process.argv[1] + "/_sim/state").then((r) => r.json()).then((s) => process.stdout.write(String(s.state.journal_entries.length)))' "$books_url")"
  [ "$booked" -gt 0 ] || fail "the $id simulator holds no journal entries after the sync"
  echo "the $id simulator holds $booked journal entries"
}

step "starting the simulators"
for id in "${GENERATED[@]}"; do launch_simulator "$id" "$SCRATCH" "$id"; done
for id in "$SOURCE_ID" "$SOAP_SOURCE_ID"; do launch_simulator "eboekhouden-for-$id" "$SCRATCH" eboekhouden; done
launch_simulator mijnwebwinkel "$SCRATCH" mijnwebwinkel

for id in "$SOURCE_ID" "$SOAP_SOURCE_ID"; do
  step "koppelwerk sync: $id into an e-Boekhouden simulator"
  sync_source "$id"
done
for id in "$SINK_ID" "$SOAP_SINK_ID"; do
  step "koppelwerk sync: the Mijnwebwinkel simulator into $id"
  sync_sink "$id"
done

step "the newcomer's path for every registered source, the generated ones included"
# The spec iterates the registry, which now holds the generated sources too.
newcomer_log="newcomer-e2e.log"
npx jest -c runner/jest.config.js runner/src/e2e/newcomer-e2e.int.spec.ts --ci --verbose >"$newcomer_log" 2>&1 || {
  cat "$newcomer_log"
  fail "the newcomer's path (runner/src/e2e/newcomer-e2e.int.spec.ts) failed"
}
cat "$newcomer_log"
for id in "$SOURCE_ID" "$SOAP_SOURCE_ID"; do
  grep -q "a newcomer with $id" "$newcomer_log" || fail "the newcomer's path did not walk the generated source $id"
done

step "passed"
