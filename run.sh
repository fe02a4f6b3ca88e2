#!/usr/bin/env bash
# Runs the service on http://127.0.0.1:5080 with its own PostgreSQL (127.0.0.1:55432) and RabbitMQ
# (127.0.0.1:5672, management on 15672), dev tokens on and demo data seeded, and the patient portal on
# http://127.0.0.1:5090 calling it. Ctrl-C stops it all; the data stays in .data/ for the next run.
source "$(dirname "$0")/scripts/lib.sh"
ensure_prerequisites

stop_all() {
  trap - INT TERM EXIT
  [ -n "${PORTAL_PID:-}" ] && kill "$PORTAL_PID" 2>/dev/null && wait "$PORTAL_PID" 2>/dev/null
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  rabbit_stop run-rabbit 5672
  pg_stop run-pg
  log "stopped"
}
trap stop_all INT TERM EXIT

pg_start run-pg 55432
rabbit_start run-rabbit 5672 15672
source "$ROOT/scripts/broker-users.sh"
create_demo_his_users run-rabbit 5672

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Consent="Host=127.0.0.1;Port=55432;Username=consent;Password=consent;Database=consent"
export RabbitMq__Uri="amqp://consent:consent@127.0.0.1:5672/"
export Auth__DevTokens=true
export Demo__Seed=true

dotnet build "$ROOT/src/ConsentService/ConsentService.csproj" -c Release -nologo -v q
dotnet build "$ROOT/src/Portal/Consent.Portal.csproj" -c Release -nologo -v q
# Its own directory as content root: the repository's .data, where the databases write, is not watched.
dotnet "$ROOT/src/ConsentService/bin/Release/net10.0/Consent.Service.dll" --urls http://127.0.0.1:5080 \
  --contentRoot "$ROOT/src/ConsentService/bin/Release/net10.0" &
SERVICE_PID=$!
# The portal signs in demo patients with the service's dev tokens (local profile only).
Portal__ServiceUrl=http://127.0.0.1:5080 Portal__DevSignIn=true \
  dotnet "$ROOT/src/Portal/bin/Release/net10.0/Consent.Portal.dll" --urls http://127.0.0.1:5090 \
  --contentRoot "$ROOT/src/Portal/bin/Release/net10.0" &
PORTAL_PID=$!
log "service starting on http://127.0.0.1:5080 (docs at /docs)"
log "portal starting on http://127.0.0.1:5090 (sign in as a demo patient); Ctrl-C stops everything"
# Either one stopping stops the other.
wait -n "$SERVICE_PID" "$PORTAL_PID"
