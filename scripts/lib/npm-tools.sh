# Sourced by the test and lint scripts: npm tools installed once into a per-user cache folder, by exact version,
# so a test run installs nothing that is already there (and CI's first run installs it once).
#
#   dir=$(npm_tools_dir NAME package@version ...)   # prints the folder; its node_modules/.bin holds the commands

npm_tools_cache() {
    printf '%s\n' "${DEVBOT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devbot}/npm"
}

npm_tools_dir() {
    local name=$1
    shift
    local dir
    dir="$(npm_tools_cache)/$name"
    # The marker lists exactly what was installed: a changed version list installs afresh.
    if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$*" ]; then
        printf '%s\n' "$dir"
        return 0
    fi

    command -v npm >/dev/null 2>&1 || { printf 'error: npm is needed to install %s (apt-get install nodejs npm)\n' "$*" >&2; return 1; }
    rm -rf "$dir"
    mkdir -p "$dir"
    printf '==> installing %s into %s\n' "$*" "$dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --silent --no-save "$@" >&2 || { rm -rf "$dir"; return 1; }
    printf '%s\n' "$*" >"$dir/.installed"
    printf '%s\n' "$dir"
}
