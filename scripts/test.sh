#!/usr/bin/env bash
# Install the test dependencies, type-check (mypy) and run the whole test suite, headless.
# Arguments go to pytest, e.g. `bash scripts/test.sh tests/domain -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
# postgresql: the team register's tests start a throw-away PostgreSQL server of their own
ensure_packages "${QT_RUNTIME_PACKAGES[@]}" "poppler-utils" "postgresql"
ensure_venv
.venv/bin/python -m pip install -q -e ".[test]"
# the type check first: the packages listed in pyproject.toml's [tool.mypy] files
.venv/bin/python -m mypy
export QT_QPA_PLATFORM=offscreen
# on every core (at most 4): the tests are independent; those on the PostgreSQL server
# share one worker, so one server serves the run (tests/conftest.py)
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist loadgroup "$@"
