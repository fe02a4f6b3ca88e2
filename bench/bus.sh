#!/usr/bin/env bash
# The bus bench: starts the service as ./run.sh does (Release, Development profile, demo directory) on
# a fresh PostgreSQL and RabbitMQ of its own, measures its start-up (to /health/ready and to a consumer
# on consent.commands) and its memory, then publishes N (default 5000) GiveConsent commands for new
# patients as his-az-delta with publisher confirms and counts the commands applied per second in the
# event store. --source DIR builds the service from another checkout (for instance main, unpacked with
# `git archive`), so that two versions are measured with the same harness in the same session.
#   bench/bus.sh [--source DIR] [N]
source "$(dirname "$0")/../scripts/lib.sh"
ensure_prerequisites

SOURCE="$ROOT"
if [ "${1:-}" = "--source" ]; then SOURCE="$(cd "$2" && pwd)"; shift 2; fi
COMMANDS="${1:-5000}"
WORK="$ROOT/.data/bench-bus"
PG_PORT=55436 AMQP_PORT=5675 MGMT_PORT=15675 HTTP_PORT=5093
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=consent;Password=consent;Database=consent"

# Builds and the measurement share 2 cores with everything else: hold the build lock throughout.
exec 9>/tmp/consent-build.lock
flock 9

SERVICE_PID=""
cleanup() {
  set +e
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  rabbit_stop bench-bus-rabbit "$AMQP_PORT"
  pg_stop bench-bus-pg
}
trap cleanup EXIT
cleanup
rm -rf "$ROOT/.data/bench-bus-pg" "$ROOT/.data/bench-bus-rabbit" "$WORK"
mkdir -p "$WORK"

log "building the service from $SOURCE and the bench tool in Release"
dotnet build "$SOURCE/src/ConsentService/ConsentService.csproj" -c Release -nologo -v q -o "$WORK/service" >/dev/null
dotnet build "$ROOT/bench/Consent.Bench/Consent.Bench.csproj" -c Release -nologo -v q -o "$WORK/bench" >/dev/null

pg_start bench-bus-pg "$PG_PORT"
rabbit_start bench-bus-rabbit "$AMQP_PORT" "$MGMT_PORT"
source "$ROOT/scripts/broker-users.sh"
create_demo_his_users bench-bus-rabbit "$AMQP_PORT"

rss_mb() { awk -v k="$2" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

log "starting the service"
START=$(date +%s.%N)
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Consent="$CONNECTION" \
  RabbitMq__Uri="amqp://consent:consent@127.0.0.1:$AMQP_PORT/" Auth__DevTokens=true Demo__Seed=true \
  dotnet "$WORK/service/Consent.Service.dll" --urls "http://127.0.0.1:$HTTP_PORT" --contentRoot "$WORK/service" >"$WORK/service.log" 2>&1 9>&- &
SERVICE_PID=$!
# The end of start-up as a sender sees it: a consumer on consent.commands (asked of the broker directly;
# the management API's counts lag by seconds).
( dotnet "$WORK/bench/Consent.Bench.dll" wait-consumer "amqp://consent:consent@127.0.0.1:$AMQP_PORT/" consent.commands 9>&- &&
  date +%s.%N > "$WORK/consuming" ) &
WAITER=$!
READY=""
for _ in $(seq 1 1200); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && { READY=$(date +%s.%N); break; }
  kill -0 "$SERVICE_PID" 2>/dev/null || { log "the service stopped; see $WORK/service.log"; exit 1; }
  sleep 0.05
done
wait "$WAITER" || true
CONSUMING=$(cat "$WORK/consuming" 2>/dev/null || true)
[ -n "$READY" ] && [ -n "$CONSUMING" ] || { log "the service did not become ready and consuming; see $WORK/service.log"; exit 1; }
sleep 2
IDLE_RSS=$(rss_mb "$SERVICE_PID" VmRSS)

log "publishing $COMMANDS commands as his-az-delta"
RESULT=$(dotnet "$WORK/bench/Consent.Bench.dll" bus "amqp://his-az-delta:his-az-delta@127.0.0.1:$AMQP_PORT/" his-az-delta "$CONNECTION" "$COMMANDS") ||
  { log "not every command was applied: $RESULT"; exit 1; }
PEAK_RSS=$(rss_mb "$SERVICE_PID" VmHWM)
DEAD=$(curl -fs -u consent:consent "http://127.0.0.1:$MGMT_PORT/api/queues/%2F/consent.commands.dead" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("messages", 0))')

python3 - "$START" "$READY" "$CONSUMING" <<PY
import sys
start, ready, consuming = map(float, sys.argv[1:])
print(f"RESULT source=$SOURCE commit=$(git -C "$SOURCE" rev-parse --short HEAD 2>/dev/null || cat "$SOURCE/.commit" 2>/dev/null || echo '?') "
      f"ready_s={ready - start:.2f} consuming_s={consuming - start:.2f} idle_rss_mb=$IDLE_RSS peak_rss_mb=$PEAK_RSS dead_letters=$DEAD")
PY
echo "$RESULT"
