#!/usr/bin/env bash
# Run a command (the test suite) against a PostgreSQL server of its own: a throwaway cluster in a temporary
# directory, listening on a free port of 127.0.0.1 with trust authentication, stopped and removed afterwards
# however the command ends. Any PostgreSQL already running on the machine is left alone.
#   scripts/throwaway-postgres.sh .venv/bin/pytest
# Where PostgreSQL cannot be had (its programs are missing and we are not root to install them), it says so
# loudly and exits 0 without running the command, so the SQLite run alone decides; CITYCERT_REQUIRE_POSTGRES=1
# (CI) makes that a failure instead.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "citycert: $*" >&2; }

unavailable() {
    if [ "${CITYCERT_REQUIRE_POSTGRES:-}" = 1 ]; then
        say "ERROR: PostgreSQL not available: $1 (CITYCERT_REQUIRE_POSTGRES=1)"
        exit 1
    fi
    say "********************************************************************************"
    say "WARNING: PostgreSQL not available: $1 — ran SQLite only"
    say "********************************************************************************"
    exit 0
}

server_programs() {
    # Debian keeps each major version's programs apart (the newest wins); elsewhere they are on PATH.
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(dirname "$(command -v initdb || echo .)")"; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

root=false
[ "$(id -u)" = 0 ] && root=true
if ! bin=$(server_programs); then
    if ! $root || ! command -v apt-get >/dev/null 2>&1; then
        unavailable "initdb and pg_ctl not found; install them with: sudo apt-get install postgresql"
    fi
    sh scripts/system-packages.sh test
    bin=$(server_programs) || unavailable "installing postgresql gave no initdb and pg_ctl"
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user (made by Debian's package).
if $root; then
    getent passwd postgres >/dev/null || unavailable "running as root and there is no postgres user to run the server"
fi
workdir=$(mktemp -d "${TMPDIR:-/tmp}/citycert-postgres.XXXXXX")
data="$workdir/data"
as_owner() {
    # From inside the cluster's directory: the checkout may be closed to the postgres user.
    if $root; then
        (cd "$workdir" && runuser -u postgres -- "$@")
    else
        (cd "$workdir" && "$@")
    fi
}
stop_and_remove() {
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" --pgdata="$data" --mode=immediate --silent stop >/dev/null 2>&1 || true
    fi
    rm -rf "$workdir"
}
trap stop_and_remove EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
$root && chown postgres: "$workdir"

if ! as_owner "$bin/initdb" --pgdata="$data" --username=citycert --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$workdir/initdb.log" 2>&1; then
    cat "$workdir/initdb.log" >&2
    say "ERROR: initdb failed"
    exit 1
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Durability is worth nothing in a cluster deleted in a few minutes; skipping the flushes makes the run faster.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$workdir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
if ! as_owner "$bin/pg_ctl" --pgdata="$data" --log="$workdir/server.log" --wait --silent start; then
    tail -n 20 "$workdir/server.log" >&2 || true
    say "ERROR: the throwaway PostgreSQL server did not start"
    exit 1
fi
as_owner "$bin/createdb" --host="$workdir" --port="$port" --username=citycert citycert

say "running on PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at 127.0.0.1:$port (throwaway cluster in $workdir)"
status=0
DATABASE_URL="postgresql://citycert@127.0.0.1:$port/citycert" "$@" || status=$?
exit $status
