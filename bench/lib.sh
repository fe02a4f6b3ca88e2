# Helpers of bench/run.sh and bench/check-seed.sh (sourced after scripts/lib.sh).

# port_free PORT: refuses to go on when something else listens there. pg_start would otherwise connect
# to another session's PostgreSQL on that port and seed it.
port_free() {
  if ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; then
    log "port $1 is taken by another process: free it or change the port in $0"; exit 1
  fi
}

# bench_keys: the service runs in the production profile, which refuses the public development keys.
bench_keys() {
  BENCH_SIGNING_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  BENCH_PSEUDONYM_KEY="bench-pseudonyms-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export BENCH_SIGNING_KEY BENCH_PSEUDONYM_KEY
}

# service_start DLL PORT CONNECTION LOG [--Key=value...]: the service in Release, production profile,
# without the bus unless the arguments enable it; sets SERVICE_PID. Its own directory is its content
# root: the default, the working directory, is the repository, whose .data holds the database, and
# watching it for configuration changes costs CPU.
service_start() {
  local dll="$1" port="$2" connection="$3" logfile="$4"; shift 4
  ConnectionStrings__Consent="$connection" RabbitMq__Enabled=false Auth__DevTokens=false Logging__LogLevel__Default=Warning \
    Auth__SigningKey="$BENCH_SIGNING_KEY" Logging__PseudonymKey="$BENCH_PSEUDONYM_KEY" \
    dotnet "$dll" --urls "http://127.0.0.1:$port" --contentRoot "$(dirname "$dll")" "$@" >>"$logfile" 2>&1 9>&- &
  SERVICE_PID=$!
}

# wait_ready URL PID: polls every 50 ms (start-up is timed with it); fails if the process ends first.
wait_ready() {
  for _ in $(seq 1 2400); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { log "process $2 ended before $1 answered"; return 1; }
    sleep 0.05
  done
  log "$1 did not answer"; return 1
}

# stop_pid PID: ends one process we started and waits for it.
stop_pid() {
  [ -n "${1:-}" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# rss_mb PID FIELD: VmRSS (now) or VmHWM (peak) of a process, in MB.
rss_mb() { awk -v k="$2" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

now_s() { date +%s.%N; }
