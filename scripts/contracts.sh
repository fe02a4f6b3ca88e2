#!/usr/bin/env bash
# Lints the public contracts as an integrator's tools would: the OpenAPI document with Stoplight Spectral
# (spectral:oas plus src/Contracts/.spectral.yaml, no warning allowed) and the AsyncAPI document with the
# AsyncAPI CLI. The tools are installed from npm into .tools/contracts on first use.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/contracts"
log() { printf '[consent] %s\n' "$*" >&2; }

if ! command -v npm >/dev/null; then
  log "installing npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
# The tools' whole dependency tree is pinned by scripts/contract-tools/package-lock.json: a fresh resolve
# follows the registry's newest releases, which the registry served here does not always hold yet.
PINNED="$ROOT/scripts/contract-tools"
mkdir -p "$TOOLS"
if ! cmp -s "$PINNED/package-lock.json" "$TOOLS/package-lock.json" \
  || [ ! -x "$TOOLS/node_modules/.bin/spectral" ] || [ ! -x "$TOOLS/node_modules/.bin/asyncapi" ]; then
  log "installing Spectral and the AsyncAPI CLI from npm (npm ci, pinned)"
  cp "$PINNED/package.json" "$PINNED/package-lock.json" "$TOOLS/"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { log "npm ci failed"; exit 1; }
fi

log "linting src/Contracts/openapi.json (Spectral)"
"$TOOLS/node_modules/.bin/spectral" lint "$ROOT/src/Contracts/openapi.json" \
  --ruleset "$ROOT/src/Contracts/.spectral.yaml" --fail-severity=warn

log "validating src/Contracts/asyncapi.yaml (AsyncAPI CLI)"
export SUPPRESS_NO_CONFIG_WARNING=1
"$TOOLS/node_modules/.bin/asyncapi" config analytics --disable >/dev/null 2>&1 || true
"$TOOLS/node_modules/.bin/asyncapi" validate "$ROOT/src/Contracts/asyncapi.yaml" --fail-severity=warn
