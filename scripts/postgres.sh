#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `source scripts/postgres.sh; postgres_start` runs a
# server from Debian's `postgresql` package in a temporary directory, on a free port on
# 127.0.0.1, and exports CLIENTELE_TEST_POSTGRES (a URL the tests create databases through);
# `postgres_stop` stops it and removes the directory. PostgreSQL refuses to run as root, so as
# root it runs as the `postgres` user the package creates. Nothing needs to be running before.

postgres_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
  fi
}

postgres_start() {
  local bindir port
  bindir=$(postgres_bindir)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL is not installed (Debian package: postgresql); scripts/setup.sh installs it" >&2
    return 1
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/clientele-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bindir/initdb" -D "$PG_TEST_DIR/data" -U clientele -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  # Tuned for throwaway test databases: no fsync, many connections (several servers at once).
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  PG_TEST_RUN=("${run[@]}")
  PG_TEST_BINDIR=$bindir
  export CLIENTELE_TEST_POSTGRES="postgres://clientele@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests at $CLIENTELE_TEST_POSTGRES"
}

postgres_stop() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    "${PG_TEST_RUN[@]}" "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
  unset PG_TEST_DIR CLIENTELE_TEST_POSTGRES
}
