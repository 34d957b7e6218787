#!/usr/bin/env bash
# Page images of a printed visit note for the README (docs/visit-note-page-N.png):
# the small demo register's latest completed visit with actions and two children.
# Needs pdftoppm (Debian: poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/placement-qa demo --db "$work/r.db" --size small > /dev/null
visit=$(.venv/bin/python - "$work/r.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT v.id FROM monitoring_visits v JOIN visit_placements vp ON vp.visit_id = v.id "
    "JOIN follow_up_actions a ON a.visit_id = v.id WHERE v.status = 'completed' "
    "GROUP BY v.id HAVING count(DISTINCT vp.placement_id) >= 2 "
    "ORDER BY v.visit_date DESC LIMIT 1").fetchone()[0])
PY
)
.venv/bin/placement-qa report visit "$visit" --db "$work/r.db" -o "$work/note.pdf"
pdftoppm -png -r 70 -f 1 -l 2 "$work/note.pdf" docs/visit-note-page
