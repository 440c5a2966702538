#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server on loopback, for the tests and the publish benchmark.
# Sourced; needs postgresql-15 (oneface_require_packages postgresql-15) and root or the postgres user.
#   oneface_pg_start DIR [SETTING...]   initdb into DIR/data (trust on loopback, C locale), start on a
#                          free port with pg_stat_statements and the given settings (e.g. fsync=off);
#                          exports ONEFACE_PG_PORT and ONEFACE_PG_URL
#   oneface_pg_stop DIR    stop it fast (the caller's trap) and remove DIR
ONEFACE_PG_BIN=/usr/lib/postgresql/15/bin

# Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root).
oneface_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

oneface_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

oneface_pg_start() {
  local dir="$1"; shift
  local settings="" setting
  for setting in "$@"; do settings="$settings -c $setting"; done
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  oneface_pg_as_owner "$ONEFACE_PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --locale=C.UTF-8 -E UTF8 \
    >"$dir/initdb.log" 2>&1 || { echo "error: initdb failed, see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; return 1; }
  local port
  port="$(oneface_pg_free_port)"
  oneface_pg_as_owner "$ONEFACE_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c shared_preload_libraries=pg_stat_statements -c max_wal_size=4GB$settings" \
    start >/dev/null || { echo "error: PostgreSQL did not start, see $dir/server.log" >&2; cat "$dir/server.log" >&2; return 1; }
  export ONEFACE_PG_PORT="$port"
  export ONEFACE_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

oneface_pg_stop() {
  local dir="$1"
  if [ -f "$dir/data/postmaster.pid" ]; then
    oneface_pg_as_owner "$ONEFACE_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
