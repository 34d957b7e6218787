#!/usr/bin/env bash
# Install Placement QA and what it needs, then start it.
# Arguments go to the app, e.g. `bash scripts/run.sh --db ~/registers/ours.db`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
ensure_packages "${QT_RUNTIME_PACKAGES[@]}"
ensure_venv
.venv/bin/python -m pip install -q -e .
exec .venv/bin/placement-qa "$@"
