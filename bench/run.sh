#!/usr/bin/env bash
# The benchmark harness (issue 15). One command: seeds a fresh PostgreSQL with BENCH_PATIENTS (100,000)
# patients (bulk, through the real decider), builds in Release, then measures on this machine:
#   1-2. BENCH_ROUNDS (3) alternating rounds of [plaintext ceiling, logged decisions asked by a hospital
#        system, unlogged decisions asked by an auditor], wrk 2 threads x 64 connections, each after a
#        warm-up; the ratio to the same round's ceiling, reported as the median with its spread;
#   3.   durable commands over HTTP (consent give/revoke, relation add/end on distinct patients);
#   4.   bus commands applied per second (a publisher on loopback, the service consuming);
#   5.   rebuild-views, events/s;
#   6.   the service's RSS after warm-up and its start-up time to /health/ready (median of starts).
# Writes bench/results/latest.{json,md}, bench/results/latency.svg and bench/results/<N>-patients.json
# (bench/report.py). Nothing here asserts: targets are reported beside the figures.
#   BENCH_PATIENTS BENCH_DURATION (20s) BENCH_WARMUP (15s) BENCH_ROUNDS (3) BENCH_STARTS (3)
#   BENCH_BUS_COMMANDS (10000) BENCH_COMMAND_PATIENTS (5000 per wrk thread and run: each patient goes
#   through the four commands once or twice in the measured 20 s, so its view holds a relation or two, as
#   a patient's does. With 1000, each took about 28 commands and its view grew to 7 relations (4 KB of JSON,
#   rewritten by every append); far fewer, and a patient comes back while its last command is in flight:
#   the service retries the conflict, p99 soars)
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/lib.sh"
source "$ROOT/scripts/broker-users.sh"
ensure_prerequisites
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

PATIENTS="${BENCH_PATIENTS:-100000}"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-15s}"
ROUNDS="${BENCH_ROUNDS:-3}"
STARTS="${BENCH_STARTS:-3}"
BUS_COMMANDS="${BENCH_BUS_COMMANDS:-10000}"
COMMAND_PATIENTS="${BENCH_COMMAND_PATIENTS:-5000}"
THREADS=2
CONNECTIONS=64
PG_PORT=55434 SERVICE_PORT=5090 CEILING_PORT=5091 AMQP_PORT=5677 MGMT_PORT=15677
OUT="$ROOT/bench/results"
WORK="$ROOT/.data/bench"
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=consent;Password=consent;Database=consent"
SERVICE="$WORK/ConsentService/Consent.Service.dll"
BENCH="$WORK/Consent.Bench/Consent.Bench.dll"
FACTS="$WORK/facts.txt"

exec 9>/tmp/consent-build.lock
flock 9

SERVICE_PID="" CEILING_PID=""
cleanup() {
  set +e
  stop_pid "$SERVICE_PID"
  stop_pid "$CEILING_PID"
  rabbit_stop bench-rabbit "$AMQP_PORT"
  pg_stop bench-pg
}
trap cleanup EXIT
cleanup
for port in "$PG_PORT" "$SERVICE_PORT" "$CEILING_PORT" "$AMQP_PORT" "$MGMT_PORT"; do port_free "$port"; done
rm -rf "$ROOT/.data/bench-pg" "$ROOT/.data/bench-rabbit" "$WORK"
mkdir -p "$WORK/wrk" "$OUT"
fact() { echo "$1=$2" >> "$FACTS"; }
psql_bench() { runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d consent -qtAc "$1"; }

pg_start bench-pg "$PG_PORT"

log "building in Release"
# The commit is read when the build reads the sources: an edit made while the harness runs is not what it measured.
fact commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo '+changes')"
# The service as its image publishes it (Dockerfile): for this platform, compiled ahead of time.
dotnet publish "$ROOT/src/ConsentService/ConsentService.csproj" -c Release -a "$(dpkg --print-architecture)" -nologo -v q \
  -o "$WORK/ConsentService" /p:UseAppHost=false >/dev/null
for project in bench/Ceiling/Ceiling.csproj bench/Consent.Bench/Consent.Bench.csproj; do
  dotnet build "$ROOT/$project" -c Release -nologo -v q -o "$WORK/$(basename "$project" .csproj)" >/dev/null
done

log "seeding $PATIENTS patients (bulk)"
SEED_START=$(now_s)
dotnet "$BENCH" bulk-seed "$CONNECTION" "$PATIENTS" "$WORK/targets.txt"
fact seed_s "$(python3 -c "print(round($(now_s) - $SEED_START, 1))")"
fact patients "$PATIENTS"
fact seeded_events "$(psql_bench 'select count(*) from events')"
bench_keys
HIS_TOKEN="$(dotnet "$BENCH" token his 71000139000)"
AUDITOR_TOKEN="$(dotnet "$BENCH" token auditor)"
# Measure a settled database, not the checkpoint and autovacuum that the bulk seed leaves pending.
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d consent -qc "vacuum analyze" -c "checkpoint"

# measure NAME URL SCRIPT [script args...]: warm up, then measure with --latency into wrk/NAME.txt.
measure() {
  local name="$1" url="$2" script="$3"; shift 3
  log "  $name"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" -- "$@" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" -- "$@" > "$WORK/wrk/$name.txt"
  grep '^RESULT' "$WORK/wrk/$name.txt" >&2
}

log "start-up to /health/ready, $STARTS starts"
for start in $(seq 1 "$STARTS"); do
  BEGIN=$(now_s)
  LOG_LINES_BEFORE=$(wc -l 2>/dev/null < "$WORK/service.log" || echo 0)
  service_start "$SERVICE" "$SERVICE_PORT" "$CONNECTION" "$WORK/service.log" \
    --Logging:LogLevel:Consent.Service.Caching.PatientCacheWarmer=Information
  wait_ready "http://127.0.0.1:$SERVICE_PORT/health/ready" "$SERVICE_PID" || { log "see $WORK/service.log"; exit 1; }
  fact startup_s "$(python3 -c "print(round($(now_s) - $BEGIN, 2))")"
  # The last start stays up for the measurements.
  [ "$start" = "$STARTS" ] || { stop_pid "$SERVICE_PID"; SERVICE_PID=""; }
done

# The service warms its cache in the background once ready (about 20 s at a million patients, on both cores): the
# rounds start when it is done, or round 1's ceiling and decisions would share the machine with it.
log "waiting for the service's cache warm-up"
warmed() { awk -v from="$LOG_LINES_BEFORE" 'NR > from && /Patient cache warm/ { print; exit }' "$WORK/service.log"; }
for _ in $(seq 1 2400); do
  [ -n "$(warmed)" ] && break
  sleep 0.25
done
if [ -n "$(warmed)" ]; then warmed | grep -o 'Patient cache warm[^"]*' >&2; else log "the warm-up did not report within 10 minutes"; fi

ASPNETCORE_URLS="http://127.0.0.1:$CEILING_PORT" dotnet "$WORK/Ceiling/Ceiling.dll" --contentRoot "$WORK/Ceiling" >/dev/null 2>&1 9>&- &
CEILING_PID=$!
wait_ready "http://127.0.0.1:$CEILING_PORT/plaintext" "$CEILING_PID"

# The ceiling and the service both stay up, idle while the other is measured: each round is the
# same three measurements in the same order, so a noisy spell shows as a round apart, not a bias.
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  measure "round$round-ceiling" "http://127.0.0.1:$CEILING_PORT/plaintext" "$ROOT/bench/plaintext.lua"
  measure "round$round-logged" "http://127.0.0.1:$SERVICE_PORT/v1/access-decisions" "$ROOT/bench/decisions.lua" "$WORK/targets.txt" "$HIS_TOKEN" 3 "$THREADS"
  [ "$round" = 1 ] && fact rss_after_warmup_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
  measure "round$round-auditor" "http://127.0.0.1:$SERVICE_PORT/v1/access-decisions" "$ROOT/bench/decisions.lua" "$WORK/targets.txt" "$AUDITOR_TOKEN" 2 "$THREADS"
done
stop_pid "$CEILING_PID"; CEILING_PID=""
fact access_log_rows "$(psql_bench 'select count(*) from access_log')"

log "durable commands over HTTP"
# The decision rounds leave autovacuum working through the access log they wrote (over a million rows at
# 100,000 patients). As after the seed, the commands are measured on a settled database: first the workers
# that are at it finish (at most two minutes), then whatever autovacuum still starts is counted beside them.
autovacuum_workers() { psql_bench "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'"; }
# settle FACT: waits (at most two minutes) for the autovacuum workers at work to finish; FACT is how long it took.
settle() {
  local start
  start=$(now_s)
  for _ in $(seq 1 240); do [ "$(autovacuum_workers)" = 0 ] && break; sleep 0.5; done
  fact "$1" "$(python3 -c "print(round($(now_s) - $start, 1))")"
}
autovacuum_runs() { psql_bench "select coalesce(sum(autovacuum_count + autoanalyze_count), 0) from pg_stat_user_tables"; }
settle command_settle_s
# New patients (indices far beyond the seeded ones), a slice per wrk thread for the warm-up and another for the measurement.
dotnet "$BENCH" patients 20000000 $((2 * THREADS * COMMAND_PATIENTS)) > "$WORK/command-patients.txt"
fact command_patients "$((THREADS * COMMAND_PATIENTS))"
EVENTS_BEFORE=$(psql_bench 'select count(*) from events')
RUN_TAG="bench-$(date +%s)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/commands.lua" "http://127.0.0.1:$SERVICE_PORT" -- \
  "$HIS_TOKEN" "$WORK/command-patients.txt" 0 "$RUN_TAG" "$THREADS" > "$WORK/wrk/commands-warmup.txt"
# What else happened while the commands were measured: the service's garbage collections (its /metrics)
# and PostgreSQL's checkpoints, the two usual suspects of a stall, and the WAL the commands wrote (bytes and
# full-page images), which moves with the time since the last checkpoint.
gc_and_checkpoints() {
  curl -fs "http://127.0.0.1:$SERVICE_PORT/metrics" | awk '
    /^dotnet_gc_pause_time_seconds_total/ { pause = $NF }
    /^dotnet_gc_collections_total/ { all += $NF; if ($0 ~ /gen2/) gen2 = $NF }
    END { printf "%s %d %d ", pause, all, gen2 }'
  echo "$(psql_bench 'select checkpoints_timed + checkpoints_req from pg_stat_bgwriter') $(autovacuum_runs) $(psql_bench 'select wal_fpi, wal_bytes from pg_stat_wal' | tr '|' ' ')"
}
# Pages first written after a checkpoint's start go to the WAL whole (full-page images): how long ago the last one
# started tells how many of the commands' pages may still be written that way.
fact command_checkpoint_age_s "$(psql_bench 'select round(extract(epoch from now() - checkpoint_time))::int from pg_control_checkpoint()')"
read -r GC_PAUSE_BEFORE GC_ALL_BEFORE GC_GEN2_BEFORE CHECKPOINTS_BEFORE AUTOVACUUMS_BEFORE FPI_BEFORE WAL_BEFORE <<< "$(gc_and_checkpoints)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/commands.lua" "http://127.0.0.1:$SERVICE_PORT" -- \
  "$HIS_TOKEN" "$WORK/command-patients.txt" 1 "$RUN_TAG" "$THREADS" > "$WORK/wrk/commands.txt"
read -r GC_PAUSE_AFTER GC_ALL_AFTER GC_GEN2_AFTER CHECKPOINTS_AFTER AUTOVACUUMS_AFTER FPI_AFTER WAL_AFTER <<< "$(gc_and_checkpoints)"
grep '^RESULT' "$WORK/wrk/commands.txt" >&2
fact command_gc_pause_s "$(python3 -c "print(round($GC_PAUSE_AFTER - $GC_PAUSE_BEFORE, 3))")"
fact command_gc_collections "$((GC_ALL_AFTER - GC_ALL_BEFORE))"
fact command_gc_gen2 "$((GC_GEN2_AFTER - GC_GEN2_BEFORE))"
fact command_checkpoints "$((CHECKPOINTS_AFTER - CHECKPOINTS_BEFORE))"
fact command_autovacuums "$((AUTOVACUUMS_AFTER - AUTOVACUUMS_BEFORE))"
fact command_wal_fpi "$((FPI_AFTER - FPI_BEFORE))"
fact command_wal_bytes "$((WAL_AFTER - WAL_BEFORE))"
fact command_events "$(( $(psql_bench 'select count(*) from events') - EVENTS_BEFORE ))"
fact rss_end_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
fact rss_peak_mb "$(rss_mb "$SERVICE_PID" VmHWM)"
stop_pid "$SERVICE_PID"; SERVICE_PID=""

log "bus commands: the service consuming from a RabbitMQ on loopback"
rabbit_start bench-rabbit "$AMQP_PORT" "$MGMT_PORT"
create_demo_his_users bench-rabbit "$AMQP_PORT"
# The relay starts where the store ends, as a relay that kept up would: the seeded history is not
# what this part measures, and publishing it would compete with the commands.
psql_bench "insert into subscriptions (name, last_tx, last_position)
  select 'bus-relay', tx_id, position from events order by tx_id desc, position desc limit 1
  on conflict (name) do update set last_tx = excluded.last_tx, last_position = excluded.last_position" >/dev/null
service_start "$SERVICE" "$SERVICE_PORT" "$CONNECTION" "$WORK/service-bus.log" \
  --RabbitMq:Enabled=true --RabbitMq:Uri="amqp://consent:consent@127.0.0.1:$AMQP_PORT/" \
  --RabbitMq:Users:his-az-delta:Institution=71000139000 \
  --RabbitMq:Users:his-az-delta:Commands:0=GiveConsent --RabbitMq:Users:his-az-delta:Commands:1=RevokeConsent \
  --RabbitMq:Users:his-az-delta:Commands:2=AddTherapeuticRelation --RabbitMq:Users:his-az-delta:Commands:3=EndTherapeuticRelation
wait_ready "http://127.0.0.1:$SERVICE_PORT/health/ready" "$SERVICE_PID" || { log "see $WORK/service-bus.log"; exit 1; }
dotnet "$BENCH" wait-consumer "amqp://consent:consent@127.0.0.1:$AMQP_PORT/" consent.commands
BUS="$(dotnet "$BENCH" bus "amqp://his-az-delta:his-az-delta@127.0.0.1:$AMQP_PORT/" his-az-delta "$CONNECTION" "$BUS_COMMANDS")" ||
  log "not every bus command was applied: $BUS"
echo "$BUS" | tee "$WORK/bus.txt" >&2
stop_pid "$SERVICE_PID"; SERVICE_PID=""
rabbit_stop bench-rabbit "$AMQP_PORT"

log "rebuild-views on the stopped service's database"
fact rebuild_events "$(psql_bench 'select count(*) from events')"
# The commands and the bus leave autovacuum at the tables they wrote, as the decision rounds did before the
# commands: the rebuild too starts on a settled database, and what autovacuum still runs meanwhile is counted.
settle rebuild_settle_s
AUTOVACUUMS_BEFORE=$(autovacuum_runs)
BEGIN=$(now_s)
ConnectionStrings__Consent="$CONNECTION" dotnet "$SERVICE" rebuild-views 2>"$WORK/rebuild.err" | grep -v '^Replaying' | tee "$WORK/rebuild.txt" >&2 ||
  log "rebuild-views repaired views or failed (see above)"
fact rebuild_s "$(python3 -c "print(round($(now_s) - $BEGIN, 2))")"
fact rebuild_autovacuums "$(( $(autovacuum_runs) - AUTOVACUUMS_BEFORE ))"

fact duration "$DURATION"
fact warmup "$WARMUP"
fact rounds "$ROUNDS"
fact wrk "$THREADS threads, $CONNECTIONS connections"
fact bus_commands "$BUS_COMMANDS"
python3 "$ROOT/bench/report.py" "$WORK" "$OUT"
