#!/usr/bin/env bash
# The one test command (README): builds with warnings as errors and runs every test on SQLite, browser tests included,
# then the data-layer and integration tests (Portal.Tests.Core, Portal.Tests.Integration) again on PostgreSQL, against a
# throwaway cluster this script starts (and removes) itself. Extra arguments go to both `dotnet test` runs.
# PORTAL_TEST_POSTGRES=<connection string> uses an existing server instead (it needs CREATEDB rights).
set -euo pipefail
cd "$(dirname "$0")"

install_debian_package() {
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's $1 for the tests..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else
    echo "The tests need $2: run 'sudo apt-get install -y $1', then this again." >&2
    exit 1
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  install_debian_package chromium "Chromium at /usr/bin/chromium"
fi
if [ ! -x /usr/sbin/nginx ]; then
  install_debian_package nginx "nginx at /usr/sbin/nginx (the reverse proxy tests start it themselves)"
fi

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; fi
}

PG_DIR=""
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

start_postgres() {
  PG_BIN=$(postgres_bin)
  if [ -z "$PG_BIN" ]; then
    install_debian_package postgresql "PostgreSQL's server binaries (initdb, pg_ctl)"
    PG_BIN=$(postgres_bin)
  fi
  # On tmpfs when there is one: creating a database per test host is ten times faster there.
  local parent=/tmp
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then parent=/dev/shm; fi
  PG_DIR=$(mktemp -d "$parent/portal-pg-XXXXXX")
  trap stop_postgres EXIT
  PG_AS=""
  if [ "$(id -u)" = "0" ]; then
    # PostgreSQL refuses to run as root: use the account Debian's package creates.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
    chown postgres "$PG_DIR"
    PG_AS="runuser -u postgres --"
  fi
  (cd "$PG_DIR" && $PG_AS "$PG_BIN/initdb" -D "$PG_DIR/data" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1) \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  # Unix socket only (no TCP port to collide with), and no durability: the cluster lives for one run.
  (cd "$PG_DIR" && $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG_DIR -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null) || { cat "$PG_DIR/server.log" >&2; exit 1; }
  PORTAL_TEST_POSTGRES="Host=$PG_DIR;Port=5432;Username=portal;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests at $PG_DIR"
}

if [ -z "${PORTAL_TEST_POSTGRES:-}" ]; then
  start_postgres
fi

echo "== All tests on SQLite =="
env -u PORTAL_TEST_POSTGRES dotnet test Portal.sln --logger "console;verbosity=normal" "$@"

echo "== Data-layer and integration tests on PostgreSQL =="
PORTAL_TEST_POSTGRES="$PORTAL_TEST_POSTGRES" dotnet test Portal.Tests/Portal.Tests.csproj --no-build \
  --filter "FullyQualifiedName~Portal.Tests.Core|FullyQualifiedName~Portal.Tests.Integration" \
  --logger "console;verbosity=normal" "$@"
