"""Killed at random while writing, the register keeps every committed write and nothing half.

A writer process (crash_writer.py) imports placements files, autosaves a visit being
recorded, raises actions and signs visits off, reporting each SQL statement as it starts
and each transaction once it has returned. It is killed with SIGKILL at a random point,
many times over: after a random number of statements, or as a random write commits (the
test waits for the writer to say it got there, never for a time). After each kill the
register passes SQLite's integrity check, holds every write reported committed, and holds
each import's rows all or none.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from placement_qa.store import planning, register
from placement_qa.store.connection import open_register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_notes import start_recording

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

KILLS = 50
# Where a writer is killed: after up to STATEMENTS statements (a round of the four kinds of
# write runs about 600: an import 150, an autosave 30, an action 10, a sign-off 430), or
# as up to COMMITS transactions commit (a round makes 7: a sign-off is 4).
STATEMENTS = 1200
COMMITS = 8
URN = "123456"
WRITER = Path(__file__).with_name("crash_writer.py")
ROWS_PER_IMPORT = 20
COMMITTED = re.compile(r"^COMMITTED (import|autosave|action|signoff) (\S+)$")


def build_register(db: Database) -> int:
    """Make the new register ``db`` hold the default framework, a provider rated Good and
    a planned visit to two children there, being recorded, and close it; the visit's id."""
    try:
        ensure_default_framework(db)
        provider = register.add_provider(db, name="Oakfield House School", urn=URN,
                                         provider_type="independent_special",
                                         host_authority="Kent")
        add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                       inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                       outcome={"overall": "Good"})
        placements = []
        for given in ("Zoë", "Ayşe"):
            child = register.add_child(db, given_name=given, family_name="Łukasiewicz")
            placements.append(register.add_placement(
                db, child_id=child, provider_id=provider, start_date=date(2025, 9, 1),
                arrangement="day"))
        visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                    visit_type="annual_monitoring", visitors="J. Okafor",
                                    placement_ids=placements)
        start_recording(db, visit)
        return visit
    finally:
        db.close()


class Host:
    """The process that forks a writer for each run (crash_writer.py): told ``RUN <run>``
    on its stdin, it says on its stdout what its writers say. Their stderr is in
    ``errors``."""

    def __init__(self, process: subprocess.Popen[str], errors: Path) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process, self.errors = process, errors
        self.stdin, self.stdout = process.stdin, process.stdout

    def tell(self, line: str) -> None:
        self.stdin.write(f"{line}\n")
        self.stdin.flush()

    def hear(self) -> str:
        """The next line said, or "" once the host has ended."""
        return self.stdout.readline().strip()

    def kill_all(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)


@contextmanager
def writers(path: Path, folder: Path, visit: int) -> Iterator[Host]:
    """The host for the writers, in a process group of its own with them: stopped at the
    end, or all killed if the test fails or hangs."""
    errors = folder / "errors.txt"
    with errors.open("w") as stderr:
        host = Host(subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(folder), str(visit), URN],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
            start_new_session=True), errors)
    watchdog = threading.Timer(300, host.kill_all)  # a writer that hangs fails the test
    watchdog.start()
    try:
        yield host
    except BaseException:
        host.kill_all()
        raise
    finally:
        watchdog.cancel()
        host.stdin.close()
        host.process.wait(timeout=60)
        host.stdout.close()


def run_and_kill(host: Host, run: int, *, after: str, count: int) -> list[str]:
    """Fork a writer and SIGKILL it as soon as it has said ``count`` lines starting with
    ``after`` ("STEP": statements started; "STEP COMMIT": commits started); what it
    reported committed."""
    host.tell(f"RUN {run}")
    ready = host.hear().split()
    assert ready[:1] == ["READY"], (ready, host.errors.read_text())
    said: list[str] = []
    while count:
        line = host.hear()
        assert line.startswith(("STEP", "COMMITTED")), (
            f"writer stopped by itself: {line!r}\n{host.errors.read_text()}")
        said.append(line)
        count -= line.startswith(after)
    os.kill(int(ready[1]), signal.SIGKILL)
    while (line := host.hear()) and not line.startswith("ENDED"):
        said.append(line)
    assert line.split() == ["ENDED", str(run), str(-signal.SIGKILL)], (
        line, host.errors.read_text())
    return [line for line in said if not line.startswith("STEP")]


class Committed:
    """Every write the writers reported committed, across all runs."""

    def __init__(self) -> None:
        self.imports: list[str] = []
        self.actions: list[int] = []
        self.sign_offs: list[int] = []
        self.last_autosave: tuple[int, int] | None = None

    def add(self, lines: list[str]) -> None:
        for line in lines:
            match = COMMITTED.match(line)
            assert match, f"unexpected output from the writer: {line!r}"
            kind, marker = match.groups()
            if kind == "import":
                self.imports.append(marker)
            elif kind == "action":
                self.actions.append(int(marker))
            elif kind == "signoff":
                self.sign_offs.append(int(marker))
            else:
                self.last_autosave = _autosave(marker)

    @property
    def count(self) -> int:
        return len(self.imports) + len(self.actions) + len(self.sign_offs)


def _autosave(marker: str) -> tuple[int, int]:
    run, n = marker.split(".")
    return int(run), int(n)


def check_register(path: Path, visit: int, committed: Committed) -> None:
    db = open_register(path, check=False)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        batches = dict(db.execute(
            "SELECT substr(case_ref, 1, instr(case_ref, '-') - 1), count(*) FROM children "
            "JOIN placements ON placements.child_id = children.id "
            "WHERE case_ref LIKE 'K%' GROUP BY 1").fetchall())
        assert set(batches.values()) <= {ROWS_PER_IMPORT}, f"half an import: {batches}"
        assert set(committed.imports) <= set(batches)
        actions = dict(db.execute("SELECT id, description FROM follow_up_actions").fetchall())
        assert all(actions.get(a, "").startswith("action ") for a in committed.actions)
        signed = {r[0] for r in db.execute(
            "SELECT id FROM monitoring_visits WHERE status = 'completed' "
            "AND signed_off_by = 'Helen Marsh'")}
        assert set(committed.sign_offs) <= signed
        summary = db.execute("SELECT summary FROM monitoring_visits WHERE id = ?",
                             [visit]).fetchone()[0]
        if committed.last_autosave is not None:
            # the last reported save, or one after it that committed just before the kill
            assert _autosave(summary.removeprefix("autosave ")) >= committed.last_autosave
    finally:
        db.close()


def test_killed_writers_lose_no_committed_write_and_leave_nothing_half_done(tmp_path,
                                                                           new_register):
    started = time.monotonic()
    path = tmp_path / "register.db"
    visit = build_register(new_register(path, os_user="a.officer"))
    files = tmp_path / "imports"
    files.mkdir()
    chance = random.Random(20261125)
    committed = Committed()
    with writers(path, files, visit) as host:
        for run in range(KILLS):
            after, most = ("STEP", STATEMENTS) if run % 2 else ("STEP COMMIT", COMMITS)
            lines = run_and_kill(host, run, after=after, count=chance.randint(1, most))
            committed.add(lines)
            check_register(path, visit, committed)
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills, {committed.count} committed writes checked in {elapsed:.1f} s")
    assert committed.imports and committed.actions and committed.sign_offs
    assert committed.last_autosave is not None
