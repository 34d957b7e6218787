"""Writers to a register, started on demand and killed by test_crash_kills.py.

Usage: ``python crash_writer.py REGISTER FOLDER VISIT_ID PROVIDER_URN``. For each line
``RUN <run>`` read from stdin this process forks a writer (it has imported everything
already, so a writer starts in milliseconds, not the half second a new Python takes) and,
once that writer has ended, says ``ENDED <run> <exit code>`` (-9 when it was killed).

A writer opens the register, says ``READY <pid>``, then loops through four kinds of
real write, each its own transaction through the store, until it is killed. It says
``STEP`` as each SQL statement starts (``STEP COMMIT`` for a COMMIT; a sign-off makes 4),
so the test can kill it at a chosen point without guessing times, and
``COMMITTED <kind> <marker>`` as soon as each write has returned:

- ``import <batch>``: an all-or-nothing placements import of a new CSV whose
  ``ROWS_PER_IMPORT`` rows have case refs ``<batch>-NN``;
- ``autosave <run>.<n>``: the visit's draft saved with summary ``autosave <run>.<n>``;
- ``action <id>``: a follow-up action raised with description ``action <run>.<n>``;
- ``signoff <visit id>``: a new visit planned for the first visit's children, recorded
  in full and signed off (only the sign-off itself is reported).

Each line is written whole, in one write to the pipe, as it is said: what the test reads
is all the writer said before it was killed, and never part of a line.
"""

from __future__ import annotations

import csv
import os
import sys
import traceback
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: recorded_visits

from recorded_visits import record_and_sign  # noqa: E402

from placement_qa.domain.actions import NewAction
from placement_qa.store import planning
from placement_qa.store.actions import raise_action
from placement_qa.store.connection import open_register
from placement_qa.store.placement_import import import_placements
from placement_qa.store.visit_notes import load_visit_note, save_draft

ROWS_PER_IMPORT = 20
HEADER = ["Case ref", "Given name", "Family name", "Provider URN", "Start date", "Arrangement"]


def batch_file(folder: Path, batch: str, urn: str) -> Path:
    path = folder / f"{batch}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(ROWS_PER_IMPORT):
            writer.writerow([f"{batch}-{n:02d}", "Zoë", f"Crash {n}", urn, "01/09/2025", "Day"])
    return path


def say(line: str) -> None:
    """Write ``line`` to stdout at once, in one write (a kill cannot split it)."""
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def committed(kind: str, marker: object) -> None:
    say(f"COMMITTED {kind} {marker}")


def write_import(db, folder: Path, run: int, n: int, urn: str) -> None:
    batch = f"K{run}.{n}"
    result = import_placements(db, batch_file(folder, batch, urn))
    if not result.written:
        raise SystemExit(f"import {batch} refused: {result.problems}")
    committed("import", batch)


def write_autosave(db, visit_id: int, run: int, n: int) -> None:
    note = load_visit_note(db, visit_id)
    save_draft(db, replace(note, summary=f"autosave {run}.{n}"))
    committed("autosave", f"{run}.{n}")


def write_action(db, visit_id: int, provider_id: int, run: int, n: int) -> None:
    action_id = raise_action(db, NewAction(
        provider_id=provider_id, description=f"action {run}.{n}", owner_kind="provider",
        owner="Head teacher", due_date=date(2026, 12, 1), priority="high", visit_id=visit_id))
    committed("action", action_id)


def write_sign_off(db, visit_id: int, provider_id: int) -> None:
    placements = [r[0] for r in db.execute(
        "SELECT placement_id FROM visit_placements WHERE visit_id = ?", [visit_id])]
    new_visit = planning.plan_visit(db, provider_id=provider_id, visit_date=date(2025, 12, 3),
                                    visit_type="annual_monitoring", visitors="J. Okafor",
                                    placement_ids=placements)
    record_and_sign(db, new_visit)
    committed("signoff", new_visit)


def report_steps(sql: str) -> None:
    """SQLite's trace callback: one line as each statement starts (every write here is a
    transaction that BEGIN opens and COMMIT ends)."""
    commits = sql.split(None, 1)[:1] in (["COMMIT"], ["END"])
    say("STEP COMMIT" if commits else "STEP")


def write_until_killed(register: str, folder: Path, run: int, visit_id: int, urn: str) -> None:
    db = open_register(register)
    provider_id = db.execute("SELECT provider_id FROM monitoring_visits WHERE id = ?",
                             [visit_id]).fetchone()[0]
    db.conn.set_trace_callback(report_steps)
    say(f"READY {os.getpid()}")
    for n in range(10_000):
        kind = n % 4
        if kind == 0:
            write_import(db, folder, run, n, urn)
        elif kind == 1:
            write_autosave(db, visit_id, run, n)
        elif kind == 2:
            write_action(db, visit_id, provider_id, run, n)
        else:
            write_sign_off(db, visit_id, provider_id)


def writer(register: str, folder: Path, run: int, visit_id: int, urn: str) -> None:
    """The forked writer: it never returns into the loop that forked it."""
    try:
        write_until_killed(register, folder, run, visit_id, urn)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def main(argv: list[str]) -> None:
    register, folder, visit_id, urn = argv
    for line in sys.stdin:
        run = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            writer(register, Path(folder), run, int(visit_id), urn)
        _, status = os.waitpid(pid, 0)
        say(f"ENDED {run} {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main(sys.argv[1:])
