#!/usr/bin/env bash
# Set up zopa in ./.venv (and Graphviz's `dot` when missing), then run it or its tests.
#
#   ./dev.sh run [ARGS]     the main job: is a deal possible on the bundled scenario, and if
#                           not, whose red lines collide? (`zopa why ARGS`)
#   ./dev.sh test [ARGS]    the test suite (ARGS go to pytest); installs Chromium, for the
#                           report's browser tests, when it is missing
#   ./dev.sh lint           ruff (lint and format), mypy --strict, and the README kept in
#                           sync with the code (cog --check)
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

# The browser tests (tests/test_browser.py) drive Debian's Chromium through Playwright, which
# is told where it is: no browser is downloaded. Recommended packages (a GPU driver, a
# printer dialog, ...) are left out; about 30 s the first time.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing Chromium with apt-get, for the browser tests"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
  fi
  # Installed once per version of pyproject.toml, as an editable install: the package runs
  # from src/ and reads rules/ and positions/ where they are, so edits need no reinstall.
  local stamp="$VENV/.deps-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    log "installing zopa and its dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' >&2 || true
    "$VENV/bin/python" -m pip install -q -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' >&2 || true
    "$VENV/bin/python" -c "import zopa, clingo, typer, pydantic, graphviz, jinja2, pytest, hypothesis, playwright" \
      && [ -x "$VENV/bin/ruff" ] && [ -x "$VENV/bin/mypy" ] && [ -x "$VENV/bin/cog" ] \
      || { log "installing failed"; exit 1; }
    rm -f "$VENV"/.deps-* && touch "$stamp"
  fi
  # Bytecode for src/, which an editable install leaves to Python, and Python does not write
  # where PYTHONDONTWRITEBYTECODE is set: without it every zopa run compiles every module
  # again (about 20 ms of a 0.15 s start-up). Up-to-date files are skipped.
  "$VENV/bin/python" -m compileall -q src >/dev/null
}

lint() {
  local status=0
  "$VENV/bin/ruff" check src tests benchmarks tools || status=1
  "$VENV/bin/ruff" format --check src tests benchmarks tools || status=1
  "$VENV/bin/mypy" || status=1
  "$VENV/bin/cog" --check -I tools README.md >/dev/null || { log "README.md is out of date: run .venv/bin/cog -r -I tools README.md"; status=1; }
  return $status
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
  lint)
    lint ;;
  test)
    ensure_chromium
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
    echo "usage: ./dev.sh run [ARGS] | test [PYTEST ARGS] | lint | zopa ARGS" >&2
    exit 2 ;;
esac
