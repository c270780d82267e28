#!/usr/bin/env bash
# The load benchmark (docs/benchmarks.md, "# Load"): USERS simulated users each submit a build over HTTP to the built
# `devbot serve` and follow it over SSE until it ends, against a zero-latency OpenAI-compatible stand-in; on SQLite
# with 1 worker and on PostgreSQL (a throwaway cluster) with 4 workers. Then the Telegram fan-out: BUILDS finished
# builds' ZIPs through the outbox to a Bot API stand-in enforcing Telegram's flood limits.
#
#   bash benchmarks/load/run.sh          # USERS=2000 BUILDS=1000 RUNS="sqlite postgres fanout"
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
USERS=${USERS:-2000}
BUILDS=${BUILDS:-1000}
RUNS=${RUNS:-"sqlite postgres fanout"}
WORK=$(mktemp -d /tmp/devbot-load-XXXXXX)
chmod 755 "$WORK"
PG_BIN=/usr/lib/postgresql/15/bin

cleanup() {
  if [[ -f "$WORK/pg/data/postmaster.pid" ]]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building (Release) into $WORK; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet publish "$ROOT/src/DevBot" -c Release -o "$WORK/devbot" -nologo -v quiet >/dev/null
dotnet build "$ROOT/benchmarks/DevBot.Benchmarks" -c Release -o "$WORK/bench" -nologo -v quiet >/dev/null
bench() { dotnet "$WORK/bench/DevBot.Benchmarks.dll" "$@"; }

for run in $RUNS; do
  case $run in
    sqlite)
      log "SQLite, 1 worker, $USERS users"
      bench load --devbot "$WORK/devbot/devbot.dll" --database "Data Source=$WORK/load.db" --workers 1 --users "$USERS" --keys "$WORK/keys-sqlite.txt"
      ;;
    postgres)
      mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg"
      runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-instructions >/dev/null
      PG_PORT=$(free_port)
      # Durable defaults; only the connection limit is raised.
      printf "\nlisten_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nmax_connections = 300\n" "$PG_PORT" "$WORK/pg" >> "$WORK/pg/data/postgresql.conf"
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start >/dev/null
      psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE load" >/dev/null
      log "PostgreSQL, 4 workers, $USERS users"
      bench load --devbot "$WORK/devbot/devbot.dll" --database "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=load;Maximum Pool Size=100" \
        --workers 4 --users "$USERS" --keys "$WORK/keys-postgres.txt"
      ;;
    fanout)
      log "Telegram fan-out, $BUILDS builds"
      bench fanout --builds "$BUILDS" --database "Data Source=$WORK/fanout.db"
      ;;
  esac
done
