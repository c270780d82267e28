#!/usr/bin/env bash
# Lints the deployment files without a Docker engine or a Kubernetes cluster (needs node/npm):
#  - Dockerfile (dockerfile-utils, the Dockerfile language server's validator),
#  - compose.yaml against the Compose specification's schema (dclint),
#  - deploy/kubernetes, rendered by kustomize, against the Kubernetes API schemas (kubernetes-models).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=$(mktemp -d /tmp/devbot-lint.XXXXXX)
trap 'rm -rf "$tools"' EXIT

npm install --prefix "$tools" --no-audit --no-fund --silent dclint@3.1.0 kubernetes-models@5.1.0 yaml@2.9.1 dockerfile-utils@0.16.3
cp "$repo_root/scripts/lint/validate-kubernetes.mjs" "$tools/"

"$tools/node_modules/.bin/dockerfile-utils" lint "$repo_root/Dockerfile"
echo "Dockerfile: valid"

# The API port's interface comes from DEVBOT_BIND_ADDRESS (loopback by default), which dclint cannot see.
"$tools/node_modules/.bin/dclint" "$repo_root/compose.yaml" --quiet --disable-rule no-unbound-port-interfaces
echo "compose.yaml: valid"

if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "$repo_root/deploy/kubernetes" >"$tools/rendered.yaml"
else
    # Without kubectl, validate the listed files as they are.
    cat "$repo_root"/deploy/kubernetes/*.yaml | sed 's/^apiVersion:/---\napiVersion:/' >"$tools/rendered.yaml"
fi
node "$tools/validate-kubernetes.mjs" "$tools/rendered.yaml" "$repo_root/deploy/kubernetes/secret.example.yaml"
