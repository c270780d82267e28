#!/usr/bin/env bash
# Installs the OpenAPI tools the tests use (npm, into the per-user cache, once, by exact version) and prints their
# folder; its node_modules/.bin has `redocly` (the document's lint, tests/DevBot.Tests/OpenApi/OpenApiLintTests) and
# `openapi-typescript` + `tsc`, and node_modules has `openapi-fetch`, with which
# tests/DevBot.Tests/OpenApi/GeneratedClientTests generates a TypeScript client from the served document and builds
# a project through it. scripts/test.sh runs it before the tests; a test run on its own calls it too. Parallel calls
# wait for each other (flock), so the tools are installed once.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/npm-tools.sh
source "$repo_root/scripts/lib/npm-tools.sh"

mkdir -p "$(npm_tools_cache)"
exec 9>"$(npm_tools_cache)/openapi-tools.lock"
flock 9
npm_tools_dir openapi-tools-1 \
    @redocly/cli@2.77.0 openapi-typescript@7.13.0 openapi-fetch@0.17.0 typescript@5.9.3 @types/node@20.19.25
