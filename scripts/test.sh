#!/usr/bin/env bash
# The project's test command. On a Debian machine it first installs what the tests need (only what is missing:
# PostgreSQL 15, pgvector built from Debian's own source package, bubblewrap, and python3 + nodejs, which the
# sandbox tests run real generated projects with; then, from npm into a per-user cache, the S3-compatible test
# server s3rver, the deployment linters and the OpenAPI tools: redocly's lint and a TypeScript client generator),
# then builds the solution with warnings as errors and runs every test (the deployment lint is one of them:
# Deployment/DeploymentLintTests, and so is the OpenAPI lint: OpenApi/OpenApiLintTests). The last line printed is "N passed, N failed[, N skipped]"; the exit
# code is non-zero when the build broke or any test failed.
#
# Environment: TEST_RESULTS_DIR (default artifacts/test-results) receives the TRX files; SKIP_SETUP=1 skips the
# machine preparation; anything after the script name is passed to `dotnet test` (e.g. --filter ...).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# shellcheck source=lib/npm-tools.sh
source "$repo_root/scripts/lib/npm-tools.sh"

readonly pg_major=15
readonly pg_bin=/usr/lib/postgresql/$pg_major/bin
results_dir=${TEST_RESULTS_DIR:-$repo_root/artifacts/test-results}

log() { printf '==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        fail "installing needs root (or sudo): $*"
    fi
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# Several jobs may share a machine: wait for apt's locks instead of failing on them.
readonly apt_options=(-q -o DPkg::Lock::Timeout=600)
apt_lists_fresh=false

# Mirrors and locks have bad moments; a few patient retries beat a red build.
retry() {
    local attempt
    for attempt in 1 2 3 4 5; do
        "$@" && return 0
        log "failed (attempt $attempt of 5): $*" >&2
        sleep 10
    done
    fail "gave up after 5 attempts: $*"
}

apt_install() {
    local missing=() package
    for package in "$@"; do
        is_installed "$package" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    log "installing ${missing[*]}"
    if [ "$apt_lists_fresh" = false ]; then
        retry as_root apt-get "${apt_options[@]}" update >/dev/null
        apt_lists_fresh=true
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing[@]}"
}

# The machine's own Debian mirror, read at run time so no host name is ever written into the repository.
debian_mirror() {
    local uri=""
    if [ -r /etc/apt/sources.list.d/debian.sources ]; then
        uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
            /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && !/security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; exit } }' \
            /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || fail "cannot find this machine's Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
    printf '%s\n' "$uri"
}

pgvector_installed() {
    [ -f "$("$pg_bin/pg_config" --sharedir)/extension/vector.control" ] \
        && [ -f "$("$pg_bin/pg_config" --pkglibdir)/vector.so" ]
}

# Bookworm has no pgvector package; trixie's source package builds cleanly against PostgreSQL 15. The trixie
# source list lives in a private apt state folder so the machine's own apt configuration is never changed.
install_pgvector() {
    pgvector_installed && return 0
    apt_install build-essential dpkg-dev
    log "building pgvector from Debian trixie's source package"

    local work
    work=$(mktemp -d /tmp/devbot-pgvector.XXXXXX)
    mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sourceparts" "$work/src"
    printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$(debian_mirror)" \
        >"$work/sources.list"
    local private_apt=(
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::Etc::SourceList=$work/sources.list"
        -o "Dir::Etc::SourceParts=$work/sourceparts"
        -o "Dir::Cache=$work/cache"
        -o "APT::Sandbox::User=root"
    )
    retry apt-get -qq "${private_apt[@]}" update
    (cd "$work/src" && retry apt-get -qq "${private_apt[@]}" source pgvector >/dev/null)

    local source_dir
    source_dir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
    [ -n "$source_dir" ] || fail "apt-get source pgvector unpacked nothing"
    # OPTFLAGS empty: no -march=native, so the library also runs on another CPU of the same architecture.
    make -s -C "$source_dir" PG_CONFIG="$pg_bin/pg_config" OPTFLAGS="" >/dev/null
    as_root make -s -C "$source_dir" PG_CONFIG="$pg_bin/pg_config" OPTFLAGS="" install >/dev/null
    rm -rf "$work"
    pgvector_installed || fail "pgvector was built but is not installed"
}

prepare_machine() {
    if ! command -v apt-get >/dev/null 2>&1; then
        log "not a Debian machine: install PostgreSQL $pg_major (+ pgvector), bubblewrap, python3 and nodejs yourself"
        return 0
    fi
    # A fresh bookworm (e.g. the debian:bookworm image) has neither python3 nor nodejs; setpriv and prlimit, which the
    # sandbox also needs, come with util-linux, which every Debian has.
    apt_install "postgresql-$pg_major" "postgresql-server-dev-$pg_major" bubblewrap python3 nodejs
    # s3rver and the deployment linters come from npm (NodeSource's nodejs package carries it; Debian's does not).
    command -v npm >/dev/null 2>&1 || apt_install npm
    # promtool (Debian's prometheus package) checks deploy/monitoring/alerts.yml (Observability/MonitoringFilesTests).
    command -v promtool >/dev/null 2>&1 || apt_install prometheus
    install_pgvector
}

# Tests must not pick up the caller's DevBot configuration (a real LLM key, a real database): every variable
# documented in .env.example is removed from the test environment.
forget_devbot_configuration() {
    [ -f .env.example ] || return 0
    local name
    for name in $(sed -nE 's/^[#[:space:]]*([A-Z][A-Z0-9_]*)=.*/\1/p' .env.example | sort -u); do
        unset "$name"
    done
}

# Sums the counters of every TRX file: passed, failed (failed + error + timeout + aborted), and skipped, which
# TRX counts only as the difference between total and executed.
summarise_results() {
    find "$results_dir" -name '*.trx' -print0 | xargs -0 -r cat | grep -o '<Counters [^>]*>' | awk '
        function count(name,   pattern) {
            pattern = " " name "=\"[0-9]+\""
            if (match($0, pattern)) { value = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", value); return value + 0 }
            return 0
        }
        {
            passed += count("passed")
            failed += count("failed") + count("error") + count("timeout") + count("aborted")
            skipped += count("total") - count("executed")
        }
        END { printf "%d %d %d\n", passed, failed, skipped }'
}

seconds_since() { echo $(( $(date +%s) - $1 )); }

command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started=$(date +%s)
if [ "${SKIP_SETUP:-}" != 1 ]; then
    prepare_machine
fi
# npm tools (only when missing): the tests start s3rver themselves, one per test class, and run the linters.
s3rver_dir=$(npm_tools_dir s3rver-3.7.1 s3rver@3.7.1) || fail "could not install s3rver 3.7.1 from npm"
export DEVBOT_S3RVER="$s3rver_dir/node_modules/.bin/s3rver"
bash "$repo_root/scripts/lint-deploy.sh" --install-only || fail "could not install the deployment linters from npm"
# The OpenAPI lint (redocly) and the client generator (openapi-typescript, openapi-fetch, tsc) the OpenApi tests run.
openapi_tools=$(bash "$repo_root/scripts/openapi-tools.sh") || fail "could not install the OpenAPI tools from npm"
export DEVBOT_OPENAPI_TOOLS="$openapi_tools"
log "machine ready ($(seconds_since "$started") s)"

# On CI no compiler server may outlive the script (it would hold the job's output open).
build_server_flags=()
if [ "${CI:-}" = true ]; then
    build_server_flags=(--disable-build-servers)
fi

phase_started=$(date +%s)
build_exit=0
dotnet build DevBot.slnx -nologo "${build_server_flags[@]}" || build_exit=$?
log "build finished with exit code $build_exit ($(seconds_since "$phase_started") s)"
if [ "$build_exit" -ne 0 ]; then
    log "the build failed, so no test ran"
    echo "0 passed, 0 failed"
    exit "$build_exit"
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"
forget_devbot_configuration

phase_started=$(date +%s)
test_exit=0
# A test that hangs is stopped (and reported) instead of eating the whole CI budget.
dotnet test DevBot.slnx --no-build -nologo \
    --results-directory "$results_dir" --logger trx \
    --blame-hang-timeout 15m --blame-hang-dump-type none \
    "$@" || test_exit=$?
log "tests finished with exit code $test_exit ($(seconds_since "$phase_started") s; $(seconds_since "$started") s in all)"

read -r passed failed skipped < <(summarise_results)
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"

exit_code=0
if [ "$failed" -gt 0 ]; then
    exit_code=1
elif [ "$test_exit" -ne 0 ]; then
    log "dotnet test failed although no test result failed (a crashed or aborted test run)"
    exit_code=$test_exit
elif [ $((passed + failed)) -eq 0 ]; then
    log "no test ran"
    exit_code=1
fi

echo "$summary"
exit "$exit_code"
