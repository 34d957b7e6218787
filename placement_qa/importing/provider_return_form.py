"""The pre-visit provider return as a workbook: made for one planned visit, filled in
by the provider, read back and checked before anything reaches the register.

One workbook per visit. The sheet "Return" asks the provider-level questions, then
one row per child the visit covers (named by **initials only**) with a column per
per-child question, then who completed it and when. Only the answer cells can be
edited: the sheet is protected (no password — protection stops accidents, not a
determined editor) and NUMBER and DATE answers carry Excel data validation.

A very hidden sheet "_form" holds what the register needs to match the file to the
visit (the form's id, the register's id, the visit and provider uuids) and where
every label and answer is, with a fingerprint (sha256) of that layout. Reading the
file checks every label is still where it was and nothing was typed outside the
answer cells, so an inserted, deleted or moved row or column, an edited label or an
edited "_form" sheet is refused as "the form's structure was changed", naming where.

No SQL here: :mod:`placement_qa.store.return_import` gathers the visit and records
the form; this module only writes and reads the file.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.dates import uk
from ..domain.provider_return import CHILD_ITEMS, DATE, ITEMS, NUMBER, PROVIDER_ITEMS
from ..exports.cells import put_text, xlsx_text
from .reading import FORMULA_WITHOUT_VALUE
from .return_answers import (
    PERCENT_ITEMS,
    Answers,
    answer,
    date_value,
    not_a_date,
    plain_text,
    short,
    text_of,
)

if TYPE_CHECKING:
    from openpyxl.styles import Font
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

RETURN_SHEET = "Return"
FORM_SHEET = "_form"
FORM_VERSION = "1"
log = logging.getLogger(__name__)
COMPLETED_BY = "Completed by"
DATE_COMPLETED = "Date completed"
CHILD_HEADER = "Child (initials)"
# The ids that say which register, visit and provider the form is for: checked
# against the register on import, so they are not part of the layout's fingerprint.
ID_KEYS = ("form_id", "register_id", "visit_uuid", "provider_uuid", "provider_name",
           "visit_date", "return_by", "version")
CELL_KEYS = ("completed_by_cell", "completed_on_cell")
STRUCTURE_CHANGED = "the form's structure was changed"


class ReturnFormError(ValueError):
    """The file cannot be read as a pre-visit return; the message says what and where."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


# --- what the form is made from ---------------------------------------------------

@dataclass(frozen=True)
class FormChild:
    """A child the visit covers, as the form names them (initials only)."""

    placement_id: int
    placement_uuid: str
    initials: str


@dataclass(frozen=True)
class ReturnForm:
    """Everything a pre-visit form is made from (gathered by the store)."""

    form_id: str
    register_id: str
    council: str
    visit_id: int
    visit_uuid: str
    visit_date: date
    provider_id: int
    provider_uuid: str
    provider_name: str
    return_by: date
    children: tuple[FormChild, ...] = ()


# --- what a returned file says ----------------------------------------------------

@dataclass(frozen=True)
class ReturnAnswer:
    """One answer: the question, the value as text (a date ISO, shown UK style by
    ``ReportedItem.shown_value``), the child's placement uuid for a per-child question,
    and where it was."""

    item_key: str
    value: str
    placement_uuid: str | None
    cell: str
    child_initials: str = ""


@dataclass(frozen=True)
class ParsedReturn:
    form_id: str
    register_id: str
    visit_uuid: str
    provider_uuid: str
    provider_name: str
    visit_date: date | None
    completed_by: str
    completed_on: date | None
    answers: tuple[ReturnAnswer, ...] = field(default_factory=tuple)
    completed_by_cell: str = ""
    completed_on_cell: str = ""

    @property
    def values(self) -> list[tuple[str, str, str | None]]:
        """(item_key, value, placement uuid or None) for every answer, in form order."""
        return [(a.item_key, a.value, a.placement_uuid) for a in self.answers]


# --- writing -------------------------------------------------------------------------

def suggested_file_name(provider_name: str, visit_date: date) -> str:
    """"Oakfield School pre-visit return 04-12-2026.xlsx" (no characters a file system
    refuses)."""
    safe = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", provider_name).split())
    safe = safe.strip(" .") or "Provider"
    return f"{safe} pre-visit return {visit_date.strftime('%d-%m-%Y')}.xlsx"


def form_bytes(form: ReturnForm) -> bytes:
    """The workbook for ``form``, as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]   # the one a new workbook has
    sheet.title = RETURN_SHEET
    layout = _Layout()
    _write_return_sheet(sheet, form, layout)
    _write_form_sheet(book.create_sheet(FORM_SHEET), form, layout)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Layout:
    """Where everything went: fixed text (checked on import) and the answer cells."""

    def __init__(self) -> None:
        self.labels: list[tuple[str, str]] = []            # (cell, text)
        self.questions: list[tuple[str, str]] = []         # (item key, answer cell)
        self.columns: list[tuple[str, str]] = []           # (item key, column letter)
        self.children: list[tuple[str, int, str]] = []     # (placement uuid, row, initials)
        self.cells: dict[str, str] = {}                    # completed_by_cell, ...

    def rows(self) -> list[list[str]]:
        rows = [["label", cell, text] for cell, text in self.labels]
        rows += [["question", key, cell] for key, cell in self.questions]
        rows += [["column", key, column] for key, column in self.columns]
        rows += [["child", uuid, str(row), initials] for uuid, row, initials in self.children]
        rows += [[key, value] for key, value in sorted(self.cells.items())]
        return [[xlsx_text(text) for text in row] for row in rows]  # as the cells hold them


def fingerprint(layout_rows: list[list[str]]) -> str:
    """sha256 of the layout (labels, questions, columns, children, cells) as written."""
    text = json.dumps(sorted(layout_rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_return_sheet(sheet: Worksheet, form: ReturnForm, layout: _Layout) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    answer_fill = PatternFill("solid", start_color="FFF9E0")
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                           allow_blank=True, showErrorMessage=True,
                           errorTitle="A whole number", error="Type a whole number, 0 or more.")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                             allow_blank=True, showErrorMessage=True, errorTitle="A percentage",
                             error="Type a whole number from 0 to 100.")
    # 1 = 01/01/1900, 73415 = 31/12/2100 (Excel's day numbers)
    dated = DataValidation(type="date", operator="between", formula1="1", formula2="73415",
                           allow_blank=True, showErrorMessage=True, errorTitle="A date",
                           error="Type a date as dd/mm/yyyy.")

    def label(cell: str, text: str, font: Font | None = None) -> None:
        put_text(sheet[cell], text)  # text, even if it starts with "=" (never a formula)
        sheet[cell].alignment = wrap
        if font is not None:
            sheet[cell].font = font
        layout.labels.append((cell, text))

    def answer(cell: str, kind: str, key: str = "") -> None:
        target = sheet[cell]
        target.protection = unlocked
        target.fill = answer_fill
        target.alignment = wrap
        if kind == NUMBER:
            (percent if key in PERCENT_ITEMS else whole).add(cell)
        elif kind == DATE:
            target.number_format = "DD/MM/YYYY"
            dated.add(cell)
        else:
            target.number_format = "@"

    label("A1", form.council, Font(bold=True, size=14))
    label("A2", f"Pre-visit return: {form.provider_name}", Font(bold=True, size=12))
    label("A3", f"Monitoring visit on {uk(form.visit_date)}. "
                f"Please return by {uk(form.return_by)}.", bold)
    label("A4", "Please fill in the shaded cells only. Our children are named by "
                "initials only. Type dates as dd/mm/yyyy.")
    row = 6
    label(f"A{row}", "About your school or service", bold)
    label(f"B{row}", "Your answer", bold)
    label(f"C{row}", "Notes", bold)
    for item in PROVIDER_ITEMS:
        row += 1
        label(f"A{row}", item.label)
        if item.hint:
            label(f"C{row}", item.hint)
        answer(f"B{row}", item.kind, item.key)
        layout.questions.append((item.key, f"B{row}"))
    row += 2
    label(f"A{row}", "Our children placed with you", bold)
    row += 1
    header_row = row
    label(f"A{row}", CHILD_HEADER, bold)
    for number, item in enumerate(CHILD_ITEMS, start=2):
        column = get_column_letter(number)
        label(f"{column}{header_row}", item.label, bold)
        if item.hint:
            label(f"{column}{header_row + 1}", item.hint)
        layout.columns.append((item.key, column))
    row = header_row + 1
    for child in form.children:
        row += 1
        label(f"A{row}", child.initials)
        layout.children.append((child.placement_uuid, row, child.initials))
        for number, item in enumerate(CHILD_ITEMS, start=2):
            answer(f"{get_column_letter(number)}{row}", item.kind, item.key)
    row += 2
    label(f"A{row}", COMPLETED_BY, bold)
    answer(f"B{row}", "text")
    layout.cells["completed_by_cell"] = f"B{row}"
    row += 1
    label(f"A{row}", DATE_COMPLETED, bold)
    answer(f"B{row}", DATE)
    layout.cells["completed_on_cell"] = f"B{row}"

    for validation in (whole, percent, dated):
        if validation.sqref:
            sheet.add_data_validation(validation)
    sheet.column_dimensions["A"].width = 48
    for number in range(2, len(CHILD_ITEMS) + 2):
        sheet.column_dimensions[get_column_letter(number)].width = 26
    sheet.protection.sheet = True  # no password: it stops accidents, not editors
    sheet.protection.formatColumns = False  # let the provider widen columns
    sheet.protection.formatRows = False


def _write_form_sheet(sheet: Worksheet, form: ReturnForm, layout: _Layout) -> None:
    ids = {"form_id": form.form_id, "register_id": form.register_id,
           "visit_uuid": form.visit_uuid, "provider_uuid": form.provider_uuid,
           "provider_name": form.provider_name, "visit_date": form.visit_date.isoformat(),
           "return_by": form.return_by.isoformat(), "version": FORM_VERSION}
    rows = layout.rows()
    every = [[key, ids[key]] for key in ID_KEYS] + rows + [["fingerprint", fingerprint(rows)]]
    for number, values in enumerate(every, start=1):
        for column, value in enumerate(values, start=1):
            put_text(sheet.cell(row=number, column=column), value)  # never a formula
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"


# --- reading ---------------------------------------------------------------------------

def read_return_form(path: str | Path) -> ParsedReturn:
    """Read and check a returned form. Raises :class:`ReturnFormError` saying what is
    wrong and where: not a workbook, the structure changed, or answers that are not
    what the question asks for (every such answer is listed, with its cell)."""
    path = Path(path)
    book = _open_workbook(path)
    try:
        if FORM_SHEET not in book.sheetnames:
            raise _changed("the hidden _form sheet is missing")
        if RETURN_SHEET not in book.sheetnames:
            raise _changed(f"the sheet “{RETURN_SHEET}” is missing or was renamed")
        ids, layout_rows = _read_form_sheet(book[FORM_SHEET])
        sheet = book[RETURN_SHEET]
        labels, questions, columns, children, cells = _layout_parts(layout_rows)
        _check_labels(sheet, labels)
        answer_cells = _answer_cells(questions, columns, children, cells)
        _check_nothing_else(sheet, set(labels) | answer_cells)
        answers = Answers(sheet, _formula_cells(path))
        return _read_answers(answers, ids, questions, columns, children, cells)
    finally:
        book.close()


def _formula_cells(path: Path) -> frozenset[str]:
    """The cells of the Return sheet holding a formula with no saved value (a form
    filled in by a program, not Excel): refused, never read as blank."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter

    from .xlsx_formulas import formulas_without_values

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if RETURN_SHEET not in book.sheetnames:
            return frozenset()
        found = formulas_without_values(path, book[RETURN_SHEET])
        return frozenset(f"{get_column_letter(column)}{row}" for row, column in found)
    finally:
        book.close()


def _open_workbook(path: Path, *, data_only: bool = True) -> Workbook:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=data_only)
    except FileNotFoundError:
        raise ReturnFormError(f"{path.name}: there is no such file") from None
    except PermissionError:
        raise ReturnFormError(f"{path.name}: the file could not be opened (is it open in "
                              "another program, or not yours to read?)") from None
    except Exception as exc:  # noqa: BLE001 — a damaged workbook fails in many ways
        log.warning("A pre-visit return workbook could not be opened", exc_info=True)
        raise ReturnFormError(
            f"{path.name} is not an Excel workbook (.xlsx), or it is damaged, so it cannot "
            f"be read as a pre-visit return ({type(exc).__name__})") from None


def _changed(where: str) -> ReturnFormError:
    return ReturnFormError(f"The form's structure was changed ({where}), so it cannot be "
                           "read safely: send the provider a new form, or copy their answers "
                           "into one")


def _read_form_sheet(sheet: Worksheet) -> tuple[dict[str, str], list[list[str]]]:
    ids: dict[str, str] = {}
    layout_rows: list[list[str]] = []
    stored_print = None
    for row in sheet.iter_rows(values_only=True):
        values = [text_of(v) for v in row]
        while values and values[-1] == "":
            values.pop()
        if not values:
            continue
        kind = values[0]
        if kind in ID_KEYS and len(values) <= 2:
            ids[kind] = values[1] if len(values) == 2 else ""
        elif kind == "fingerprint" and len(values) == 2:
            stored_print = values[1]
        elif (kind in ("label", "question", "column") and len(values) == 3) or (
                kind == "child" and len(values) == 4) or (
                kind in CELL_KEYS and len(values) == 2):
            layout_rows.append(values)
        else:
            raise _changed(f"the hidden _form sheet was edited: its row "
                           f"“{short(' | '.join(values))}” is not one the form wrote")
    missing = [k for k in ("form_id", "register_id", "visit_uuid", "provider_uuid")
               if not ids.get(k)]
    if missing or stored_print is None:
        raise _changed("the hidden _form sheet was edited: "
                       + ", ".join(missing or ["fingerprint"]) + " is missing")
    if fingerprint(layout_rows) != stored_print:
        raise _changed("the hidden _form sheet was edited: its layout does not match its "
                       "fingerprint")
    return ids, layout_rows


# the layout's parts: labels (cell → text), questions (item key, cell), columns (item key,
# column letter), children (placement uuid, row, initials) and the other cells by name
_Parts = tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]],
               list[tuple[str, int, str]], dict[str, str]]


def _layout_parts(rows: list[list[str]]) -> _Parts:
    labels: dict[str, str] = {}
    questions: list[tuple[str, str]] = []
    columns: list[tuple[str, str]] = []
    children: list[tuple[str, int, str]] = []
    cells: dict[str, str] = {}
    try:
        for row in rows:
            kind = row[0]
            if kind == "label":
                labels[row[1]] = row[2]
            elif kind == "question":
                questions.append((row[1], row[2]))
            elif kind == "column":
                columns.append((row[1], row[2]))
            elif kind == "child":
                children.append((row[1], int(row[2]), row[3]))
            else:
                cells[kind] = row[1]
    except ValueError:
        raise _changed("the hidden _form sheet was edited") from None
    unknown = [key for key, _ in (*questions, *columns) if key not in ITEMS]
    if unknown or set(cells) != set(CELL_KEYS):
        raise _changed("the hidden _form sheet names questions this version does not ask: "
                       + ", ".join(unknown or sorted(cells)))
    return labels, questions, columns, children, cells


def _check_labels(sheet: Worksheet, labels: dict[str, str]) -> None:
    for cell, text in labels.items():
        found = text_of(sheet[cell].value)
        if found.strip() != text.strip():
            said = f"“{short(found)}”" if found.strip() else "nothing"
            raise _changed(f"{cell} should say “{short(text)}” but says {said}: a row or "
                           "column was inserted, deleted or moved, or a label was edited")


def _answer_cells(questions: list[tuple[str, str]], columns: list[tuple[str, str]],
                  children: list[tuple[str, int, str]], cells: dict[str, str]) -> set[str]:
    found = {cell for _, cell in questions} | set(cells.values())
    found |= {f"{column}{row}" for _, column in columns for _, row, _ in children}
    return found


def _check_nothing_else(sheet: Worksheet, expected: set[str]) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value).strip() != "" \
                    and cell.coordinate not in expected:
                raise _changed(f"{cell.coordinate} has “{short(text_of(cell.value))}”, outside "
                               "the answer cells: a row or column was inserted or moved, or "
                               "something was typed where the form asks nothing")


def _read_answers(sheet: Answers, ids: dict[str, str], questions: list[tuple[str, str]],
                  columns: list[tuple[str, str]], children: list[tuple[str, int, str]],
                  cells: dict[str, str]) -> ParsedReturn:
    problems: list[str] = []
    answers: list[ReturnAnswer] = []
    for key, cell in questions:
        value = answer(sheet, key, cell, "", problems)
        answers.append(ReturnAnswer(key, value, None, cell))
    for uuid, row, child_initials in children:
        for key, column in columns:
            cell = f"{column}{row}"
            value = answer(sheet, key, cell, child_initials, problems)
            answers.append(ReturnAnswer(key, value, uuid, cell, child_initials))
    completed_by_cell, completed_on_cell = cells["completed_by_cell"], cells["completed_on_cell"]
    for label, cell in ((COMPLETED_BY, completed_by_cell), (DATE_COMPLETED, completed_on_cell)):
        if sheet.unsaved_formula(cell):
            problems.append(f"{label} ({cell}): {FORMULA_WITHOUT_VALUE}")
    completed_by = plain_text(sheet[completed_by_cell].value)
    completed_on = date_value(sheet[completed_on_cell].value)
    if completed_on is False:
        problems.append(f"{DATE_COMPLETED} ({completed_on_cell}): "
                        f"{not_a_date(sheet[completed_on_cell].value, 'a date')}")
        completed_on = None
    if problems:
        raise ReturnFormError("Some answers are not what the form asks for:\n"
                              + "\n".join(f"• {p}" for p in problems), tuple(problems))
    try:
        visit_date = date.fromisoformat(ids.get("visit_date", ""))
    except ValueError:
        visit_date = None
    return ParsedReturn(
        form_id=ids["form_id"], register_id=ids["register_id"], visit_uuid=ids["visit_uuid"],
        provider_uuid=ids["provider_uuid"], provider_name=ids.get("provider_name", ""),
        visit_date=visit_date, completed_by=completed_by, completed_on=completed_on,
        answers=tuple(answers), completed_by_cell=completed_by_cell,
        completed_on_cell=completed_on_cell)
