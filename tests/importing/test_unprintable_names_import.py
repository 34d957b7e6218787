"""An imported name the printed notes could not show is refused with its row, column and
characters, and nothing is imported; Hebrew and Arabic names import as written."""

from __future__ import annotations

import pytest
from placement_files import BROOKSIDE, register_content, row, write_csv

from placement_qa.store.placement_import import import_placements
from placement_qa.store.records import list_children


@pytest.mark.parametrize(("column", "name", "says"), [
    ("Given name", "伟", ": 伟 (U+4F1F) cannot be printed: the notes' font has Latin, Greek, "
     "Cyrillic, Armenian, Georgian, Hebrew and Arabic letters; write the name in one of "
     "those"),
    # a vertical tab pasted into a spreadsheet cell: shown by its code, never as itself
    ("Given name", "Ann\x0bMarie", ", 'Ann[U+000B]Marie': contains U+000B (a control "
     "character), which a name cannot hold: type the name again without it"),
    ("Family name", "\u202eeoJ", ", '[U+202E]eoJ': contains U+202E (right-to-left override), "
     "which a name cannot hold: type the name again without it"),
])
def test_a_name_the_notes_cannot_show_refuses_the_whole_file(db, tmp_path,
                                                             good_rows, column, name, says):
    names = {"given_name": "Wei", "family_name": "Wang"}
    names["given_name" if column == "Given name" else "family_name"] = name
    rows = [*good_rows,
            row(case_ref="CS-30001", **names, provider_urn=BROOKSIDE,
                start_date="01/09/2025", arrangement="Day")]
    before = register_content(db)
    result = import_placements(db, write_csv(tmp_path / "names.csv", rows))
    assert not result.written
    assert register_content(db) == before
    [problem] = result.problems
    assert problem.line() == f"row {len(rows) + 1}, {column}{says}"


def test_hebrew_and_arabic_names_import_as_written(db, tmp_path):
    rows = [row(case_ref="CS-30002", given_name="יעל", family_name="محمد",
                provider_urn=BROOKSIDE, start_date="01/09/2025", arrangement="Day")]
    result = import_placements(db, write_csv(tmp_path / "names.csv", rows))
    assert result.written and not result.problems
    assert "יעל محمد" in [child.name for child in list_children(db)]

