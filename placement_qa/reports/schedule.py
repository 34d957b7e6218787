"""The monthly planning schedule as a PDF: the visits planned in a month, the providers
due (or overdue) but not planned, and who reviewed the schedule and when.

What is due and the words used come from :mod:`..domain.monthly_schedule`, as on the
Monthly schedule screen, so the printed and on-screen schedules always agree. No child
is named: each visit shows how many placements it covers.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.monthly_schedule import due_not_planned, month_title, position_text, review_text
from ..domain.planning import ProviderDue, VisitForExport, month_days
from ..domain.register import VISIT_TYPES
from ..store.planning import last_schedule_review
from ..store.schedule import schedule_as_of
from ..store.visit_exports import visits_between
from .page import PageMarks, build_pdf, flowing_table, heading
from .paragraphs import long_text, para

VISIT_HEADER = ("Date", "Provider", "Host authority", "Visit type", "Visitors",
                "Placements covered")
VISIT_WIDTHS = tuple(w * mm for w in (22, 70, 42, 40, 59, 28))
DUE_HEADER = ("Provider", "Host authority", "Placements due", "Earliest due", "Position")
DUE_WIDTHS = tuple(w * mm for w in (95, 60, 32, 32, 42))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def visit_row(visit: VisitForExport) -> list[str]:
    return [uk(visit.visit_date), visit.provider_name or "No provider (home visit)",
            visit.host_authority or "—",
            VISIT_TYPES.get(visit.visit_type, visit.visit_type), visit.visitors or "",
            str(visit.placements_covered)]


def due_row(provider: ProviderDue, month: str) -> list[str]:
    return [provider.provider_name, provider.host_authority, str(provider.children_due),
            uk(provider.earliest_due), position_text(provider, month)]


def _body(text: str) -> Flowable:
    return para(text)


def _part_heading(text: str, note: str) -> list:
    """A heading and a line under it. The line stops the heading's keep-with-next from
    holding a long table with it (which would move the whole table to a new page);
    the page break only asks for room to start the table under them."""
    return [CondPageBreak(30 * mm), heading(text), para(note, "small")]


def _visits_part(visits: list[VisitForExport], title: str) -> list:
    story = _part_heading(f"Planned visits in {title}: {len(visits)}",
                          "By date. One visit covers every placement at the provider; "
                          "the number of placements is shown, not who they are.")
    if not visits:
        return [*story, _body("No visits are planned in the month.")]
    return story + flowing_table(VISIT_HEADER, [visit_row(v) for v in visits],
                                 VISIT_WIDTHS, label_col=1)


def _due_part(due: list[ProviderDue], month: str) -> list:
    story = _part_heading(f"Due this month but not planned: {_plural(len(due), 'provider')}",
                          "Providers with placements due a visit by the month's end (overdue "
                          "ones too) and no visit planned, earliest due first.")
    if not due:
        return [*story, _body("Every placement due by the month's end has a visit planned.")]
    return story + flowing_table(DUE_HEADER, [due_row(p, month) for p in due],
                                 DUE_WIDTHS)


def schedule_pdf(db: Database, month: str, *, as_of: date, council_name: str,
                 marking: str) -> bytes:
    """The planning schedule for ``month`` (YYYY-MM) as PDF bytes, printed as of
    ``as_of``; a month not written YYYY-MM is a PlanningError."""
    first, last = month_days(month)
    title = month_title(month)
    visits = visits_between(db, first, last)
    due = due_not_planned(schedule_as_of(db, last), month)
    review = review_text(last_schedule_review(db, month), month)
    story = [para(f"Monthly planning schedule: {title}", "title"),
             para(f"As of {uk(as_of)}.", "small"),
             *_visits_part(visits, title), *_due_part(due, month),
             CondPageBreak(20 * mm), heading("Schedule review"), *long_text(review, "body")]
    marks = PageMarks(council_name, marking, f"Monthly planning schedule — {title}",
                      f"As of {uk(as_of)}", review)
    return build_pdf(story, marks, title=f"Monthly planning schedule {month}",
                     author=council_name, pagesize=landscape(A4))
