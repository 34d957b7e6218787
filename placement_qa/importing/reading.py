"""Reading a spreadsheet a user gives us: CSV (any encoding Excel writes) or XLSX.

Every cell comes back as text, as the user would read it: XLSX date cells as
``dd/mm/yyyy``, whole numbers without ``.0``. Header names are matched to the
importer's columns ignoring case, spaces and punctuation, so "Case ref",
"case_ref" and "CASE-REF" are the same column. Rows keep the number the user
sees in the spreadsheet: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..exports.cells import read_back

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_NOT_ALNUM = re.compile(r"[\W_]+")
log = logging.getLogger(__name__)


class ImportFileError(Exception):
    """The file cannot be read as a table, or lacks required columns; the message says why."""


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
    empty, or without a column for every required :class:`Column`.
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
        rows.append(SourceRow(offset, keyed, padded))
    named = {key: headers[i] for key, i in positions.items()}
    return SourceTable(headers, tuple(rows), named, ignored)


def match_headers(
    headers: Sequence[str], columns: Sequence[Column], *, silent: Iterable[str] = ()
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Which header position holds each column, and the headers the importer does not use."""
    names: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names[normalise_header(name)] = column
    quiet = {normalise_header(s) for s in silent}
    positions: dict[str, int] = {}
    ignored = []
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
    """Every row of a CSV or XLSX file as lists of text cells."""
    if not path.exists():
        raise ImportFileError(f"{path} does not exist")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a spreadsheet")
    suffix = path.suffix.lower()
    head = _head(path)
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and head.startswith(b"PK")):
        return read_xlsx(path)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"{path.name} is an old Excel (.xls) workbook: save it as .xlsx or CSV and try again"
        )
    if suffix not in CSV_SUFFIXES and _looks_binary(head):
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
    """The first worksheet's rows (openpyxl, read-only), each cell as text."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        log.warning("An XLSX workbook could not be opened", exc_info=True)
        raise ImportFileError(f"{path.name} cannot be read as an XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
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
