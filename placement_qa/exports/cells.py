"""Every cell of every spreadsheet the app writes: text never reaches Excel as a formula.

A child's name, a provider's name or a note can start with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, and Excel or LibreOffice would run such a
cell as a formula (``=HYPERLINK(...)`` sending data away, ``-2+3`` computed).
So:

- in CSV, such text gets a leading ``'`` (the OWASP rule), which spreadsheets
  show as text; every leading ``-`` gets it, whatever follows. Text that already
  starts with quotes before such a character gets one more, so
  :func:`read_back` (used by the importer) restores exactly what was written;
- in XLSX, text is always a string cell (``data_type = "s"``), never a formula,
  and needs no quote; dates and numbers the app writes stay dates and numbers.

An XLSX file is XML, which cannot hold most control characters (a vertical tab or
form feed pasted into a name or a note, or anything an older register holds): in
XLSX each is shown as "�" (U+FFFD, :func:`xlsx_text`), so the export never fails
and the reader sees that a character was there. Tabs and line breaks are kept.

Every CSV or XLSX writer goes through :func:`csv_writer` / :func:`csv_file`,
:func:`xlsx_cell` or :func:`put_text`, so none can forget the rule.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from ..atomic_file import atomic_output

FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTE = "'"
CSV_ENCODING = "utf-8-sig"  # with a BOM, so Excel reads Zoë Łukasiewicz rightly
#: What XML 1.0 (so an XLSX cell) cannot hold: C0 controls but tab, line feed and
#: carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SHOWN_INSTEAD = "\ufffd"


def _would_be_formula(text: str) -> bool:
    return text.lstrip(QUOTE)[:1] in FORMULA_STARTS


def csv_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: ``'=1+2`` for ``=1+2``."""
    return QUOTE + text if _would_be_formula(text) else text


def read_back(text: str) -> str:
    """The text :func:`csv_text` was given (a cell without its quote comes back as is)."""
    return text[1:] if text.startswith(QUOTE) and _would_be_formula(text) else text


def csv_value(value: Any) -> Any:
    """Text neutralised; numbers the app writes stay numbers, None an empty cell."""
    if isinstance(value, str):
        return csv_text(value)
    return value


class CsvWriter:
    """:func:`csv.writer` whose every text cell goes through :func:`csv_text`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([csv_value(value) for value in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(out: TextIO, **options: Any) -> CsvWriter:
    """A CSV writer (``options`` as for :func:`csv.writer`) that never writes a formula."""
    return CsvWriter(out, **options)


@contextmanager
def csv_file(path: str | Path) -> Iterator[TextIO]:
    """A CSV file Excel opens rightly, written privately and atomically (see
    :func:`~placement_qa.atomic_file.atomic_output`): UTF-8 with a BOM."""
    with atomic_output(path, encoding=CSV_ENCODING) as out:
        yield out


def xlsx_text(text: str) -> str:
    """``text`` as an XLSX cell can hold it: every character XML forbids shown as "�"."""
    return _NOT_IN_XML.sub(SHOWN_INSTEAD, text)


def put_text(cell: Any, text: str) -> None:
    """Put ``text`` in an openpyxl cell as a string, even if it starts with ``=`` (and
    with any character XML forbids shown as "�")."""
    cell.value = xlsx_text(text)
    cell.data_type = "s"


def xlsx_cell(sheet: Any, value: Any, *, date_format: str) -> Any:
    """A write-only cell for ``value``: text as a string, a date as a date cell
    in ``date_format``, a number as a number; None (or "") as an empty cell."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = xlsx_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date | datetime):
        cell.number_format = date_format
    return cell
