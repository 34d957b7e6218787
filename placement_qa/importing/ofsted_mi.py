"""Reading Ofsted's published management-information (MI) files.

Ofsted publishes, monthly, "Management information - state-funded schools -
latest inspections" and an independent-schools equivalent, as CSV (and XLSX).
The files change shape from year to year, so this reader is tolerant:

* a few title lines may come before the header row: the header row is the
  first row with a cell that reads ``URN``;
* the text may be UTF-8 (with or without a byte-order mark) or Excel's cp1252,
  or the file an XLSX workbook (read by :func:`.reading.read_grid`, as the
  placements import reads its files);
* header names are matched ignoring case, spaces and punctuation
  ("Overall effectiveness", "OVERALL_EFFECTIVENESS" and "Overall effectiveness:"
  are one column), against the aliases in :data:`COLUMN_ALIASES`.

Row numbers are the rows a spreadsheet shows (title lines and the header count),
so an error report points at the row the user sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .reading import ImportFileError, read_grid

# The register's field -> normalised header names Ofsted has used for it.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "urn": ("urn",),
    "name": ("schoolname", "providername", "name", "establishmentname"),
    "inspected_on": (
        "inspectionstartdate", "inspectiondate", "latestinspectionstartdate",
        "inspectionstartdateoflatestinspection", "startdateofinspection",
        "dateoflatestinspection", "reportcardinspectionstartdate",
    ),
    "overall": ("overalleffectiveness", "latestoveralleffectiveness", "overalleffectivenessgrade"),
    "category_of_concern": ("categoryofconcern",),
    "safeguarding_effective": ("safeguardingiseffective", "issafeguardingeffective"),
    "iss": (
        "doestheschoolmeettheindependentschoolstandards",
        "doestheschoolmeetallindependentschoolstandards",
        "independentschoolstandardsmet", "independentschoolstandards",
        "metindependentschoolstandards", "standardsmet", "meetsindependentschoolstandards",
    ),
    "safeguarding": ("safeguarding", "safeguardingstandards", "safeguardingstandardsmet",
                     "safeguardingmet"),
}

# Key judgements of the 2019 framework (graded 1-4): register area -> aliases.
JUDGEMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "Quality of education": ("qualityofeducation",),
    "Behaviour and attitudes": ("behaviourandattitudes",),
    "Personal development": ("personaldevelopment",),
    "Leadership and management": ("effectivenessofleadershipandmanagement",
                                  "leadershipandmanagement"),
    "Early years provision": ("earlyyearsprovisionwhereapplicable", "earlyyearsprovision"),
    "Sixth form provision": ("sixthformprovisionwhereapplicable", "sixthformprovision"),
}

# Report-card evaluation areas (November 2025 on): register area -> aliases.
CARD_AREA_ALIASES: dict[str, tuple[str, ...]] = {
    "Inclusion": ("inclusion",),
    "Curriculum and teaching": ("curriculumandteaching",),
    "Achievement": ("achievement",),
    "Attendance and behaviour": ("attendanceandbehaviour",),
    "Personal development and well-being": ("personaldevelopmentandwellbeing",),
    "Leadership and governance": ("leadershipandgovernance",),
    "Early years": ("earlyyears", "earlyyearsineducation"),
    "Sixth form": ("sixthform", "sixthformineducation"),
}


class MiFileError(ImportFileError):
    """The file cannot be read as Ofsted MI at all (no header row, no outcome columns)."""


@dataclass(frozen=True)
class MiColumns:
    """Where each known column is (index in a row), or absent."""

    fields: dict[str, int]
    judgements: dict[str, int]
    card_areas: dict[str, int]
    headers: tuple[str, ...]

    def header(self, index: int) -> str:
        return self.headers[index]

    @property
    def has_outcomes(self) -> bool:
        outcome_fields = {"overall", "iss", "category_of_concern"}
        return bool(outcome_fields & self.fields.keys() or self.judgements or self.card_areas)


@dataclass(frozen=True)
class MiRow:
    number: int  # the row a spreadsheet shows, counting title lines and the header
    cells: tuple[str, ...]


@dataclass(frozen=True)
class MiTable:
    columns: MiColumns
    rows: tuple[MiRow, ...]


def normalise_header(text: str) -> str:
    """``"Overall effectiveness:"`` -> ``"overalleffectiveness"``."""
    return re.sub(r"[^0-9a-z]", "", str(text).casefold())


def read_mi_file(path: str | Path) -> MiTable:
    """The header and data rows of an MI file (CSV or XLSX).

    Raises :class:`.reading.ImportFileError` (or its :class:`MiFileError`) with
    a message for the user when the file cannot be read.
    """
    return mi_table(read_grid(Path(path)))


def mi_table(records: Sequence[Sequence[str]]) -> MiTable:
    """Find the header row (the first with a ``URN`` cell) and match its columns."""
    for index, record in enumerate(records):
        if any(normalise_header(cell) == "urn" for cell in record):
            columns = match_columns(record)
            rows = tuple(   # a str subclass (UnreadableCell) is kept as it is
                MiRow(number, tuple(c if isinstance(c, str) else str(c) for c in cells))
                for number, cells in enumerate(records[index + 1:], start=index + 2)
                if any(str(c).strip() for c in cells)
            )
            if not rows:
                raise MiFileError("no rows to import: there is nothing under the header row")
            return MiTable(columns, rows)
    raise MiFileError("no header row with a URN column: is this an Ofsted management "
                      "information file?")


def match_columns(headers: Sequence[str]) -> MiColumns:
    """The index of each known column; the first matching header wins."""
    normalised = [normalise_header(h) for h in headers]

    def find(aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
        found = {}
        for key, names in aliases.items():
            for name in names:
                if name in normalised:
                    found[key] = normalised.index(name)
                    break
        return found

    return MiColumns(
        fields=find(COLUMN_ALIASES), judgements=find(JUDGEMENT_ALIASES),
        card_areas=find(CARD_AREA_ALIASES), headers=tuple(str(h) for h in headers),
    )
