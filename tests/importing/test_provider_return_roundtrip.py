"""Must show 1 (issue 9): the pre-visit provider return goes out as a workbook naming
our children by initials only, comes back filled in, and its answers land as
provider-reported, dated, unchecked; a tampered or mismatched file is refused with
the reason and the register is unchanged."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from placement_qa.domain.provider_return import CHILD_ITEMS, ITEMS, PROVIDER_ITEMS, UNCHECKED
from placement_qa.domain.register import VISIT_CANCELLED, VISIT_COMPLETED, VISIT_PLANNED
from placement_qa.importing.provider_return_form import read_return_form
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.provider_returns import ReturnRefused
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.return_import import import_return_file, make_return_form
from placement_qa.store.visit_notes import load_visit_note, start_recording
from placement_qa.store.visits import add_visit, set_visit_status

sys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))
from register_contents import table_contents  # noqa: E402

AS_OF = date(2026, 11, 22)
VISIT_DAY = date(2026, 12, 4)
COMPLETED_ON = date(2026, 11, 20)
CHILDREN = (("Zoë", "Łukasiewicz"), ("Ayşe", "Yılmaz"))
FULL_NAMES = ("Zoë", "Łukasiewicz", "Ayşe", "Yılmaz", "Zoë Łukasiewicz", "Ayşe Yılmaz")

PROVIDER_ANSWERS = {
    "organisation_name": "Oakfield School",
    "urn": "123456",
    "head": "Ms R. Patel",
    "inspection_date": datetime(2025, 3, 12),  # an Excel date: stored ISO, shown UK
    "inspection_outcome": "Good",
    "registered_places": 60,
    "on_roll": "54",                           # a number typed as text
    "vacancies": 6,
    "incidents_12_months": 0,
    "restraint_12_months": 3,
}
CHILD_ANSWERS = {
    "Z. Ł.": {"attendance_percent": 96, "funded_days_attended": "58 of 60",
             "therapy_delivered": "SALT 1h weekly", "incidents": 0, "exclusions": 0},
    "A. Y.": {"attendance_percent": 88, "funded_days_attended": "52 of 60",
             "therapy_delivered": "OT 30 min fortnightly", "incidents": 2, "exclusions": 1},
}
EXPECTED_PROVIDER = {**{k: str(v) for k, v in PROVIDER_ANSWERS.items()},
                     "inspection_date": "2025-03-12"}


def _provider(db, name: str) -> int:
    provider = add_provider(db, name=name, provider_type="independent_special",
                            host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider


class Register:
    """Oakfield School with Zoë Łukasiewicz and Ayşe Yılmaz, a visit planned for both;
    Riverside College with its own planned visit."""

    def __init__(self, db, path: Path) -> None:
        self.db, self.path = db, path
        self.oakfield = _provider(db, "Oakfield School")
        self.riverside = _provider(db, "Riverside College")
        self.placements = {}
        for given, family in CHILDREN:
            child = add_child(db, given_name=given, family_name=family)
            self.placements[f"{given} {family}"] = add_placement(
                db, child_id=child, provider_id=self.oakfield, start_date=date(2025, 9, 1),
                arrangement="day")
        other = add_child(db, given_name="Tom", family_name="Reed")
        self.reed = add_placement(db, child_id=other, provider_id=self.riverside,
                                  start_date=date(2025, 9, 1), arrangement="day")
        self.visit = add_visit(db, provider_id=self.oakfield, visit_date=VISIT_DAY,
                               placement_ids=self.placements.values(), status=VISIT_PLANNED)
        self.other_visit = add_visit(db, provider_id=self.riverside,
                                     visit_date=date(2026, 12, 9), placement_ids=[self.reed],
                                     status=VISIT_PLANNED)

    def contents(self):
        return table_contents(self.path)


@pytest.fixture
def reg(db, tmp_path) -> Register:
    return Register(db, tmp_path / "register.db")


@pytest.fixture
def form_file(reg, tmp_path) -> Path:
    path = tmp_path / "Oakfield School pre-visit return 04-12-2026.xlsx"
    make_return_form(reg.db, reg.visit, path, as_of=AS_OF)
    return path


def _form_rows(book) -> list[tuple]:
    return [tuple(v for v in row if v is not None)
            for row in book["_form"].iter_rows(values_only=True)]


def fill(path: Path, *, completed_by="Ms R. Patel", completed_on=COMPLETED_ON) -> Path:
    """Type the answers into the answer cells only (as the provider would)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    rows = _form_rows(book)
    questions = {r[1]: r[2] for r in rows if r[0] == "question"}
    columns = {r[1]: r[2] for r in rows if r[0] == "column"}
    child_rows = {r[3]: int(r[2]) for r in rows if r[0] == "child"}
    cells = {r[0]: r[1] for r in rows if r[0].endswith("_cell")}
    for key, value in PROVIDER_ANSWERS.items():
        sheet[questions[key]] = value
    for initials, answers in CHILD_ANSWERS.items():
        for key, value in answers.items():
            sheet[f"{columns[key]}{child_rows[initials]}"] = value
    sheet[cells["completed_by_cell"]] = completed_by
    sheet[cells["completed_on_cell"]] = datetime.combine(completed_on, datetime.min.time())
    book.save(path)
    return path


def edit(path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def _every_cell_text(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [str(v) for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


# --- the form that goes out ---------------------------------------------------------

def test_the_form_names_children_by_initials_only(reg, form_file):
    texts = _every_cell_text(form_file)
    joined = "\n".join(texts)
    for name in FULL_NAMES:
        assert name not in joined
    assert "Z. Ł." in texts and "A. Y." in texts
    assert "Oakfield School" in joined and "Please return by 27/11/2026" in joined
    for item in (*PROVIDER_ITEMS, *CHILD_ITEMS):
        assert item.label in texts
    book = openpyxl.load_workbook(form_file)
    # the child rows are found by placement uuid, never the register's row ids
    child_rows = [r for r in _form_rows(book) if r[0] == "child"]
    assert len(child_rows) == 2 and all(len(r[1]) == 36 for r in child_rows)
    assert book["_form"].sheet_state == "veryHidden"


def test_only_answer_cells_can_be_edited_and_numbers_and_dates_are_validated(reg, form_file):
    book = openpyxl.load_workbook(form_file)
    sheet = book["Return"]
    rows = _form_rows(book)
    questions = {r[1]: r[2] for r in rows if r[0] == "question"}
    assert sheet.protection.sheet
    assert not sheet[questions["head"]].protection.locked
    assert sheet["A1"].protection.locked
    label_cell = next(r[1] for r in rows if r[0] == "label" and r[2] == ITEMS["head"].label)
    assert sheet[label_cell].protection.locked
    validated = {(str(v.type), v.formula2): str(v.sqref).split()
                 for v in sheet.data_validations.dataValidation}
    assert questions["registered_places"] in validated["whole", None]
    assert validated["whole", "100"] == ["B29", "B30"]  # attendance %, one per child
    assert questions["inspection_date"] in validated["date", "73415"]


def test_making_the_form_records_it_as_sent(reg, form_file):
    sent = reg.db.execute("SELECT visit_id, provider_id, sent_on, imported_at "
                          "FROM provider_returns").fetchall()
    assert sent == [(reg.visit, reg.oakfield, "2026-11-22", None)]


def test_no_form_for_a_signed_off_visit_and_nothing_recorded(reg, tmp_path):
    set_visit_status(reg.db, reg.visit, VISIT_COMPLETED)
    before = reg.contents()
    with pytest.raises(ReturnRefused, match="only made for a planned visit"):
        make_return_form(reg.db, reg.visit, tmp_path / "f.xlsx", as_of=AS_OF)
    assert reg.contents() == before
    assert not (tmp_path / "f.xlsx").exists()


# --- the round trip --------------------------------------------------------------------

def test_round_trip_answers_land_as_provider_reported(reg, form_file):
    ensure_default_framework(reg.db)
    fill(form_file)
    imported = import_return_file(reg.db, form_file, as_of=AS_OF, imported_by="a.officer")
    assert imported.message().startswith(
        f"{len(PROVIDER_ANSWERS) + 10} answers from Oakfield School recorded as "
        "provider-reported for the visit on 04/12/2026")
    note = start_recording(reg.db, reg.visit)
    assert note.reported_items == load_visit_note(reg.db, reg.visit).reported_items
    items = {(i.item_key, i.placement_id): i for i in note.reported_items}
    assert len(items) == len(PROVIDER_ITEMS) + 2 * len(CHILD_ITEMS)
    for item in note.reported_items:
        assert item.verification == UNCHECKED
        assert item.reported_on == COMPLETED_ON
    for key in (i.key for i in PROVIDER_ITEMS):
        assert items[key, None].reported_value == EXPECTED_PROVIDER.get(key, "")
    assert items["inspection_date", None].shown_value == "12/03/2025"
    initials_of = {"Zoë Łukasiewicz": "Z. Ł.", "Ayşe Yılmaz": "A. Y."}
    for name, placement_id in reg.placements.items():
        for key, value in CHILD_ANSWERS[initials_of[name]].items():
            item = items[key, placement_id]
            assert item.reported_value == str(value)
            assert item.child_initials == initials_of[name]
    stored = reg.db.execute("SELECT returned_on, completed_by, imported_by, source_file "
                            "FROM provider_returns").fetchone()
    assert stored == ("2026-11-20", "Ms R. Patel", "a.officer", form_file.name)


def test_without_a_completion_date_the_answers_are_dated_today(reg, form_file):
    fill(form_file, completed_on=COMPLETED_ON)
    edit(form_file, lambda book: book["Return"].__setitem__(
        next(r[1] for r in _form_rows(book) if r[0] == "completed_on_cell"), None))
    import_return_file(reg.db, form_file, as_of=AS_OF)
    note = load_visit_note(reg.db, reg.visit)
    assert {i.reported_on for i in note.reported_items} == {AS_OF}


# --- refused, and nothing changes --------------------------------------------------------

def _label_cell(book, text: str) -> str:
    return next(r[1] for r in _form_rows(book) if r[0] == "label" and r[2] == text)


def _set_form_value(book, key: str, value: str) -> None:
    for row in book["_form"].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return
    raise AssertionError(key)


def _swap_child_rows(book) -> None:
    sheet = book["Return"]
    first, second = (int(r[2]) for r in _form_rows(book) if r[0] == "child")
    for column in "ABCDEF":
        a, b = sheet[f"{column}{first}"], sheet[f"{column}{second}"]
        a.value, b.value = b.value, a.value


def _question_cell(book, key: str) -> str:
    return next(r[2] for r in _form_rows(book) if r[0] == "question" and r[1] == key)


TAMPERING = {
    "row inserted": (lambda b: b["Return"].insert_rows(10), "structure was changed"),
    "rows moved": (_swap_child_rows, "structure was changed"),
    "column deleted": (lambda b: b["Return"].delete_cols(3), "structure was changed"),
    "label edited": (
        lambda b: b["Return"].__setitem__(_label_cell(b, ITEMS["vacancies"].label), "Spaces"),
        "should say “Vacancies” but says “Spaces”"),
    "text outside the answers": (lambda b: b["Return"].__setitem__("H40", "extra"),
                                 "H40"),
    "_form deleted": (lambda b: b.remove(b["_form"]), "_form sheet is missing"),
    "_form layout edited": (
        lambda b: next(r for r in b["_form"].iter_rows() if r[0].value == "question")[2]
        .__setattr__("value", "B99"),
        "_form sheet was edited"),
    "_form id removed": (lambda b: _set_form_value(b, "form_id", ""), "_form sheet was edited"),
    "another register": (lambda b: _set_form_value(b, "register_id", "elsewhere"),
                         "made from another register"),
    "unknown form": (lambda b: _set_form_value(b, "form_id", "0" * 32),
                     "no record of sending this form"),
    "not a number": (lambda b: b["Return"].__setitem__(
        _question_cell(b, "registered_places"), "about sixty"),
        "“Registered places” (B16) must be a whole number"),
    "a fraction": (lambda b: b["Return"].__setitem__(_question_cell(b, "vacancies"), 2.5),
                   "(B18) must be a whole number"),
    "not a real date": (lambda b: b["Return"].__setitem__(
        _question_cell(b, "inspection_date"), "31/02/2025"),
        "“Date of the latest inspection” (B12): “31/02/2025” is not a real date"),
    "percent over 100": (lambda b: b["Return"].__setitem__("B29", 140),
                         "for Z. Ł. (B29) must be a percentage"),  # Łukasiewicz under L
    "no one completed it": (lambda b: b["Return"].__setitem__(
        next(r[1] for r in _form_rows(b) if r[0] == "completed_by_cell"), None),
        "does not say who completed it"),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_a_tampered_file_is_refused_and_nothing_changes(reg, form_file, name):
    change, reason = TAMPERING[name]
    edit(fill(form_file), change)
    before = reg.contents()
    with pytest.raises(ReturnRefused) as refused:
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reason in str(refused.value)
    assert reg.contents() == before


def test_a_form_for_another_visit_is_refused(reg, form_file):
    other_uuid = reg.db.execute("SELECT uuid FROM monitoring_visits WHERE id = ?",
                                [reg.other_visit]).fetchone()[0]
    edit(fill(form_file), lambda b: _set_form_value(b, "visit_uuid", other_uuid))
    before = reg.contents()
    with pytest.raises(ReturnRefused) as refused:
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert str(refused.value).startswith(
        "The form is for Oakfield School, visit on 04/12/2026, not Riverside College, "
        "visit on 09/12/2026")
    assert reg.contents() == before


def test_a_form_for_another_provider_is_refused(reg, form_file):
    riverside = reg.db.execute("SELECT uuid FROM providers WHERE id = ?",
                               [reg.riverside]).fetchone()[0]
    edit(fill(form_file), lambda b: _set_form_value(b, "provider_uuid", riverside))
    before = reg.contents()
    with pytest.raises(ReturnRefused, match="not Riverside College: the file names the "
                                            "wrong provider"):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before


def test_a_second_import_of_the_same_form_is_refused(reg, form_file):
    fill(form_file)
    import_return_file(reg.db, form_file, as_of=AS_OF)
    before = reg.contents()
    with pytest.raises(ReturnRefused, match="already imported"):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before


@pytest.mark.parametrize("status, reason", [(VISIT_CANCELLED, "is cancelled"),
                                            (VISIT_COMPLETED, "is signed off")])
def test_a_return_for_a_visit_no_longer_to_be_recorded_is_refused(reg, form_file, status,
                                                                    reason):
    fill(form_file)
    set_visit_status(reg.db, reg.visit, status)
    before = reg.contents()
    with pytest.raises(ReturnRefused, match=reason):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before


def test_a_child_the_visit_no_longer_covers_is_refused(reg, form_file):
    fill(form_file)
    with reg.db.atomic():
        reg.db.execute("DELETE FROM visit_placements WHERE placement_id = ?",
                       [reg.placements["Zoë Łukasiewicz"]])
    before = reg.contents()
    with pytest.raises(ReturnRefused, match=r"The row for Z\. Ł\. \(B29\) is for a child the "
                                            "visit to Oakfield School does not cover"):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before


def test_a_completion_date_after_today_is_refused(reg, form_file):
    fill(form_file, completed_on=date(2026, 11, 30))
    before = reg.contents()
    with pytest.raises(ReturnRefused, match="B33: the date completed, 30/11/2026, is after"):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before


def test_random_bytes_named_xlsx_are_refused(reg, tmp_path):
    path = tmp_path / "return.xlsx"
    path.write_bytes(os.urandom(4096))
    before = reg.contents()
    with pytest.raises(ReturnRefused, match="return.xlsx is not an Excel workbook"):
        import_return_file(reg.db, path, as_of=AS_OF)
    assert reg.contents() == before


def test_every_bad_answer_is_listed_with_its_cell(reg, form_file):
    def two_bad(book):
        sheet = book["Return"]
        sheet[_question_cell(book, "on_roll")] = "-3"
        sheet["E30"] = "two"
    edit(fill(form_file), two_bad)
    with pytest.raises(Exception) as refused:
        read_return_form(form_file)
    assert refused.value.problems == (
        "“Pupils or learners on roll” (B17) must be a whole number, 0 or more, not “-3”",
        "“Incidents involving the pupil this term” for A. Y. (E30) must be a whole number, "
        "0 or more, not “two”",
    )


@pytest.mark.parametrize("typed", ["12/03/2025", " 2025-03-12 ", datetime(2025, 3, 12),
                                   45728])
def test_a_date_is_read_however_it_was_typed(reg, form_file, typed):
    edit(fill(form_file), lambda b: b["Return"].__setitem__(
        _question_cell(b, "inspection_date"), typed))
    answers = {a.item_key: a.value for a in read_return_form(form_file).answers
               if a.placement_uuid is None}
    assert answers["inspection_date"] == "2025-03-12"


def test_a_formula_with_no_saved_value_or_a_date_with_a_time_is_refused(reg, form_file):
    """A form filled in by a program (formulas saved without results), or with a date
    and a time where a date is asked, is refused naming the cells; nothing changes."""
    def program_filled(book):
        sheet = book["Return"]
        sheet[_question_cell(book, "vacancies")] = "=60-54"
        sheet[_question_cell(book, "inspection_date")] = datetime(2025, 3, 12, 14, 30)
    edit(fill(form_file), program_filled)
    with pytest.raises(Exception) as refused:
        read_return_form(form_file)
    assert refused.value.problems == (
        "“Date of the latest inspection” (B12): “12/03/2025 14:30” has a time as well as "
        "a date; type the date alone, as dd/mm/yyyy",
        "“Vacancies” (B18): the cell holds a formula with no saved value; open and save the "
        "file in Excel, or type the value",
    )
    before, data = reg.contents(), form_file.read_bytes()
    with pytest.raises(ReturnRefused):
        import_return_file(reg.db, form_file, as_of=AS_OF)
    assert reg.contents() == before and form_file.read_bytes() == data
