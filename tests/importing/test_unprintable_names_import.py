"""An imported name the printed notes could not show is refused with its row, column and
characters, and nothing is imported; Hebrew and Arabic names import as written."""

from __future__ import annotations

from placement_files import BROOKSIDE, register_content, row, write_csv

from placement_qa.importing.placements import import_placements
from placement_qa.store.records import list_children


def test_a_name_in_characters_the_font_lacks_is_refused_naming_them(register_db, tmp_path,
                                                                    good_rows):
    rows = [*good_rows,
            row(case_ref="CS-30001", given_name="伟", family_name="Wang",
                provider_urn=BROOKSIDE, start_date="01/09/2025", arrangement="Day")]
    before = register_content(register_db)
    result = import_placements(register_db, write_csv(tmp_path / "names.csv", rows))
    assert not result.written
    assert register_content(register_db) == before
    [problem] = result.problems
    assert problem.line() == (
        f"row {len(rows) + 1}, Given name: 伟 (U+4F1F) cannot be printed: the notes' "
        "font has Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic letters; "
        "write the name in one of those")


def test_hebrew_and_arabic_names_import_as_written(register_db, tmp_path):
    rows = [row(case_ref="CS-30002", given_name="יעל", family_name="محمد",
                provider_urn=BROOKSIDE, start_date="01/09/2025", arrangement="Day")]
    result = import_placements(register_db, write_csv(tmp_path / "names.csv", rows))
    assert result.written and not result.problems
    assert "יעל محمد" in [child.name for child in list_children(register_db)]
