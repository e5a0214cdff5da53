#!/usr/bin/env bash
# One entry point for a fresh machine: brings Node 24 and pnpm 10 when the machine's Node is older
# than 22, installs the workspace, builds the packages, then runs what was asked:
#   scripts/dev.sh demo    install, build and run the demo
#   scripts/dev.sh test    install, build and run the whole test suite
#   scripts/dev.sh env     print the PATH to use (eval "$(scripts/dev.sh env)")
#   scripts/dev.sh run CMD install and build what is missing or stale, then run CMD with the
#                          project's Node and pnpm on PATH (the npm run wrappers of the examples)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="$root/.tools"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node_and_pnpm() {
  if [ "$(node_major)" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" -lt 10 ]; then
    if [ ! -x "$tools/node_modules/.bin/node" ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
      echo "› bringing Node 24 and pnpm 10 into .tools/ (machine Node: $(node --version 2>/dev/null || echo none))" >&2
      mkdir -p "$tools"
      [ -f "$tools/package.json" ] || echo '{"private":true}' >"$tools/package.json"
      npm install --prefix "$tools" --no-audit --no-fund --loglevel=error node@24 pnpm@10.34.9 >&2
    fi
    export PATH="$tools/node_modules/.bin:$PATH"
  fi
}

# System packages the optional runtimes and browser tests use. Installed when we are root with apt;
# otherwise the tests that need them fail with a message that names the package to install.
ensure_system_packages() {
  local wanted=(bubblewrap python3 python3-numpy python3-pandas python3-matplotlib python3-requests chromium openssl nats-server)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing system packages: ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "› note: missing system packages (${missing[*]}); install them with your package manager" >&2
  fi
}

install_workspace() {
  pnpm install --frozen-lockfile --reporter=append-only >&2
  pnpm run -s build >&2
}

# True when a package has no build yet, or a source file changed since its last build.
build_is_stale() {
  local package
  for package in packages/*/; do
    [ -f "$package/dist/index.js" ] || [ -f "$package/dist/cli.js" ] || return 0
    local built="$package/dist/index.js"
    [ -f "$built" ] || built="$package/dist/cli.js"
    [ -n "$(find "$package/src" -newer "$built" -type f ! -name '*.test.ts' ! -name '*.test-d.ts' -print -quit)" ] && return 0
  done
  return 1
}

# Installs when node_modules is missing or older than the lockfile, builds when stale.
install_if_needed() {
  if [ ! -d node_modules ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
    pnpm install --frozen-lockfile --reporter=append-only >&2
  fi
  if build_is_stale; then pnpm run -s build >&2; fi
}

case "${1:-}" in
  env)
    ensure_node_and_pnpm
    echo "export PATH=\"$PATH\""
    ;;
  demo)
    ensure_node_and_pnpm
    ensure_system_packages
    install_workspace
    shift
    pnpm run -s demo:run "$@"
    ;;
  test)
    ensure_node_and_pnpm
    ensure_system_packages
    install_workspace
    shift
    pnpm run -s test:all "$@"
    ;;
  run)
    ensure_node_and_pnpm
    install_if_needed
    shift
    exec "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|env|run COMMAND..." >&2
    exit 2
    ;;
esac
