"""A month's visit notes written into a folder: one PDF for each child's case file and
one for the provider's file, for every visit completed (signed off) in the month.

``write_month_notes(db, "2026-10", folder, council_name=..., marking=..., progress=...)``
writes each file whole or not at all (a temporary file beside it, then a rename), so a
cancelled or failed batch never leaves half a PDF. ``progress(done, total, what)`` is
called after each file; when it returns False the batch stops. A note that cannot be
made is recorded (which visit, why) and the batch carries on.

No Qt here: the dialog runs this on a worker thread, the CLI can run it as it is.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from ..atomic_file import write_atomically
from ..domain.note_copy import PROVIDER_COPY, NoteCopy, child_copy
from ..store.visit_notes import CompletedVisit, visits_completed_in

#: ``progress(done, total, what)``: False stops the batch.
Progress = Callable[[int, int, str], bool]
log = logging.getLogger(__name__)

MAX_NAME = 150  # characters before ".pdf": well inside Windows' and Linux's limits
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
             *(f"LPT{n}" for n in range(1, 10))}


@dataclass(frozen=True)
class NoteFile:
    """One file to write: which visit, which copy, under what name."""

    visit_id: int
    copy: NoteCopy
    file_name: str
    describe: str  # "Oakfield School, 05/11/2026: Zoë Łukasiewicz"


@dataclass(frozen=True)
class NoteFailure:
    visit_id: int
    file_name: str
    reason: str


@dataclass
class BatchResult:
    month: str
    folder: Path
    total: int = 0
    written: list[Path] = field(default_factory=list)
    failures: list[NoteFailure] = field(default_factory=list)
    cancelled: bool = False

    @property
    def count(self) -> int:
        return len(self.written)


def safe_file_name(name: str, limit: int = MAX_NAME) -> str:
    """``name`` made safe as a file name on Windows and Linux: no ``<>:"/\\|?*`` or
    control characters, letters of any alphabet kept, spaces tidied, at most ``limit``
    characters, no trailing dot or space, never a reserved device name."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = _FORBIDDEN.sub("", name)
    name = re.sub(r"\s+", " ", name).strip()
    name = name[:limit].rstrip(" .")
    if not name or name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name


def note_files(visit: CompletedVisit) -> list[NoteFile]:
    """The files for one visit: each child's copy, then the provider's copy."""
    day = visit.visit_date.isoformat()
    where = f"{visit.provider_name}, {visit.visit_date:%d/%m/%Y}"
    files = [NoteFile(visit.visit_id, child_copy(child.placement_id),
                      _pdf_name(f"{day} {visit.provider_name} - {child.child_name}"),
                      f"{where}: {child.child_name}")
             for child in visit.children]
    files.append(NoteFile(visit.visit_id, PROVIDER_COPY,
                          _pdf_name(f"{day} {visit.provider_name} - provider copy"),
                          f"{where}: provider copy"))
    return files


def month_files(db: Database, month: str) -> list[NoteFile]:
    """Every file the month's batch writes, in order (a name met twice gets " (2)")."""
    files, used = [], set()
    for item in (f for visit in visits_completed_in(db, month) for f in note_files(visit)):
        name, number = item.file_name, 1
        while name.casefold() in used:
            number += 1
            name = f"{item.file_name[:-4]} ({number}).pdf"
        used.add(name.casefold())
        files.append(replace(item, file_name=name))
    return files


def write_month_notes(db: Database, month: str, folder: Path | str, *, council_name: str,
                      marking: str, progress: Progress) -> BatchResult:
    """Write the notes of every visit completed in ``month`` ("YYYY-MM") into ``folder``."""
    from .visit_note import visit_note_pdf  # reportlab only when notes are made

    folder = Path(folder)
    files = month_files(db, month)
    result = BatchResult(month, folder, total=len(files))
    for done, item in enumerate(files, start=1):
        path = folder / item.file_name
        try:
            pdf = visit_note_pdf(db, item.visit_id, copy=item.copy,
                                 council_name=council_name, marking=marking)
            write_atomically(path, pdf)
        except Exception as exc:  # noqa: BLE001 — one bad note must not stop the month
            log.exception("The note of visit %d could not be written", item.visit_id)
            result.failures.append(NoteFailure(item.visit_id, item.file_name, _reason(exc)))
        else:
            result.written.append(path)
        if not progress(done, len(files), item.describe):
            result.cancelled = done < len(files)
            break
    return result


def describe_result(result: BatchResult) -> str:
    """The outcome in words: how many written where, cancelled, which notes failed."""
    if result.cancelled:
        text = f"Cancelled: {result.count} of {result.total} written to {result.folder}."
    else:
        text = f"{_notes(result.count)} written to {result.folder}."
    if result.failures:
        text += f"\n{_notes(len(result.failures))} could not be made:"
        text += "".join(f"\n• {f.file_name}: {f.reason}" for f in result.failures)
    return text


def _notes(count: int) -> str:
    return "1 note" if count == 1 else f"{count} notes"


def _pdf_name(stem: str) -> str:
    return f"{safe_file_name(stem)}.pdf"


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"the file could not be written: {exc.strerror or exc}"
    return str(exc) or type(exc).__name__
