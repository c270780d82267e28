#!/usr/bin/env bash
# The accept benchmark (docs/benchmarks.md): DevBot's POST /api/v1/projects (the built `devbot serve`, no workers)
# against a floor server doing only a bearer check and a two-row insert into the same kind of database, with wrk,
# on this machine, in one run, the two servers taking turns. Each database kind is measured with an empty queue
# and with PREFILL builds already waiting; afterwards every 202 must be a stored row.
#
#   bash benchmarks/accept/run.sh            # KINDS="sqlite postgres" DURATION=15s WARMUP=40s USERS=30000 PREFILL=100000 ROUNDS=1
#
# Each server first takes WARMUP of the same load at 200 connections, unmeasured: both are .NET processes whose hot
# code goes through the tiered JIT's instrumented tier (dynamic PGO) for the first half minute or so, and the goal
# is about steady state.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KINDS=${KINDS:-"sqlite postgres"}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-40s}
USERS=${USERS:-30000}
PREFILL=${PREFILL:-100000}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
WORK=$(mktemp -d /tmp/devbot-accept-XXXXXX)
chmod 755 "$WORK"
PIDS=()
PG_BIN=/usr/lib/postgresql/15/bin

cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$WORK/pg/data/postmaster.pid" ]]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building (Release) into $WORK"
dotnet publish "$ROOT/src/DevBot" -c Release -o "$WORK/devbot" -nologo -v quiet >/dev/null
dotnet publish "$ROOT/benchmarks/FloorServer" -c Release -o "$WORK/floor" -nologo -v quiet >/dev/null
dotnet build "$ROOT/benchmarks/DevBot.Benchmarks" -c Release -o "$WORK/bench" -nologo -v quiet >/dev/null
KEYS="$WORK/keys.txt"

start_postgres() {
  mkdir -p "$WORK/pg"
  chown postgres:postgres "$WORK/pg"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-instructions >/dev/null
  PG_PORT=$(free_port)
  # Durable defaults (fsync, synchronous_commit on); only the connection limit is raised for 200 clients.
  printf "\nlisten_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nmax_connections = 600\n" "$PG_PORT" "$WORK/pg" >> "$WORK/pg/data/postgresql.conf"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start >/dev/null
}

psql_run() { psql -X -q -t -A -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }
sqlite_run() { sqlite3 -cmd "PRAGMA foreign_keys=ON;" -cmd ".timeout 10000" "$1" "$2"; }

# sql KIND TARGET STATEMENT: TARGET is a SQLite file or a PostgreSQL database name.
sql() { if [[ $1 == sqlite ]]; then sqlite_run "$2" "$3"; else psql_run "$2" "$3"; fi; }

database_url() { # KIND NAME
  if [[ $1 == sqlite ]]; then echo "Data Source=$WORK/$2.db"; else echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$2;Maximum Pool Size=200"; fi
}
target() { if [[ $1 == sqlite ]]; then echo "$WORK/$2.db"; else echo "$2"; fi; }

wait_ready() { # PORT LOG
  for _ in $(seq 1 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$1/api/v1/projects" 2>/dev/null) == 401 ]] && return 0
    sleep 0.5
  done
  log "server on port $1 did not start:"; tail -n 40 "$2" >&2; return 1
}

start_devbot() { # KIND DB
  DEVBOT_PORT=$(free_port)
  DATABASE_URL=$(database_url "$1" "$2") WORKER_CONCURRENCY=0 LLM_BASE_URL=http://127.0.0.1:9/v1 DEVBOT_DATA_DIR="$WORK/data" \
    Logging__LogLevel__Default=Warning "$WORK/devbot/devbot" serve --urls "http://127.0.0.1:$DEVBOT_PORT" >"$WORK/devbot-$1.log" 2>&1 &
  DEVBOT_PID=$!; PIDS+=("$DEVBOT_PID")
  wait_ready "$DEVBOT_PORT" "$WORK/devbot-$1.log"
}

start_floor() { # KIND DB PREFILL
  FLOOR_PORT=$(free_port)
  FLOOR_DATABASE=$(database_url "$1" "$2") FLOOR_KEYS="$KEYS" FLOOR_PREFILL="$3" \
    "$WORK/floor/FloorServer" --urls "http://127.0.0.1:$FLOOR_PORT" >"$WORK/floor-$1.log" 2>&1 &
  FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
  wait_ready "$FLOOR_PORT" "$WORK/floor-$1.log"
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk_run PORT CONNECTIONS DURATION -> the RESULT line's fields
wrk_run() {
  KEYS_FILE="$KEYS" WRK_THREADS="$THREADS" wrk -t"$THREADS" -c"$2" -d"$3" --timeout 10s -s "$ROOT/benchmarks/accept/accept.lua" \
    "http://127.0.0.1:$1/api/v1/projects" | grep '^RESULT' | sed 's/^RESULT //'
}
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }

echo "| database | queue before | server | connections | accepted/s | p50 ms | p99 ms | max ms | 202s | 429s | other | socket errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"

for kind in $KINDS; do
  [[ $kind == postgres ]] && start_postgres
  for state in empty queued; do
    devbot_db="devbot_${state}"; floor_db="floor_${state}"
    if [[ $kind == postgres ]]; then psql_run postgres "CREATE DATABASE $devbot_db" >/dev/null; psql_run postgres "CREATE DATABASE $floor_db" >/dev/null; fi
    log "$kind/$state: seeding $USERS users$([[ $state == queued ]] && echo " and $PREFILL queued builds")"
    dotnet "$WORK/bench/DevBot.Benchmarks.dll" accept-users --database "$(database_url "$kind" "$devbot_db")" --keys "$KEYS" --users "$USERS" >&2
    prefill=0
    if [[ $state == queued ]]; then
      prefill=$PREFILL
      dotnet "$WORK/bench/DevBot.Benchmarks.dll" accept-prefill --database "$(database_url "$kind" "$devbot_db")" --builds "$PREFILL" >&2
    fi
    start_devbot "$kind" "$devbot_db"
    start_floor "$kind" "$floor_db" "$prefill"
    queued_before=$(sql "$kind" "$(target "$kind" "$devbot_db")" "SELECT COUNT(*) FROM jobs WHERE status = 'queued'")
    log "$kind/$state: $queued_before builds queued in DevBot before the run; warming up"
    declare -A sum=([devbot]=0 [floor]=0)
    for server in floor devbot; do
      port=$([[ $server == devbot ]] && echo "$DEVBOT_PORT" || echo "$FLOOR_PORT")
      r=$(wrk_run "$port" 200 "$WARMUP"); sum[$server]=$(( ${sum[$server]} + $(field "$r" accepted) ))
    done
    for round in $(seq 1 "$ROUNDS"); do
      for connections in 200 10; do
        for server in floor devbot; do
          port=$([[ $server == devbot ]] && echo "$DEVBOT_PORT" || echo "$FLOOR_PORT")
          r=$(wrk_run "$port" "$connections" "$DURATION")
          sum[$server]=$(( ${sum[$server]} + $(field "$r" accepted) ))
          echo "| $kind | $queued_before | $server | $connections | $(field "$r" accepted_per_s) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" max_ms) | $(field "$r" accepted) | $(field "$r" limited) | $(field "$r" other) | $(field "$r" socket_errors) |"
        done
      done
    done
    stop "$DEVBOT_PID"; stop "$FLOOR_PID"
    stored_devbot=$(sql "$kind" "$(target "$kind" "$devbot_db")" "SELECT COUNT(*) FROM projects p JOIN users u ON u.id = p.user_id WHERE u.name LIKE 'bench-%'")
    stored_floor=$(sql "$kind" "$(target "$kind" "$floor_db")" "SELECT COUNT(*) FROM projects WHERE description <> 'prefill'")
    counters=$(sql "$kind" "$(target "$kind" "$devbot_db")" "SELECT (SELECT COALESCE(SUM(jobs), 0) FROM queue_counts) - (SELECT COUNT(*) FROM jobs WHERE status = 'queued')")
    echo "$kind/$state: DevBot answered 202 ${sum[devbot]} times and stored ${stored_devbot} projects; floor ${sum[floor]} and ${stored_floor}; queue counters minus queued jobs = ${counters}" | tee -a "$WORK/checks.txt" >&2
    if [[ $state == queued ]]; then
      log "$kind/$state: probing status reads and claims"
      dotnet "$WORK/bench/DevBot.Benchmarks.dll" accept-probe --database "$(database_url "$kind" "$devbot_db")" >&2
    fi
  done
  if [[ $kind == postgres ]]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null; fi
done
echo
cat "$WORK/checks.txt"
