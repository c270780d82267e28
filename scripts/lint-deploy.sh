#!/usr/bin/env bash
# Lints every deployment file without a Docker engine, a cluster or a cloud account (needs node/npm; kubectl or
# kustomize renders the overlays, without them each manifest is validated alone); exits non-zero on the first kind
# of file that fails:
#  - Dockerfile (dockerfile-utils, the Dockerfile language server's validator),
#  - compose.yaml and the compose.s3.yaml override against the Compose specification's schema (dclint),
#  - deploy/kubernetes: the default kustomization and every overlay, rendered by kustomize (kubectl kustomize),
#    against the Kubernetes API schemas (kubernetes-models), plus the Secret templates,
#  - fly.toml (parsed as TOML) and deploy/cloud-run/*.yaml (parsed as YAML) against the schemas in
#    scripts/lint/schemas, and every DevBot variable they set must be documented in .env.example.
# The test suite runs this script (tests/DevBot.Tests/Deployment/DeploymentLintTests.cs), so `bash scripts/test.sh`
# fails on a lint error. `--install-only` installs the linters (npm, into a per-user cache, once) and exits.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/npm-tools.sh
source "$repo_root/scripts/lib/npm-tools.sh"

tools=$(npm_tools_dir lint-deploy-1 \
    dclint@3.1.0 kubernetes-models@5.1.0 yaml@2.9.1 dockerfile-utils@0.16.3 smol-toml@1.9.1 ajv@8.20.0)
if [ "${1:-}" = --install-only ]; then
    exit 0
fi

work=$(mktemp -d /tmp/devbot-lint.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$repo_root/scripts/lint/." "$work/"
ln -s "$tools/node_modules" "$work/node_modules"
bin="$tools/node_modules/.bin"

"$bin/dockerfile-utils" lint "$repo_root/Dockerfile"
echo "Dockerfile: valid"

# The API port's interface comes from DEVBOT_BIND_ADDRESS (loopback by default), which dclint cannot see.
for compose in compose.yaml compose.s3.yaml; do
    "$bin/dclint" "$repo_root/$compose" --quiet --disable-rule no-unbound-port-interfaces
    echo "$compose: valid"
done

kustomize=()
if command -v kubectl >/dev/null 2>&1; then
    kustomize=(kubectl kustomize)
elif command -v kustomize >/dev/null 2>&1; then
    kustomize=(kustomize build)
fi
rendered=()
if [ ${#kustomize[@]} -gt 0 ]; then
    for kustomization in "$repo_root/deploy/kubernetes" "$repo_root"/deploy/kubernetes/overlays/*/; do
        name=$(basename "$kustomization")
        "${kustomize[@]}" "$kustomization" >"$work/k8s-$name.yaml"
        rendered+=("$work/k8s-$name.yaml")
    done
else
    # Without kustomize the overlays cannot be rendered: every manifest is still checked on its own, so a wrong
    # field fails the run either way (only the overlays' patches go unchecked, and this says so).
    echo "warning: kubectl/kustomize not found: manifests are validated one by one, overlays are not rendered" >&2
    while IFS= read -r -d '' manifest; do
        case "$(basename "$manifest")" in
            kustomization.yaml|secret.example.yaml) continue ;;
        esac
        grep -q '^kind: Component' "$manifest" && continue
        grep -q '^apiVersion:' "$manifest" || continue
        # A patch is a fragment, valid only once applied: it is named as "path:" in its folder's kustomization.
        grep -qE "path: *\.?/?$(basename "$manifest")\b" "$(dirname "$manifest")/kustomization.yaml" 2>/dev/null && continue
        rendered+=("$manifest")
    done < <(find "$repo_root/deploy/kubernetes" -name '*.yaml' -print0 | sort -z)
fi
node "$work/validate-kubernetes.mjs" "${rendered[@]}" "$repo_root/deploy/kubernetes/secret.example.yaml"

node "$work/validate-config.mjs" "$repo_root/.env.example" \
    fly.schema.json "$repo_root/fly.toml" \
    cloud-run-service.schema.json "$repo_root/deploy/cloud-run/service.yaml" \
    cloud-run-job.schema.json "$repo_root/deploy/cloud-run/migrate-job.yaml"
echo "deployment files: all valid"
