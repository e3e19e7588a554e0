#!/usr/bin/env bash
# Keeps the connector generator's templates from rotting. In a scratch copy of the workspace
# (node_modules linked, never reinstalled) it generates a throwaway source and a throwaway sink,
# type-checks and builds them, runs their tests (the conformance kit included), checks the module
# boundaries, and runs `koppelwerk sync` from the generated source into the e-Boekhouden
# simulator and from the Mijnwebwinkel simulator into the generated sink.
# Any failure stops the script with a line starting "check-generator: FAILED".
# KEEP_SCRATCH=1 keeps the scratch copy for a look afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SOURCE_ID="gen-check-shop"
SINK_ID="gen-check-books"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/koppelwerk-generator-check.XXXXXX")"
SIM_PIDS=()
started=$SECONDS

cleanup() {
  local pid
  for pid in "${SIM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SIM_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_SCRATCH:-}" ]; then echo "check-generator: scratch copy kept in $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
fail() {
  echo "check-generator: FAILED: $*" >&2
  exit 1
}
step() { echo; echo "--- check-generator: $* ($((SECONDS - started)) s)"; }
run() {
  "$@" || fail "$* (exit code $?)"
}

export NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0 CI=true
unset TEST_SUMMARY_FILE # the throwaway connectors' tests are not part of the repository's totals

step "copying the workspace (without node_modules, dist, .nx, .git)"
tar -C "$ROOT" --exclude=node_modules --exclude=dist --exclude=.nx --exclude=.git --exclude=./tmp \
  --exclude=.koppelwerk --exclude=./bench-results --exclude='*.tsbuildinfo' --exclude=./.test-summary.jsonl -cf - . |
  tar -C "$SCRATCH" -xf - || fail "copying the workspace"
for generated in "$SOURCE_ID" "$SINK_ID"; do
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
  for manifest in "$SCRATCH"/libs/*/package.json "$SCRATCH"/connectors/*/package.json "$SCRATCH"/runner/package.json "$SCRATCH"/tools/package.json; do
    [ -f "$manifest" ] || continue
    dir="$(dirname "$manifest")"
    name="$(node -p "require(process.argv[1]).name" "$manifest")"
    ln -sfn "$dir" "$SCRATCH/node_modules/$name"
  done
}
link_workspace_packages
cd "$SCRATCH"

step "generating a source ($SOURCE_ID) and a sink ($SINK_ID)"
run npx nx g @koppelwerk/tools:connector "$SOURCE_ID" --kind source --no-interactive
run npx nx g @koppelwerk/tools:connector "$SINK_ID" --kind sink --no-interactive
link_workspace_packages
grep -q "'@koppelwerk/$SOURCE_ID'" runner/src/connectors.ts || fail "the source is not registered in runner/src/connectors.ts"
grep -q "\"@koppelwerk/$SINK_ID\"" tsconfig.base.json || fail "the sink's path alias is missing from tsconfig.base.json"
if npx nx g @koppelwerk/tools:connector "$SOURCE_ID" --kind source --no-interactive >generate-again.log 2>&1; then
  fail "generating $SOURCE_ID a second time was not refused"
fi
grep -q "already exists" generate-again.log || fail "refusing an existing name did not say why: $(tail -n 5 generate-again.log)"

step "type-checking the workspace with the generated connectors in it"
run npx tsc -p tsconfig.json

step "building the generated connectors (and the libraries they use)"
run npx nx run-many -t build -p "$SOURCE_ID" "$SINK_ID" --output-style=static --parallel=2
[ -f "connectors/$SOURCE_ID/dist/index.js" ] && [ -f "connectors/$SINK_ID/dist/index.js" ] || fail "the build wrote no dist/index.js"

step "their tests, the conformance kit included"
run npx jest -c "connectors/$SOURCE_ID/jest.config.js" --ci
run npx jest -c "connectors/$SINK_ID/jest.config.js" --ci

step "module boundaries"
run npm run check:boundaries --silent

# Starts `koppelwerk simulate <id>` on a free port; sets SIM_URL and SIM_CREDENTIALS.
start_simulator() {
  local id="$1" log="simulate-$1.log" waited=0
  KOPPELWERK_FROM_SOURCE=1 node runner/bin/koppelwerk.js simulate "$id" --port 0 >"$log" 2>&1 &
  SIM_PIDS+=("$!")
  until grep -q '^listening on ' "$log"; do
    kill -0 "${SIM_PIDS[-1]}" 2>/dev/null || fail "the $id simulator stopped: $(tail -n 5 "$log")"
    [ "$waited" -lt 300 ] || fail "the $id simulator did not print 'listening on' within 30 s"
    sleep 0.1
    waited=$((waited + 1))
  done
  until grep -q '^credentials ' "$log"; do sleep 0.1; done
  SIM_URL="$(sed -n 's/^listening on //p' "$log")"
  SIM_CREDENTIALS="$(sed -n 's/^credentials //p' "$log")"
}
# `key=value ...` → YAML settings lines (the values stay out of this script's output).
settings_yaml() {
  local pair
  for pair in $1; do printf '    %s: "%s"\n' "${pair%%=*}" "${pair#*=}"; done
}
# Runs `koppelwerk <command> <file>`; fails unless the exit code is 0 and the output has the text.
koppelwerk_expect() {
  local command="$1" file="$2" expected="$3" log="$1-$(basename "$2" .yaml).log" code=0
  KOPPELWERK_FROM_SOURCE=1 node runner/bin/koppelwerk.js "$command" "$file" >"$log" 2>&1 || code=$?
  cat "$log"
  [ "$code" -eq 0 ] || fail "koppelwerk $command $file exited with $code"
  grep -Eq "$expected" "$log" || fail "koppelwerk $command $file did not report /$expected/"
}

step "koppelwerk sync: $SOURCE_ID into the e-Boekhouden simulator"
start_simulator eboekhouden
EB_URL="$SIM_URL" EB_CREDENTIALS="$SIM_CREDENTIALS"
start_simulator "$SOURCE_ID"
{
  echo "tenant: generator-check-source"
  echo "source:"
  echo "  connector: $SOURCE_ID"
  echo "  endpoint: $SIM_URL"
  echo "  settings:"
  settings_yaml "$SIM_CREDENTIALS"
  echo "sink:"
  echo "  connector: eboekhouden"
  echo "  endpoint: $EB_URL/soap.asmx"
  echo "  settings:"
  settings_yaml "$EB_CREDENTIALS"
} >source-tenant.yaml
koppelwerk_expect check source-tenant.yaml '.'
koppelwerk_expect sync source-tenant.yaml 'read 12, booked 12, skipped 0 .*parked 0'
koppelwerk_expect sync source-tenant.yaml 'booked 0'

step "koppelwerk sync: the Mijnwebwinkel simulator into $SINK_ID"
start_simulator "$SINK_ID"
BOOKS_URL="$SIM_URL" BOOKS_CREDENTIALS="$SIM_CREDENTIALS"
start_simulator mijnwebwinkel
{
  echo "tenant: generator-check-sink"
  echo "source:"
  echo "  connector: mijnwebwinkel"
  echo "  endpoint: $SIM_URL"
  echo "  settings:"
  settings_yaml "$SIM_CREDENTIALS"
  echo "sink:"
  echo "  connector: $SINK_ID"
  echo "  endpoint: $BOOKS_URL"
  echo "  settings:"
  settings_yaml "$BOOKS_CREDENTIALS"
} >sink-tenant.yaml
koppelwerk_expect check sink-tenant.yaml '.'
koppelwerk_expect sync sink-tenant.yaml 'booked [1-9][0-9]*, skipped 0'
booked="$(node -e 'fetch(process.argv[1] + "/_sim/state").then((r) => r.json()).then((s) => console.log(s.state.journal_entries.length))' "$BOOKS_URL")"
[ "$booked" -gt 0 ] || fail "the $SINK_ID simulator holds no journal entries after the sync"
echo "the $SINK_ID simulator holds $booked journal entries"

step "passed"
