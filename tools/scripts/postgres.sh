#!/usr/bin/env bash
# A throw-away PostgreSQL for development, tests and CI (the service mode's state).
#
#   tools/scripts/postgres.sh install   Debian's postgresql package with apt, when it is missing (root)
#   tools/scripts/postgres.sh start     a fresh cluster (initdb) on a free port of 127.0.0.1; prints its URL
#   tools/scripts/postgres.sh url       the running cluster's URL
#   tools/scripts/postgres.sh restart   stops and starts the same cluster on the same port (data kept)
#   tools/scripts/postgres.sh stop      stops the cluster and deletes its folder
#
# Only `install` installs anything. The cluster trusts local connections (user postgres, no
# password), keeps its data in KOPPELWERK_PG_DIR (default: a folder in /tmp named after this
# checkout; `start` creates it, `stop` deletes it) and runs with fsync off: a killed server loses
# nothing committed, a power loss may. Never use it for real tenants. The server refuses to run as
# root: as root, it runs as the `postgres` user, which must be able to reach KOPPELWERK_PG_DIR.
# Progress goes to stderr; stdout carries only the URL.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
checkout_id="$(printf '%s' "$repo" | cksum | cut -d' ' -f1)"
dir="${KOPPELWERK_PG_DIR:-${TMPDIR:-/tmp}/koppelwerk-postgres-$checkout_id}"
data="$dir/data"

say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  local found
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  for found in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$found/pg_ctl" ]; then echo "$found"; return; fi
  done
  return 1
}

# Runs a server program as the owner of the cluster: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port) + '\n'); s.close(); });"
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; }

running() { [ -f "$dir/port" ] && [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start_server() {
  local port
  port="$(cat "$dir/port")"
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { say "the server did not start; its log:"; tail -20 "$dir/server.log" >&2; exit 1; }
}

command="${1:-}"
case "$command" in
  install)
    if bin_dir >/dev/null; then say "PostgreSQL is installed ($(bin_dir))"; exit 0; fi
    if [ "$(id -u)" -ne 0 ]; then say "PostgreSQL is missing: run 'sudo apt-get install -y postgresql' (or set PATH to its bin folder)"; exit 1; fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
    bin_dir >/dev/null || { say "installed, but pg_ctl was not found"; exit 1; }
    ;;
  start)
    bin="$(bin_dir)" || { say "PostgreSQL is not installed: run '$0 install' (or 'apt-get install -y postgresql')"; exit 1; }
    if running; then say "already running"; url; exit 0; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$dir"
      # The server runs as `postgres`, so every folder above the cluster must let that user through
      # (a caller's own 0700 temporary folder does not: initdb would fail with "Permission denied").
      runuser -u postgres -- test -w "$dir" || {
        say "the postgres user cannot reach $dir: a folder above it is closed to other users; choose a KOPPELWERK_PG_DIR it can reach (e.g. under /tmp)"
        rm -rf "$dir"; exit 1
      }
    fi
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { say "initdb failed; its output:"; cat "$dir/initdb.log" >&2; exit 1; }
    free_port >"$dir/port"
    start_server
    say "started PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) in $dir"
    url
    ;;
  url)
    bin="$(bin_dir)" || exit 1
    running || { say "not running: start it with '$0 start'"; exit 1; }
    url
    ;;
  restart)
    bin="$(bin_dir)" || exit 1
    running || { say "not running: start it with '$0 start'"; exit 1; }
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    start_server
    url
    ;;
  stop)
    if bin="$(bin_dir)" && running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; say "stopped"; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 install|start|url|restart|stop" >&2
    exit 2
    ;;
esac
