"""Reading a spreadsheet a user gives us: CSV (any encoding Excel writes) or XLSX.

Every cell comes back as text, as the user would read it: XLSX date cells as
``dd/mm/yyyy`` (with `` hh:mm`` when the time is not midnight, which a date column
then refuses), whole numbers without ``.0``. An XLSX formula cell with no saved
value (a file written by a program, never opened in Excel) is never read as blank:
it comes back as an :class:`UnreadableCell` and the importer reports it. What a file
is (CSV or XLSX) is told by its content, whatever its name says. Header names are
matched to the importer's columns ignoring case, spaces and punctuation, so "Case ref",
"case_ref" and "CASE-REF" are the same column. Rows keep the number the user
sees in the spreadsheet: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

from ..exports.cells import read_back

_NOT_ALNUM = re.compile(r"[\W_]+")
_XLSX_MAGIC, _XLS_MAGIC = b"PK", b"\xd0\xcf\x11\xe0"
FORMULA_WITHOUT_VALUE = ("the cell holds a formula with no saved value; open and save the "
                         "file in Excel, or type the value")
log = logging.getLogger(__name__)


class ImportFileError(Exception):
    """The file cannot be read as a table, or lacks required columns; the message says why."""


class UnreadableCell(str):
    """A cell whose text must not be imported as it reads (an XLSX formula with no
    saved value: its text is the formula); ``problem`` says why, for the user."""

    problem: str

    def __new__(cls, text: str, problem: str) -> UnreadableCell:
        cell = super().__new__(cls, text)
        cell.problem = problem
        return cell


@dataclass(frozen=True)
class Column:
    """A column the importer understands: its template header, and other names accepted."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRow:
    """One data row: its spreadsheet row number, the importer's cells and the original cells."""

    number: int
    cells: dict[str, str]
    original: tuple[str, ...]
    unreadable: dict[str, str] = field(default_factory=dict)  # column key -> problem


@dataclass(frozen=True)
class SourceTable:
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    column_headers: dict[str, str]  # importer column key -> the file's own header for it
    ignored_headers: tuple[str, ...]


def normalise_header(text: str) -> str:
    """"Case Ref", "case_ref" and "CASE-REF" all become "caseref"."""
    return _NOT_ALNUM.sub("", text).casefold()


def read_table(
    path: str | Path, columns: Sequence[Column], *, silent: Iterable[str] = ()
) -> SourceTable:
    """The rows of ``path`` keyed by ``columns``; headers in ``silent`` are dropped quietly.

    A cell our own exports quoted so that no spreadsheet runs it as a formula
    (``'=...``, ``'-2``: see :mod:`placement_qa.exports.cells`) comes back without
    the quote, so an error report fixed and imported again holds what was typed.

    Raises :class:`ImportFileError` for a file that is missing, not CSV/XLSX,
    empty, without a column for every required :class:`Column`, or with a header
    and no rows to import.
    """
    grid = [[read_back(cell) for cell in cells] for cells in read_grid(Path(path))]
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise ImportFileError(f"{path} is empty: the first row must name the columns")
    headers = tuple(cell.strip() for cell in grid[0])
    positions, ignored = match_headers(headers, columns, silent=silent)
    rows = []
    for offset, cells in enumerate(grid[1:], start=2):
        padded = tuple(cells) + ("",) * (len(headers) - len(cells))
        if not any(cell.strip() for cell in padded):
            continue  # a blank row: nothing to import, and not worth an error
        keyed = {key: padded[i].strip() for key, i in positions.items()}
        unreadable = {key: cell.problem for key, i in positions.items()
                      if isinstance(cell := padded[i], UnreadableCell)}
        rows.append(SourceRow(offset, keyed, padded, unreadable))
    if not rows:
        raise no_rows(Path(path))
    named = {key: headers[i] for key, i in positions.items()}
    return SourceTable(headers, tuple(rows), named, ignored)


def no_rows(path: Path) -> ImportFileError:
    return ImportFileError(f"{path.name} has no rows to import: there is nothing under its "
                           "header row")


def match_headers(
    headers: Sequence[str], columns: Sequence[Column], *, silent: Iterable[str] = ()
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Which header position holds each column, and the headers the importer does not use."""
    names: dict[str, Column] = {}
    for each in columns:
        for name in (each.header, *each.aliases):
            names[normalise_header(name)] = each
    quiet = {normalise_header(s) for s in silent}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        column = names.get(normalise_header(header))
        if column is None:
            if header and normalise_header(header) not in quiet:
                ignored.append(header)
            continue
        if column.key in positions:
            first = headers[positions[column.key]]
            raise ImportFileError(
                f"the columns '{first}' and '{header}' are both {column.header}: keep one"
            )
        positions[column.key] = index
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(
            "the file has no column for " + ", ".join(missing)
            + " (the first row must name the columns, as in the template)"
        )
    return positions, tuple(ignored)


def read_grid(path: Path) -> list[list[str]]:
    """Every row of a CSV or XLSX file as lists of text cells. Which it is, the
    content says: an XLSX workbook is a zip file, whatever its name ends with, and a
    CSV saved with an ``.xlsx`` name is read as the CSV it is."""
    if not path.exists():
        raise ImportFileError(f"{path} does not exist")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a spreadsheet")
    head = _head(path)
    if head.startswith(_XLSX_MAGIC):
        return read_xlsx(path)
    if head.startswith(_XLS_MAGIC):
        raise ImportFileError(
            f"{path.name} is an old Excel (.xls) workbook: save it as .xlsx or CSV and try again"
        )
    if _looks_binary(head):
        raise ImportFileError(f"{path.name} is not a CSV or XLSX file")
    return read_csv_text(decode_text(path.read_bytes(), name=path.name), name=path.name)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(512)
    except OSError as exc:
        raise ImportFileError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_text(raw: bytes, *, name: str = "the file") -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, else Excel's Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:  # a UTF-16 mark, then an odd byte or a broken pair
            raise ImportFileError(
                f"{name} starts like UTF-16 text but is cut short or damaged: save it "
                "again from Excel as CSV UTF-8 and try again") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{name} is not text in UTF-8 or Windows-1252: save it from Excel as "
            "'CSV UTF-8' and try again"
        ) from None


def read_csv_text(text: str, *, name: str = "the file") -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(f"{name} cannot be read as CSV: {exc}") from None


def read_xlsx(path: Path) -> list[list[str]]:
    """The first worksheet's rows (openpyxl, read-only), each cell as text; a formula
    with no saved value as an :class:`UnreadableCell` (see :mod:`.xlsx_formulas`)."""
    with path.open("rb") as handle:   # a handle: openpyxl would refuse a name not .xlsx
        return _xlsx_grid(path, handle)


def _xlsx_grid(path: Path, handle: BinaryIO) -> list[list[str]]:
    from openpyxl import load_workbook

    from .xlsx_formulas import formulas_without_values

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        log.warning("An XLSX workbook could not be opened", exc_info=True)
        raise ImportFileError(f"{path.name} cannot be read as an XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        grid = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for (row, column), formula in formulas_without_values(path, sheet).items():
            if row <= len(grid) and column <= len(grid[row - 1]):
                grid[row - 1][column - 1] = UnreadableCell(formula, FORMULA_WITHOUT_VALUE)
        return grid
    except Exception as exc:  # noqa: BLE001 — as above
        log.warning("An XLSX worksheet could not be read", exc_info=True)
        raise ImportFileError(f"{path.name}: its first worksheet cannot be read ({exc})") from None
    finally:
        book.close()


def cell_text(value: object) -> str:
    """An XLSX cell as the user reads it: dates dd/mm/yyyy, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
