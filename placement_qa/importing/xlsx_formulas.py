"""Formula cells an XLSX file holds with no saved value.

Excel and LibreOffice save each formula with its result. A program that writes
workbooks (openpyxl, many report tools) saves the formula alone, and openpyxl reads
such a cell back as blank, so ``=3*2`` in "Visit interval months" would import as
"leave it as it is". This finds those cells without reading the workbook twice: a
byte scan of the worksheet's XML says whether any formula lacks a value (most imported
files hold no formula, and files Excel saved hold every value: then that is all it
costs); only if one does, one pass over the XML lists the cells.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from openpyxl.utils.cell import coordinate_to_tuple

# The end of a formula (</f>, or <f t="shared" si="0"/>; any namespace prefix) not
# followed by a value element with text: a formula that may have no saved value. (A cell
# holds its formula, then its value, in that order.)
_UNSAVED = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)"
                      rb"(?!\s*<(?:\w+:)?v(?:\s[^>]*)?>[^<])")
_CHUNK, _OVERLAP = 1 << 20, 256


def formulas_without_values(path: Path, sheet: object) -> dict[tuple[int, int], str]:
    """(row, column) → the formula ("=3*2") of each cell of ``sheet`` (a read-only
    openpyxl worksheet of the workbook at ``path``) that has a formula and no value."""
    # where openpyxl found the sheet in the zip (a read-only sheet's own record, left out
    # of openpyxl's type stubs)
    member: str = sheet._worksheet_path  # type: ignore[attr-defined]
    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as stream:
            if not _may_be_unsaved(stream):
                return {}
        with archive.open(member) as stream:
            return _cells_without_values(stream)


def _may_be_unsaved(stream: IO[bytes]) -> bool:
    """Whether the XML holds a formula without a value, by a byte scan (a formula whose
    saved value is empty text counts too: :func:`_saved` then tells). A match in the
    last bytes read is looked at again with the bytes that follow it."""
    window = b""
    while True:
        chunk = stream.read(_CHUNK)
        window += chunk
        if b"f>" not in window and b"f " not in window:   # no formula at all: the usual case
            found = None
        else:
            found = _UNSAVED.search(window)
        if found is not None and (not chunk or found.start() < len(window) - _OVERLAP):
            return True
        if not chunk:
            return False
        window = window[-_OVERLAP:]


def _saved(kind: str, value: Element | None) -> bool:
    """Whether a formula cell of this type has its result saved: a value element with
    text, or an empty one for a text result (=IF(A1="", "", …) as Excel saves it).
    openpyxl writes an empty value element of no type: nothing saved."""
    if value is None:
        return False
    return bool(value.text) or kind in ("str", "s", "inlineStr")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _cells_without_values(stream: IO[bytes]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    row = column = 0
    for event, element in iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row, column = int(element.get("r") or row + 1), 0
            continue
        if tag == "c":
            reference = element.get("r")
            row, column = coordinate_to_tuple(reference) if reference else (row, column + 1)
            parts = {_local(child.tag): child for child in element}
            formula, value = parts.get("f"), parts.get("v")
            if formula is not None and not _saved(element.get("t", "n"), value):
                found[(row, column)] = "=" + (formula.text or "")
            element.clear()
        elif tag == "row":
            element.clear()
    return found
