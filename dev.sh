#!/usr/bin/env bash
# Set up zopa in ./.venv (and Graphviz's `dot` when missing), then run it or its tests.
#
#   ./dev.sh run [ARGS]     the main job: is a deal possible on the bundled scenario, and if
#                           not, whose red lines collide? (`zopa why ARGS`)
#   ./dev.sh test [ARGS]    the test suite (ARGS go to pytest)
#   ./dev.sh zopa ARGS      any zopa command
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
log() { printf '[dev.sh] %s\n' "$*" >&2; }

ensure_dot() {
  command -v dot >/dev/null 2>&1 && return 0
  log "installing Graphviz (dot) with apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq graphviz >/dev/null
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
  fi
  # Dependencies only when pyproject.toml changed; the package itself on every run, so
  # the installed copy (with rules/ and positions/ inside) is always the working tree's.
  local stamp="$VENV/.deps-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    log "installing dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' >&2 || true
    "$VENV/bin/python" -m pip install -q hatchling ".[test]" 2>&1 | grep -v '^WARNING: Location' >&2 || true
    "$VENV/bin/python" -c "import clingo, typer, pydantic, graphviz, hatchling, pytest, hypothesis" \
      || { log "installing dependencies failed"; exit 1; }
    rm -f "$VENV"/.deps-* && touch "$stamp"
  fi
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall . 2>&1 \
    | grep -v '^WARNING: Location' >&2 || true
}

command=${1:-run}
shift || true
ensure_dot
ensure_venv
case "$command" in
  run)
    exec "$VENV/bin/zopa" why "$@" ;;
  zopa)
    exec "$VENV/bin/zopa" "$@" ;;
  test)
    set +e
    "$VENV/bin/python" -m pytest "$@"
    status=$?
    set -e
    if [ "$status" = 5 ]; then
      log "pytest collected no tests: that is a failure"
      exit 1
    fi
    exit "$status" ;;
  *)
    echo "usage: ./dev.sh run | test [PYTEST ARGS] | zopa ARGS" >&2
    exit 2 ;;
esac
