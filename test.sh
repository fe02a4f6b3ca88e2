#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against a throwaway PostgreSQL (127.0.0.1:55433)
# and RabbitMQ (127.0.0.1:5673, management 15673) of its own, the Helm chart checks and the style check.
# Extra arguments go to `dotnet test` (for example --filter EventStore).
source "$(dirname "$0")/scripts/lib.sh"
ensure_prerequisites

# Two suites (or a suite and a build) at once would share ports, obj folders and 2 cores: wait.
exec 9>/tmp/consent-build.lock
flock 9

cleanup() {
  rabbit_stop test-rabbit 5673
  pg_stop test-pg
  rm -rf "$ROOT/.data/test-pg" "$ROOT/.data/test-rabbit"
}
trap cleanup EXIT
cleanup
pg_start test-pg 55433
rabbit_start test-rabbit 5673 15673
source "$ROOT/scripts/broker-users.sh"
create_demo_his_users test-rabbit 5673

export CONSENT_TEST_PG="Host=127.0.0.1;Port=55433;Username=consent;Password=consent;Database=consent"
export CONSENT_TEST_RABBIT="amqp://consent:consent@127.0.0.1:5673/"
export CONSENT_TEST_RABBIT_MGMT="http://127.0.0.1:15673"
export CONSENT_TEST_SERVICES="$ROOT/scripts/test-services.sh"
# The fault suite (tests/Consent.IntegrationTests/Faults) appends one line of figures per fault here.
export CONSENT_FAULT_FIGURES="$ROOT/.data/fault-figures.txt"
rm -f "$CONSENT_FAULT_FIGURES"
# An in-process service whose shutdown threw after its tests passed writes the exception here (ServiceFactory).
export CONSENT_SHUTDOWN_ERRORS="$ROOT/.data/shutdown-errors.txt"
rm -f "$CONSENT_SHUTDOWN_ERRORS"

status=0
if [ $# -eq 0 ]; then
  # The portal's browser tests share the test PostgreSQL, which some integration tests stop and start
  # (outages): they run after the other suites rather than beside them.
  dotnet test "$ROOT/Consent.sln" -nologo --filter 'FullyQualifiedName!~Consent.PortalTests' || status=$?
  dotnet test "$ROOT/tests/Consent.PortalTests/Consent.PortalTests.csproj" -nologo --no-build || status=$?
else
  dotnet test "$ROOT/Consent.sln" -nologo "$@" || status=$?
fi
if [ -s "$CONSENT_FAULT_FIGURES" ]; then
  log "fault figures (sent, acknowledged, stored, published, logged):"
  cat "$CONSENT_FAULT_FIGURES" >&2
fi
if [ -s "$CONSENT_SHUTDOWN_ERRORS" ]; then
  log "in-process services whose shutdown threw after their tests passed:"
  cat "$CONSENT_SHUTDOWN_ERRORS" >&2
fi
if [ $# -eq 0 ]; then
  bash "$ROOT/deploy/helm/test-chart.sh" || status=$?
  bash "$ROOT/scripts/contracts.sh" || status=$?
  log "replaying the images' build stages (no Docker engine needed)"
  bash "$ROOT/scripts/dockerfiles.sh" || status=$?
  log "checking code style (dotnet format)"
  dotnet format "$ROOT/Consent.sln" --verify-no-changes || { log "dotnet format found style changes"; status=1; }
fi
exit $status
