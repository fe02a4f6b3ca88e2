#!/usr/bin/env bash
# The benchmark harness. Seeds a fresh PostgreSQL with BENCH_PATIENTS (100,000) patients, then measures
# with wrk, in the same run and on the same machine: (a) a plaintext ceiling app and (b)
# POST /v1/access-decisions of the service in Release, asked by a hospital system so every decision is
# written to the access log. Prints decisions/s, p50/p99 latency and the ratio to the ceiling, and
# writes bench/results/latest.{json,md}.
source "$(dirname "$0")/../scripts/lib.sh"
ensure_prerequisites
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

PATIENTS="${BENCH_PATIENTS:-100000}"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-15s}"
THREADS=2
CONNECTIONS=64
OUT="$ROOT/bench/results"
WORK="$ROOT/.data/bench"
CONNECTION="Host=127.0.0.1;Port=55434;Username=consent;Password=consent;Database=consent"

exec 9>/tmp/consent-build.lock
flock 9

PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  pkill -f "$WORK/" 2>/dev/null || true
  pg_stop bench-pg
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "$1 did not answer"; exit 1
}

# wrk_result NAME URL [script args...]: warm up, measure, print the RESULT line.
measure() {
  local url="$1" script="$2"; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" -- "$@" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" -- "$@" | tee -a "$WORK/wrk.log" | grep '^RESULT'
}

field() { sed -n "s/.*$2=\([0-9.]*\).*/\1/p" <<<"$1"; }

pg_stop bench-pg
rm -rf "$ROOT/.data/bench-pg" "$WORK"
mkdir -p "$WORK" "$OUT"
pg_start bench-pg 55434

log "building in Release"
for project in src/ConsentService/ConsentService.csproj bench/Ceiling/Ceiling.csproj bench/Consent.Bench/Consent.Bench.csproj; do
  dotnet build "$ROOT/$project" -c Release -nologo -v q -o "$WORK/$(basename "$project" .csproj)" >/dev/null
done

log "seeding $PATIENTS patients"
dotnet "$WORK/Consent.Bench/Consent.Bench.dll" seed "$CONNECTION" "$PATIENTS" "$WORK/targets.txt"
# The service runs in the production profile, which refuses the public development keys: give it its own.
export BENCH_SIGNING_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
BENCH_PSEUDONYM_KEY="bench-pseudonyms-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TOKEN="$(dotnet "$WORK/Consent.Bench/Consent.Bench.dll" token his 71000139000)"
# Measure a settled database, not the checkpoint and autovacuum that the bulk seed leaves pending.
runuser -u postgres -- psql -h 127.0.0.1 -p 55434 -U postgres -d consent -qc "vacuum analyze" -c "checkpoint"

# Both apps run with their own directory as content root: the default, the working directory, is
# the repository, whose .data holds the database, and watching it for configuration changes costs CPU.
log "measuring the ceiling (plaintext)"
ASPNETCORE_URLS=http://127.0.0.1:5091 dotnet "$WORK/Ceiling/Ceiling.dll" --contentRoot "$WORK/Ceiling" >/dev/null 2>&1 9>&- &
PIDS+=($!)
wait_http http://127.0.0.1:5091/plaintext
CEILING="$(measure http://127.0.0.1:5091/plaintext "$ROOT/bench/plaintext.lua")"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

log "measuring POST /v1/access-decisions"
ConnectionStrings__Consent="$CONNECTION" RabbitMq__Enabled=false Auth__DevTokens=false Logging__LogLevel__Default=Warning \
  Auth__SigningKey="$BENCH_SIGNING_KEY" Logging__PseudonymKey="$BENCH_PSEUDONYM_KEY" \
  dotnet "$WORK/ConsentService/Consent.Service.dll" --urls http://127.0.0.1:5090 --contentRoot "$WORK/ConsentService" >"$WORK/service.log" 2>&1 9>&- &
PIDS+=($!)
wait_http http://127.0.0.1:5090/health/ready
DECISIONS="$(measure http://127.0.0.1:5090/v1/access-decisions "$ROOT/bench/decisions.lua" "$WORK/targets.txt" "$TOKEN")"
LOGGED="$(runuser -u postgres -- psql -h 127.0.0.1 -p 55434 -U postgres -d consent -qtAc 'select count(*) from access_log')"

python3 - "$CEILING" "$DECISIONS" "$LOGGED" "$PATIENTS" "$DURATION" "$OUT" <<'PY'
import json, re, sys, datetime, os
def parse(line):
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
ceiling, decisions = parse(sys.argv[1]), parse(sys.argv[2])
logged, patients, duration, out = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
rate = lambda r: r["requests"] / r["seconds"]
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{os.cpu_count()} cores", "patients": patients, "duration": duration,
    "wrk": "2 threads, 64 connections",
    "ceiling_rps": round(rate(ceiling)), "ceiling_p50_ms": ceiling["p50_ms"], "ceiling_p99_ms": ceiling["p99_ms"],
    "decisions_per_s": round(rate(decisions)), "decisions_p50_ms": decisions["p50_ms"], "decisions_p99_ms": decisions["p99_ms"],
    "decision_errors": int(decisions["errors"]), "access_log_rows": logged,
    "ratio_to_ceiling": round(rate(decisions) / rate(ceiling), 3),
}
json.dump(result, open(f"{out}/latest.json", "w"), indent=2)
md = f"""| measured {result['date']} ({result['machine']}, {patients:,} patients, wrk {result['wrk']}, {duration}) | requests/s | p50 | p99 |
|---|---|---|---|
| ceiling: plaintext minimal API | {result['ceiling_rps']:,} | {ceiling['p50_ms']:.2f} ms | {ceiling['p99_ms']:.2f} ms |
| POST /v1/access-decisions (logged) | {result['decisions_per_s']:,} | {decisions['p50_ms']:.2f} ms | {decisions['p99_ms']:.2f} ms |
| ratio to the ceiling | {result['ratio_to_ceiling']:.1%} | | |

Errors: {result['decision_errors']}; access-log rows written: {logged:,}.
"""
open(f"{out}/latest.md", "w").write(md)
print(md)
PY
