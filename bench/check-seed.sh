#!/usr/bin/env bash
# Checks the bulk seeder against the service's own append path, at a small scale (default 2,000
# patients): seeds the same population both ways into two databases, then requires
#   - `dotnet Consent.Service.dll verify` to pass on both (hash chains, stream heads);
#   - `rebuild-views` to find every inline view equal to its replay on both;
#   - the same event types, in the same order, in every stream of both;
#   - the service to answer the same decisions (decision and reasons, asked by an auditor) for every
#     seeded (patient, provider) and (patient, hospital staff) pair and for AZ Delta, on both.
# Exit 0 when all hold. Not part of ./test.sh (bench/ never is): run it after changing the seeder, or
# the store's schema, hash or inline view.
#   bench/check-seed.sh [patients]
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/lib.sh"
ensure_prerequisites

PATIENTS="${1:-2000}"
PG_PORT=55482 BULK_PORT=5194 APPEND_PORT=5195
WORK="$ROOT/.data/bench-check"
base="Host=127.0.0.1;Port=$PG_PORT;Username=consent;Password=consent"
BULK="$base;Database=consent" APPEND="$base;Database=consent_append"

exec 9>/tmp/consent-build.lock
flock 9

BULK_PID="" APPEND_PID=""
cleanup() {
  set +e
  stop_pid "$BULK_PID"
  stop_pid "$APPEND_PID"
  pg_stop bench-check-pg
}
trap cleanup EXIT
cleanup
for port in "$PG_PORT" "$BULK_PORT" "$APPEND_PORT"; do port_free "$port"; done
rm -rf "$ROOT/.data/bench-check-pg" "$WORK"
mkdir -p "$WORK"
pg_start bench-check-pg "$PG_PORT"
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database consent_append owner consent"

log "building in Release"
dotnet build "$ROOT/src/ConsentService/ConsentService.csproj" -c Release -nologo -v q -o "$WORK/service" >/dev/null
dotnet build "$ROOT/bench/Consent.Bench/Consent.Bench.csproj" -c Release -nologo -v q -o "$WORK/bench" >/dev/null

log "seeding $PATIENTS patients both ways"
dotnet "$WORK/bench/Consent.Bench.dll" bulk-seed "$BULK" "$PATIENTS" "$WORK/targets.txt" | tail -1
dotnet "$WORK/bench/Consent.Bench.dll" seed "$APPEND" "$PATIENTS" "$WORK/targets-append.txt" | tail -1
cmp -s "$WORK/targets.txt" "$WORK/targets-append.txt" || { log "the two seeders chose different targets"; exit 1; }

FAILED=0
for database in consent consent_append; do
  connection="$base;Database=$database"
  log "verify and rebuild-views on $database"
  ConnectionStrings__Consent="$connection" dotnet "$WORK/service/Consent.Service.dll" verify 2>&1 | grep -E "^(streams|access log):" || true
  ConnectionStrings__Consent="$connection" dotnet "$WORK/service/Consent.Service.dll" verify >/dev/null 2>&1 || { log "verify FAILED on $database"; FAILED=1; }
  ConnectionStrings__Consent="$connection" dotnet "$WORK/service/Consent.Service.dll" rebuild-views 2>/dev/null | grep -E "^views|REPAIRED" | head -5
  ConnectionStrings__Consent="$connection" dotnet "$WORK/service/Consent.Service.dll" rebuild-views >/dev/null 2>&1 || { log "rebuild-views repaired views on $database"; FAILED=1; }
  runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$database" -qtAc \
    "select stream_id || ' ' || string_agg(type, ',' order by version) from events group by stream_id order by stream_id" > "$WORK/types-$database.txt"
done
cmp -s "$WORK/types-consent.txt" "$WORK/types-consent_append.txt" || { log "event types differ between the two seeds"; FAILED=1; }

log "asking both services the same decisions"
bench_keys
TOKEN="$(dotnet "$WORK/bench/Consent.Bench.dll" token auditor)"
service_start "$WORK/service/Consent.Service.dll" "$BULK_PORT" "$BULK" "$WORK/service-bulk.log"; BULK_PID=$SERVICE_PID
service_start "$WORK/service/Consent.Service.dll" "$APPEND_PORT" "$APPEND" "$WORK/service-append.log"; APPEND_PID=$SERVICE_PID
wait_ready "http://127.0.0.1:$BULK_PORT/health/ready" "$BULK_PID"
wait_ready "http://127.0.0.1:$APPEND_PORT/health/ready" "$APPEND_PID"
python3 - "$WORK/targets.txt" "$TOKEN" "$BULK_PORT" "$APPEND_PORT" <<'PY' || FAILED=1
import json, sys, urllib.request
targets, token, ports = sys.argv[1], sys.argv[2], sys.argv[3:]
def decide(port, patient, provider):
    body = json.dumps({"patient": patient, "provider": provider, "documentType": "sumehr"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/access-decisions", body,
                                     {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as answer:
        decision = json.load(answer)
    return decision.get("decision"), sorted(decision.get("reasons", []))
asked = differ = 0
kinds = {}
for line in open(targets):
    patient, provider, staff = line.strip().split(",")
    for who in (provider, staff, "71000139000"):
        answers = [decide(port, patient, who) for port in ports]
        asked += 1
        kinds[answers[0][0]] = kinds.get(answers[0][0], 0) + 1
        if answers[0] != answers[1]:
            differ += 1
            if differ <= 5:
                print(f"  differ: {patient} {who}: bulk {answers[0]}, append {answers[1]}")
print(f"decisions asked: {asked}, answered differently: {differ}, answers: {kinds}")
sys.exit(1 if differ else 0)
PY
[ "$FAILED" = 0 ] && log "the bulk seed matches the append seed" || log "the bulk seed does NOT match the append seed"
exit "$FAILED"
