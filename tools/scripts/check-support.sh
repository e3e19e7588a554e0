# Shared by the check-*.sh scripts (sourced, never run): how they report, stop and start simulators.
# The sourcing script sets CHECK_NAME (the prefix of every line), SIM_LOG_DIR (where simulator logs
# go) and KOPPELWERK (the command, as an array) before it calls these.
# shellcheck shell=bash

SIM_PIDS=()
started=$SECONDS

fail() {
  echo "$CHECK_NAME: FAILED: $*" >&2
  exit 1
}
step() { echo; echo "--- $CHECK_NAME: $* ($((SECONDS - started)) s)"; }
run() {
  "$@" || fail "$* (exit code $?)"
}

# `koppelwerk simulate <connector> --port 0`, run from folder <dir> in the background, logging to simulate-<name>.log.
launch_simulator() {
  local name="$1" dir="$2" connector="$3"
  (cd "$dir" && exec "${KOPPELWERK[@]}" simulate "$connector" --port 0) >"$SIM_LOG_DIR/simulate-$name.log" 2>&1 &
  SIM_PIDS+=("$!")
  echo "$!" >"$SIM_LOG_DIR/simulate-$name.pid"
}
# Waits until simulator <name> is listening; sets SIM_URL and SIM_CREDENTIALS.
await_simulator() {
  local name="$1" log="$SIM_LOG_DIR/simulate-$1.log" waited=0
  until grep -q '^listening on ' "$log"; do
    kill -0 "$(cat "$SIM_LOG_DIR/simulate-$name.pid")" 2>/dev/null || fail "the $name simulator stopped: $(tail -n 5 "$log")"
    [ "$waited" -lt 600 ] || fail "the $name simulator did not print 'listening on' within 60 s"
    sleep 0.1
    waited=$((waited + 1))
  done
  until grep -q '^credentials ' "$log"; do sleep 0.1; done
  SIM_URL="$(sed -n 's/^listening on //p' "$log")"
  SIM_CREDENTIALS="$(sed -n 's/^credentials //p' "$log")"
}
stop_simulators() {
  local pid
  for pid in "${SIM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SIM_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SIM_PIDS=()
}
# `key=value ...` → YAML settings lines (the values stay out of the script's output).
settings_yaml() {
  local pair
  for pair in $1; do printf '    %s: "%s"\n' "${pair%%=*}" "${pair#*=}"; done
}
# A tenant file on stdout: tenant_yaml <tenant> <source connector> <source endpoint> <source credentials>
# <sink connector> <sink endpoint> <sink credentials> (credentials as `key=value ...`).
tenant_yaml() {
  echo "tenant: $1"
  echo "source:"
  echo "  connector: $2"
  echo "  endpoint: $3"
  echo "  settings:"
  settings_yaml "$4"
  echo "sink:"
  echo "  connector: $5"
  echo "  endpoint: $6"
  echo "  settings:"
  settings_yaml "$7"
}
