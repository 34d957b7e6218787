"""Files the app writes with children's data are private (0600, whatever the umask) and
appear whole or not at all: written under a temporary name and renamed into place, and a
write that fails half way (a full disk, an error) leaves the old file and no ``.part``."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from placement_qa.atomic_file import write_atomically
from placement_qa.exports.overdue_csv import overdue_lines, write_overdue_file
from placement_qa.exports.schedule_csv import write_schedule_file
from placement_qa.exports.visits_ics import write_visits_ics
from placement_qa.importing.report import write_error_report_file
from placement_qa.store import register
from placement_qa.store.exports import write_register_file
from placement_qa.store.inspections import add_inspection
from placement_qa.store.output_guard import OutputRefused, guard_register
from placement_qa.store.placement_import import import_placements
from placement_qa.store.risk import lines_by_risk
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visit_exports import visits_between
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)
DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
CHILD = "Zoë Łukasiewicz"
OLD = b"the export made last week\n"


def _ranked(db):
    """The overdue export's rows as the CLI gives them: the urgent lines, riskiest first."""
    return lines_by_risk(db, overdue_lines(schedule_as_of(db, AS_OF)), AS_OF)


@pytest.fixture(autouse=True)
def usual_umask():
    """The common umask (022), under which a plain open() makes files anyone can read."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def build_register(db) -> None:
    """Zoë placed at Oakfield School (Good) since 01/09/2025, with a visit on 03/12/2026."""
    provider = register.add_provider(db, name="Oakfield School", urn="135790",
                                     provider_type="independent_special",
                                     host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    given, family = CHILD.split()
    child = register.add_child(db, given_name=given, family_name=family)
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    add_visit(db, provider_id=provider, visit_date=date(2026, 12, 3),
              placement_ids=[placement], visitors="A. Officer")


@pytest.fixture
def db(db):
    """The shared new register (tests/conftest.py) with :func:`build_register`'s rows."""
    build_register(db)
    return db


def _error_report(db, folder: Path, path: Path) -> None:
    source = folder / "children.csv"
    source.write_text("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
                      "CS-1,Zoë,Łukasiewicz,135790,31/02/2026,Day\n", encoding="utf-8")
    result = import_placements(db, source)
    write_error_report_file(result.source, result.problems, path)


WRITERS = {
    "register.csv": lambda db, path: write_register_file(db, schedule_as_of(db, AS_OF), path),
    "register.xlsx": lambda db, path: write_register_file(db, schedule_as_of(db, AS_OF), path),
    "overdue.csv": lambda db, path: write_overdue_file(_ranked(db), path),
    "schedule.csv": lambda db, path: write_schedule_file(visits_between(db, *DECEMBER), path),
    "visits.ics": lambda db, path: write_visits_ics(visits_between(db, *DECEMBER), path),
    "errors.csv": lambda db, path: _error_report(db, path.parent, path),
}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_written_file_is_private_and_replaces_the_older_one(db, tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(OLD)
    target.chmod(0o644)

    WRITERS[name](db, target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() != OLD and target.stat().st_size > 0
    assert _leftovers(out) == []


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_no_writer_replaces_the_register_even_through_a_link_named_like_its_file(db, tmp_path,
                                                                                name):
    register_file = tmp_path / "register.db"
    out = tmp_path / "out"
    out.mkdir()
    link = out / name
    link.symlink_to(register_file)
    before = register_file.read_bytes()

    with pytest.raises(OutputRefused, match=f"{name} is a Placement QA register or another "
                       "database: choose another file name; nothing was written"):
        WRITERS[name](db, link)
    assert register_file.read_bytes() == before
    assert link.is_symlink()
    assert _leftovers(out) == [] and _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_writer_given_a_symlink_replaces_the_file_it_leads_to_and_keeps_the_link(
        db, tmp_path, name):
    kept = tmp_path / "kept"
    kept.mkdir()
    real = kept / name
    real.write_bytes(OLD)
    link = tmp_path / name
    link.symlink_to(real)

    WRITERS[name](db, link)

    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() != OLD and real.stat().st_size > 0
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert _leftovers(kept) == [] and _leftovers(tmp_path) == []


def test_the_open_register_is_refused_whatever_its_name_and_content(tmp_path):
    """An encrypted register has no header to know it by: the one open is known by its
    file (a hard link to it too), whatever it is called."""
    register_file = tmp_path / "council register"
    register_file.write_bytes(os.urandom(8192))  # as an encrypted register looks
    os.link(register_file, tmp_path / "another name")
    before = register_file.read_bytes()
    guard_register(register_file)

    for target in (register_file, tmp_path / "another name"):
        with pytest.raises(OutputRefused, match="is the register itself"):
            write_atomically(target, b"a report")
    assert register_file.read_bytes() == before


def _failing(items, after: int) -> Iterator:
    """The items, then the disk fills up part way through the file."""
    for number, item in enumerate(items):
        if number == after:
            raise OSError(errno.ENOSPC, "No space left on device")
        yield item


CSV_WRITERS = {
    "register.csv": lambda db, path: write_register_file(
        db, _failing(schedule_as_of(db, AS_OF) * 50, 30), path),
    "overdue.csv": lambda db, path: write_overdue_file(_failing(_ranked(db) * 50, 30), path),
    "schedule.csv": lambda db, path: write_schedule_file(
        _failing(visits_between(db, *DECEMBER) * 50, 30), path),
}


@pytest.mark.parametrize("name", sorted(CSV_WRITERS))
@pytest.mark.parametrize("older_file", [True, False])
def test_a_write_that_fails_half_way_leaves_the_old_file_and_nothing_else(db, tmp_path, name,
                                                                          older_file):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    if older_file:
        target.write_bytes(OLD)

    with pytest.raises(OSError, match="No space"):
        CSV_WRITERS[name](db, target)

    assert sorted(p.name for p in out.iterdir()) == ([name] if older_file else [])
    if older_file:
        assert target.read_bytes() == OLD


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_disk_full_when_the_file_is_flushed_leaves_the_old_file(db, tmp_path, monkeypatch,
                                                                  name):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the disk refuses what was written so far
    with pytest.raises(OSError, match="No space"):
        WRITERS[name](db, target)
    assert target.read_bytes() == OLD
    assert _leftovers(out) == []


FULL_DISK = textwrap.dedent("""
    import resource, signal, sys
    from datetime import date
    from pathlib import Path
    from placement_qa.store.exports import write_register_file
    from placement_qa.store.connection import open_register
    from placement_qa.store.schedule import schedule_as_of

    db = open_register(Path(sys.argv[1]))
    lines = schedule_as_of(db, date(2026, 11, 22)) * 20000
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
    try:
        write_register_file(db, lines, Path(sys.argv[2]))
    except OSError as exc:
        print(exc.errno)
        sys.exit(3)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_disk_that_fills_up_leaves_no_export_and_no_part_file(db, tmp_path):
    db.close()  # the register (tmp_path / "register.db") is exported by another process
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path / "register.db"),
                             str(out / "register.csv")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 3, result.stderr
    assert result.stdout.strip() == str(errno.EFBIG)
    assert list(out.iterdir()) == []
