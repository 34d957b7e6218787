"""The command line writes the app's log too: an error nobody expected is one plain
line on stderr saying where the details are, and the log has the traceback (and no
child's name, though the error's message quoted one)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date

from placement_qa.domain.register import ELECTIVE_HOME_EDUCATION
from placement_qa.store import register
from placement_qa.store.connection import open_register

# The export meets an error nobody expected, whose message names the first child.
BROKEN_EXPORT = """
import sys
import placement_qa.exports.register_csv as register_csv

def write_register_csv(lines, *args):
    raise ValueError("cannot write the row of " + lines[0].placement.child_name)

register_csv.write_register_csv = write_register_csv
from placement_qa.app import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_an_unexpected_error_in_a_command_is_logged_not_printed(tmp_path):
    db_path = tmp_path / "register.db"
    db = open_register(db_path, create=True)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    register.add_placement(db, child_id=child, provider_id=None, start_date=date(2025, 9, 1),
                           arrangement=ELECTIVE_HOME_EDUCATION)
    db.close()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}

    result = subprocess.run(
        [sys.executable, "-c", BROKEN_EXPORT, "export", "register", "--db", str(db_path)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)

    log_file = tmp_path / "data" / "placement-qa" / "placement-qa.log"
    assert result.returncode == 1
    assert result.stderr == (
        "placement-qa: an unexpected error (ValueError) stopped the command; the details "
        f"are in {log_file}.\n")
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "in export_register" in logged and "in write_register_csv" in logged
    assert "ValueError: (message withheld" in logged
    assert "Zoë" not in logged and "Łukasiewicz" not in logged
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
