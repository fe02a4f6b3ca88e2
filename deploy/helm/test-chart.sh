#!/usr/bin/env bash
# Lints and renders the consent-service chart and asserts what an operator relies on.
# Usage: bash deploy/helm/test-chart.sh   (from any directory)
# Ends with "N passed, M failed"; exits non-zero when anything failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chart="$here/consent-service"
prod="$chart/values-production.yaml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

helm="$(command -v helm || true)"
if [[ -z "$helm" ]]; then
  helm="$here/../../.tools/bin/helm"
  [[ -x "$helm" ]] || helm="$(bash "$here/install-helm.sh" | tail -n 1)" || { echo "cannot install helm"; exit 1; }
fi

# The assertions parse YAML; Debian's python3-yaml is the fallback when the
# python3 on PATH has no PyYAML.
py=python3
if ! python3 -c 'import yaml' 2>/dev/null; then
  py=/usr/bin/python3
  if ! "$py" -c 'import yaml' 2>/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null; }
  fi
fi

passed=0 failed=0
check() {  # check NAME CMD...: passes when CMD succeeds
  local name="$1"; shift
  if "$@" >"$work/out" 2>&1; then passed=$((passed + 1)); echo "PASS $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$work/out" | tail -n 15; fi
}
refuses() {  # refuses NAME REASON HELM-ARGS...: passes when helm template fails, saying REASON
  local name="$1" reason="$2"; shift 2
  if "$helm" template t "$chart" "$@" >"$work/out" 2>&1; then
    failed=$((failed + 1)); echo "FAIL $name (rendered, should have been refused)"
  elif ! grep -q -- "$reason" "$work/out"; then
    failed=$((failed + 1)); echo "FAIL $name (refused, but not for '$reason')"; sed 's/^/    /' "$work/out" | tail -n 5
  else passed=$((passed + 1)); echo "PASS $name"; fi
}

check "lint --strict (default values)" "$helm" lint --strict "$chart"
check "lint --strict (production values)" "$helm" lint --strict "$chart" -f "$prod"
check "template (default values)" sh -c '"$1" template t "$2" > "$3"' _ "$helm" "$chart" "$work/default.yaml"
check "template (production values)" sh -c '"$1" template t "$2" -f "$3" > "$4"' _ "$helm" "$chart" "$prod" "$work/prod.yaml"
check "template (ServiceMonitor on)" sh -c '"$1" template t "$2" --set metrics.serviceMonitor.enabled=true | grep -q "kind: ServiceMonitor"' _ "$helm" "$chart"
check "template (no ServiceMonitor by default)" sh -c '! "$1" template t "$2" | grep -q "kind: ServiceMonitor"' _ "$helm" "$chart"
check "template (portal.enabled=false)" sh -c '"$1" template t "$2" --set portal.enabled=false > "$3"' _ "$helm" "$chart" "$work/no-portal.yaml"
check "template (signing key instead of authority)" sh -c '"$1" template t "$2" --set config.auth.authority= --set secrets.authSigningKey.existingSecret=consent-jwt > "$3"' _ "$helm" "$chart" "$work/signing.yaml"

schema="don't meet the specifications of the schema"
refuses "schema rejects replicaCount=-1" "$schema" --set replicaCount=-1
refuses "schema rejects a string replicaCount" "$schema" --set replicaCount=three
refuses "schema rejects an unknown value" "$schema" --set replicaCont=3
refuses "schema rejects a non-ClusterIP service" "$schema" --set service.type=LoadBalancer
refuses "schema rejects a malformed secret name" "$schema" --set secrets.database.existingSecret=Bad_Name
refuses "schema rejects extraEnv overriding Auth__DevTokens" "$schema" --set-string extraEnv.Auth__DevTokens=true
refuses "schema rejects extraEnv carrying the connection string" "$schema" --set-string extraEnv.ConnectionStrings__Consent=Host=db
refuses "refuses neither authority nor signing key" "development key" --set config.auth.authority=
refuses "schema rejects the metrics port on the API port" "$schema" --set metrics.port=8080
refuses "schema requires the pseudonym key secret" "$schema" --set secrets.pseudonymKey=null
refuses "schema rejects extraEnv carrying the pseudonym key" "$schema" --set-string extraEnv.Logging__PseudonymKey=abc
refuses "schema rejects an unknown portal value" "$schema" --set portal.replicas=2
refuses "schema rejects a plain-http portal authority" "$schema" --set portal.oidc.authority=http://idp.example.org
refuses "refuses a portal without an OIDC authority" "nobody can sign in" --set portal.oidc.authority= --set config.auth.authority= --set secrets.authSigningKey.existingSecret=k

while read -r line; do
  case "$line" in
    PASS*) passed=$((passed + 1)); echo "$line" ;;
    FAIL*) failed=$((failed + 1)); echo "$line" ;;
    *) echo "    $line" ;;
  esac
done < <("$py" "$here/assert_rendered.py" "$work/default.yaml" "$work/prod.yaml" "$work/signing.yaml" "$work/no-portal.yaml" 2>&1 || echo "FAIL assertion script crashed")

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
