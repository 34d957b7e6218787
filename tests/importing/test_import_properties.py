"""Whatever a file holds, the import never crashes and never writes part of it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from placement_files import (
    BROOKSIDE,
    GOOD_ROWS,
    HILLCREST,
    NEWBUILD,
    TEMPLATE_HEADER,
    add_rated_provider,
    register_content,
    write_csv,
)

from placement_qa.importing.placement_rows import COLUMNS
from placement_qa.importing.reading import ImportFileError, read_table
from placement_qa.store.placement_import import import_placements

PLAUSIBLE = {
    "Case ref": ["CS-1", "CS-2", "cs-1", ""],
    "Given name": ["Zoë", "Ayşe", "Șerban", ""],
    "Family name": ["Łukasiewicz", "Yılmaz", ""],
    "Provider URN": [BROOKSIDE, HILLCREST, NEWBUILD, "999999", "12345", ""],
    "Start date": ["01/09/2024", "2026-01-05", "31/02/2026", "29/02/2024", ""],
    "End date": ["20/07/2026", "01/01/2020", ""],
    "Arrangement": ["Day", "EHE", "residential_52_week", "boarding", ""],
    "Status": ["Placed", "awaiting provision", "gone", ""],
    "Visit interval months": ["6", "12", "0", "x", ""],
    "Annual cost": ["£1,000", "-5", "1e3", ""],
    "Guardrail reason": ["Tribunal order", ""],
    "Guardrail approver": ["Jo Manager", ""],
}
junk = st.text(max_size=15)


def cell(header: str) -> st.SearchStrategy[str]:
    options = PLAUSIBLE.get(header, ["", "ASD", "14/03/2011"])
    return st.one_of(st.sampled_from(options), junk)


random_row = st.fixed_dictionaries({h: cell(h) for h in TEMPLATE_HEADER})
good_rows = st.lists(st.sampled_from(GOOD_ROWS), unique_by=lambda r: GOOD_ROWS.index(r))
rows = st.tuples(good_rows, st.lists(random_row, max_size=4)).flatmap(
    lambda parts: st.permutations([*parts[0], *parts[1]]))


# new_register (a function-scoped fixture) makes a new register for each example
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=rows)
def test_random_rows_never_crash_and_never_import_in_part(new_register, rows):
    with tempfile.TemporaryDirectory() as folder:
        db = new_register(Path(folder) / "r.db")
        try:
            add_rated_provider(db, "Brookside School", BROOKSIDE, "Good")
            add_rated_provider(db, "Hillcrest House", HILLCREST, "Inadequate")
            add_rated_provider(db, "Newbuild Academy", NEWBUILD, None)
            before = register_content(db)
            path = write_csv(Path(folder) / "rows.csv", rows)
            try:
                result = import_placements(db, path)
            except ImportFileError:
                assert register_content(db) == before
                return
            event("refused" if result.problems else "imported")
            if result.problems:
                assert not result.written
                assert register_content(db) == before
                assert {p.row for p in result.problems} <= {r.number for r in result.source.rows}
            else:
                placements = db.execute("SELECT count(*) FROM placements").fetchone()[0]
                assert result.written and placements == result.added
                assert import_placements(db, path).added == 0
        finally:
            db.close()


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".dat"]))
def test_any_bytes_are_read_or_refused_in_words(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(raw)
        try:
            read_table(path, COLUMNS)
        except ImportFileError as exc:
            assert str(exc)


def test_a_damaged_utf16_file_is_refused_in_words(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"\xfe\xff\x00")  # found by hypothesis: a BOM then half a character
    try:
        read_table(path, COLUMNS)
    except ImportFileError as exc:
        assert "cut short or damaged" in str(exc)
    else:
        raise AssertionError("a damaged UTF-16 file was read")
