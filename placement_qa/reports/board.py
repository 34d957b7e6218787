"""The report to the SEND boards as of a date, as a PDF: aggregate figures only.

``board_report_pdf(db, as_of=..., council_name=..., marking=...)`` returns the PDF's
bytes. The key figures and the year's trend are the dashboard's own
(:func:`..store.dashboard.dashboard_as_of`), so the board sees the numbers the
service sees. No child is named anywhere: the lists are of providers, exceptions
and actions, and any child's name in their free text (a reason, what an action
asks) is printed as "a child".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlite_utils import Database

from ..domain import countersign
from ..domain import dashboard as tiles
from ..domain.composed_text import compose, each_value
from ..domain.concerns import concern_rows
from ..domain.dashboard import DashboardFigures, MonthFigures
from ..domain.dates import add_months, uk
from ..domain.inspection import (
    Inspection,
    InspectionFrameworks,
    default_frameworks,
    is_active_on,
    is_below_good,
    latest_by_inspectorate,
    outcome_summary,
    provider_concern,
)
from ..domain.name_redaction import name_replacer
from ..domain.notifiable_events import kind_totals
from ..domain.pages import GuardrailExceptionRecord
from ..domain.register import PROVIDER_TYPES, Child, RegisterPlacement
from ..store.actions import list_actions
from ..store.concerns import concerned_providers
from ..store.countersign import reviewed_notes
from ..store.dashboard import dashboard_as_of
from ..store.inspections import inspections_by_provider
from ..store.notifiable_events import events_between
from ..store.pages import guardrail_exceptions
from ..store.records import list_children, register_placements
from ..store.settings import countersign_working_days
from .board_ageing import action_ageing_part
from .page import PageMarks, build_pdf, flowing_table, heading, table
from .styles import BOLD, FONT, esc, styles

SUBJECT = "Report to the SEND boards"
A_CHILD = "a child"
NO_PROVIDER = "No provider (educated at home)"
NOT_INSPECTED = "Not inspected yet"
EXCEPTIONS_LABEL = "Placements at below-good providers by exception"
KEY_FIGURES = (tiles.IN_SCHEDULE, tiles.PROVIDERS_VISITED, tiles.OVERDUE, tiles.DUE_SOON,
               tiles.NEVER_VISITED, tiles.AWAITING, tiles.OVERDUE_REVIEWS,
               tiles.OVERDUE_ACTIONS, tiles.COUNTERSIGN_LATE,
               tiles.CAUSING_CONCERN, tiles.RECENT_EVENTS)


# --- what the report counts ------------------------------------------------------------

def child_name_remover(children: Iterable[Child]) -> Callable[[str], str]:
    """Free text with every child's name, however typed (any case or accents, a word
    of it, "Family, Given", initials), as "a child"; ordinary words in lower case stay
    ("young" for a child called Young): :mod:`..domain.name_redaction`'s rule."""
    remove = each_value(name_replacer((f"{c.given_name} {c.family_name}", A_CHILD)
                                      for c in children))
    return lambda text: remove(text or "")


def live_placements(placements: Iterable[RegisterPlacement],
                    as_of: date) -> list[RegisterPlacement]:
    """Placements in place on ``as_of``: placed, started and not ended."""
    return [p for p in placements if is_active_on(p, as_of)]


def counts_by_provider_type(live: Sequence[RegisterPlacement]) -> list[tuple[str, int, int]]:
    """(type, placements, providers) in the order of the register's types."""
    placements: Counter[str] = Counter()
    providers: dict[str, set[int]] = {}
    for p in live:
        label = (PROVIDER_TYPES.get(p.provider_type, p.provider_type)
                 if p.provider_id is not None else NO_PROVIDER)
        placements[label] += 1
        providers.setdefault(label, set())
        if p.provider_id is not None:
            providers[label].add(p.provider_id)
    order = [*PROVIDER_TYPES.values(), NO_PROVIDER]
    return sorted(((label, n, len(providers[label])) for label, n in placements.items()),
                  key=lambda row: (order.index(row[0]) if row[0] in order else len(order),
                                   row[0]))


@dataclass(frozen=True)
class OutcomeCount:
    outcome: str          # the latest inspection's outcome, or "Not inspected yet"
    below_good: str       # "Yes", "No", or "—" when not inspected
    providers: int
    placements: int


def _latest(inspections: Iterable[Inspection], as_of: date) -> list[Inspection]:
    return latest_by_inspectorate(
        i for i in inspections if i.inspected_on is not None and i.inspected_on <= as_of)


def outcome_label(inspection: Inspection, below_good: bool) -> str:
    """The outcome in a few words to count providers by: the overall grade ("Good"), the
    standards ("Standards Met"), else (a report card) the framework and whether any part
    of it is a concern."""
    outcome = inspection.outcome
    if "overall" in outcome:
        return str(outcome["overall"])
    if "standards" in outcome:
        return f"Standards {outcome['standards']}"
    if isinstance(outcome.get("areas"), Mapping) or "safeguarding" in outcome:
        return compose("{}: with concerns" if below_good else "{}: no concerns",
                       inspection.framework)
    return outcome_summary(inspection)


def counts_by_outcome(live: Sequence[RegisterPlacement],
                      inspections: Mapping[int, Sequence[Inspection]], as_of: date,
                      frameworks: InspectionFrameworks) -> list[OutcomeCount]:
    """Providers of live placements by their latest inspection's outcome (as of the date),
    below good first, then the most placements."""
    per_provider = Counter(p.provider_id for p in live if p.provider_id is not None)
    groups: dict[tuple[str, str], list[int]] = {}
    for provider_id, placed in per_provider.items():
        latest = _latest(inspections.get(provider_id, ()), as_of)
        if latest:
            below = is_below_good(latest[0], frameworks)
            key = (outcome_label(latest[0], below), "Yes" if below else "No")
        else:
            key = (NOT_INSPECTED, "—")
        groups.setdefault(key, []).append(placed)
    rows = [OutcomeCount(outcome, below, len(counts), sum(counts))
            for (outcome, below), counts in groups.items()]
    return sorted(rows, key=lambda r: (r.below_good != "Yes", -r.placements, r.outcome))


def providers_of_concern(live: Sequence[RegisterPlacement],
                         inspections: Mapping[int, Sequence[Inspection]], as_of: date,
                         frameworks: InspectionFrameworks) -> tuple[int, int]:
    """(providers, placements) whose position is a concern on any strand, or never
    inspected: the guardrail's own test (:func:`provider_concern`)."""
    per_provider = Counter(p.provider_id for p in live if p.provider_id is not None)
    concerning = [pid for pid in per_provider if provider_concern(
        [i for i in inspections.get(pid, ()) if i.inspected_on and i.inspected_on <= as_of],
        frameworks) is not None]
    return len(concerning), sum(per_provider[pid] for pid in concerning)


def exceptions_as_of(records: Iterable[GuardrailExceptionRecord],
                     as_of: date) -> list[GuardrailExceptionRecord]:
    """Exceptions for placements starting on or before ``as_of``."""
    return [r for r in records if r.start_date <= as_of]


# --- the parts of the report -----------------------------------------------------------

def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _body(text: str) -> Paragraph:
    return Paragraph(esc(text), styles()["body"])


def _key_figures_part(figures: DashboardFigures, exceptions: int) -> list[Flowable]:
    rows = [["Measure", "Figure", "Detail"]]
    for key in KEY_FIGURES:
        tile = figures.tile(key)
        rows.append([tile.label, tile.value, tile.detail])
    rows.append([EXCEPTIONS_LABEL, f"{exceptions:,}", "listed below" if exceptions else ""])
    return [heading("Key figures"), table(rows, [78 * mm, 24 * mm, 72 * mm], header=True)]


def percent_text(percent: float | None) -> str:
    """As the dashboard's tiles show a percentage: "87.5%", or "–" when there is none."""
    return "–" if percent is None else f"{percent:.1f}%"


def month_label(month: MonthFigures) -> str:
    """"Nov 25": twelve months from two years are told apart."""
    return month.month_end.strftime("%b %y")


def _axis_fonts(chart: LinePlot | VerticalBarChart) -> None:
    if isinstance(chart, VerticalBarChart):
        category_axis, value_axis = chart.categoryAxis, chart.valueAxis
    else:
        category_axis, value_axis = chart.xValueAxis, chart.yValueAxis
    for axis in (category_axis, value_axis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    category_axis.labels.angle = 45
    category_axis.labels.boxAnchor = "ne"


def _in_schedule_chart(history: Sequence[MonthFigures], x: float, y: float) -> LinePlot:
    """A line through the months that have a figure (none when nothing was monitored)."""
    chart = LinePlot()
    # reportlab takes any number for these; its type stubs say int
    chart.x, chart.y, chart.width, chart.height = x, y, 68 * mm, 45 * mm  # type: ignore[assignment]
    points = [(i, m.in_schedule_percent) for i, m in enumerate(history)
              if m.in_schedule_percent is not None]
    chart.data = [points or [(0, 0)]]
    labels = [month_label(m) for m in history]
    axis = chart.xValueAxis
    axis.valueMin, axis.valueMax = -0.5, len(history) - 0.5
    axis.valueSteps = list(range(len(history)))
    axis.labelTextFormat = lambda i: labels[int(round(i))] if 0 <= round(i) < len(labels) else ""
    chart.yValueAxis.valueMin, chart.yValueAxis.valueMax = 0, 100
    chart.yValueAxis.valueStep = 20
    line = chart.lines[0]
    line.strokeColor = colors.HexColor("#c0392b") if len(points) > 1 else None
    line.strokeWidth = 2
    line.symbol = makeMarker("FilledCircle", size=3, fillColor=colors.HexColor("#c0392b"))
    if not points:
        line.symbol = None
    _axis_fonts(chart)
    return chart


def _visits_chart(history: Sequence[MonthFigures], x: float, y: float) -> VerticalBarChart:
    chart = VerticalBarChart()
    # reportlab takes any number for these; its type stubs say int
    chart.x, chart.y, chart.width, chart.height = x, y, 68 * mm, 45 * mm  # type: ignore[assignment]
    counts = [m.completed_visits for m in history]
    chart.data = [counts]
    chart.categoryAxis.categoryNames = [month_label(m) for m in history]
    top = max(counts, default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(4, top + 1) if top <= 10 else -(-top // 5) * 5
    chart.valueAxis.valueStep = 1 if top <= 10 else -(-top // 5)
    chart.bars[0].fillColor = colors.HexColor("#5b8fc7")
    _axis_fonts(chart)
    return chart


def trend_chart(history: Sequence[MonthFigures]) -> Drawing:
    """Two charts side by side: in-schedule % at each month end, completed visits each month."""
    drawing = Drawing(174 * mm, 70 * mm, initialFontName=FONT)   # not Helvetica, unembedded
    left, right, bottom = 12 * mm, 100 * mm, 16 * mm
    drawing.add(_in_schedule_chart(history, left, bottom))
    drawing.add(_visits_chart(history, right, bottom))
    for x, title in ((left, "Placements in schedule at month end (%)"),
                     (right, "Completed visits in the month")):
        drawing.add(String(x, 66 * mm, title, fontName=BOLD, fontSize=8.5))
    return drawing


def _trend_part(history: Sequence[MonthFigures]) -> list[Flowable]:
    if not history:
        return []
    first, last = history[0].month_end, history[-1].month_end
    rows = [["Month", "In schedule at month end", "Completed visits"]]
    rows += [[f"{m.month_end:%B %Y}", percent_text(m.in_schedule_percent),
              f"{m.completed_visits:,}"] for m in history]
    return [heading(f"The last 12 months: {first:%B %Y} to {last:%B %Y}"), trend_chart(history),
            table(rows, [60 * mm, 60 * mm, 54 * mm], header=True)]


def _type_part(live: Sequence[RegisterPlacement]) -> list[Flowable]:
    rows = [[label, f"{n:,}", f"{p:,}"] for label, n, p in counts_by_provider_type(live)]
    total = ["All live placements", f"{len(live):,}",
             f"{len({p.provider_id for p in live if p.provider_id is not None}):,}"]
    return [heading("Live placements by provider type"),
            table([["Provider type", "Placements", "Providers"], *rows, total],
                  [100 * mm, 37 * mm, 37 * mm], header=True)]


def _outcome_part(live: Sequence[RegisterPlacement],
                  inspections: Mapping[int, Sequence[Inspection]], as_of: date) -> list[Flowable]:
    frameworks = default_frameworks()
    rows = [[r.outcome, r.below_good, f"{r.providers:,}", f"{r.placements:,}"]
            for r in counts_by_outcome(live, inspections, as_of, frameworks)]
    providers, placements = providers_of_concern(live, inspections, as_of, frameworks)
    story = [heading("Providers of live placements by latest inspection outcome")]
    if not rows:
        return [*story, _body("No live placements at a provider.")]
    return [*story, table([["Latest inspection outcome", "Below good", "Providers",
                            "Placements"], *rows], [88 * mm, 26 * mm, 30 * mm, 30 * mm], True),
            Spacer(1, 4),
            _body(f"Below good on any inspection strand, or not inspected yet: "
                  f"{_plural(providers, 'provider')} with "
                  f"{_plural(placements, 'live placement')}.")]


def _exceptions_part(exceptions: Sequence[GuardrailExceptionRecord],
                     anonymise: Callable[[str], str]) -> list[Flowable]:
    story = [heading("Exceptions to the below-good guardrail")]
    if not exceptions:
        return [*story, _body("No placement has been made at a below-good provider.")]
    rows = [[r.provider_name or "—", uk(r.start_date), anonymise(r.reason),
             anonymise(r.approver)] for r in exceptions]
    return story + flowing_table(["Provider", "Placement started", "Reason", "Approved by"],
                                 rows, [50 * mm, 24 * mm, 64 * mm, 36 * mm])


def _actions_part(db: Database, as_of: date, anonymise: Callable[[str], str]) -> list[Flowable]:
    overdue = [a for a in list_actions(db, live_only=True) if a.is_overdue(as_of)]
    story = [heading("Overdue follow-up actions")]
    if not overdue:
        return [*story, _body("No follow-up action is past its due date.")]
    rows = [[a.provider_name or "—", anonymise(a.description), anonymise(a.owner_label),
             uk(due), f"{(as_of - due).days:,}"]
            for a in overdue if (due := a.due_date) is not None]
    return story + flowing_table(["Provider", "What needs doing", "Owner", "Due", "Days overdue"],
                                 rows, [36 * mm, 60 * mm, 32 * mm, 22 * mm, 24 * mm])


COUNTERSIGNED_IN_TIME = "Notes countersigned within {days} working days"
AWAITING_COUNTERSIGN = "Notes awaiting countersign"


def _countersign_part(db: Database, as_of: date) -> list[Flowable]:
    """The manager's review of signed-off notes: the notes awaiting countersign, and the
    share of the last 12 months' notes countersigned in time (of those whose time is up)."""
    notes = reviewed_notes(db)
    days = countersign_working_days(db)
    start = tiles.month_ends(as_of)[0].replace(day=1)
    waiting = countersign.awaiting([n for n in notes if n.signed_off_on <= as_of])
    late = [n for n in waiting if countersign.age(n, as_of) > days]
    in_time = countersign.countersigned_in_time(notes, start, as_of, days, as_of)
    rows = [["Measure", "Figure", "Detail"],
            [AWAITING_COUNTERSIGN, f"{len(waiting):,}",
             f"{len(late):,} for more than {days:,} working days"],
            [COUNTERSIGNED_IN_TIME.format(days=days), percent_text(in_time.percent),
             f"{in_time.in_time:,} of {_plural(in_time.counted, 'note')}"]]
    return [heading("Countersigning of visit notes"),
            table(rows, [78 * mm, 24 * mm, 72 * mm], header=True), Spacer(1, 4),
            _body(f"Countersigned in time: of the notes signed off from {uk(start)} to "
                  f"{uk(as_of)}, those countersigned within {days:,} working days of "
                  "sign-off. A note counts once it is countersigned or has waited longer; "
                  "one still within its time is not counted yet.")]


def _concerns_part(db: Database, as_of: date,
                   anonymise: Callable[[str], str]) -> list[Flowable]:
    """Providers a manager marked as causing concern on ``as_of``: since when, why, the
    review date (and whether it has come) and their live placements."""
    story = [heading("Providers causing concern")]
    concerned = concerned_providers(db, as_of)
    if not concerned:
        return [*story, _body("No provider is marked as causing concern.")]
    rows = [[c.name, uk(c.cause.since), anonymise(c.cause.reason),
             (uk(c.cause.review_on) or "—") + (" (due for review)" if c.review_due(as_of)
                                                else ""),
             f"{c.placements:,}"] for c, _words in concern_rows(concerned, as_of)]
    return story + flowing_table(["Provider", "Since", "Reason", "Review by", "Placements"],
                                 rows, [42 * mm, 22 * mm, 62 * mm, 30 * mm, 18 * mm])


def events_period(as_of: date) -> tuple[date, date]:
    """The board's period for events: the 12 months to ``as_of`` (both days included)."""
    return add_months(as_of, -12) + timedelta(days=1), as_of


def _events_part(db: Database, as_of: date) -> list[Flowable]:
    """Notifiable events between visits in the period, by kind (no child named)."""
    first, last = events_period(as_of)
    events = events_between(db, first, last)
    story = [heading(f"Notifiable events between visits, {uk(first)} to {uk(last)}")]
    if not events:
        return [*story, _body("No notifiable event was recorded in the period.")]
    rows = [[label, f"{count:,}", f"{providers:,}"] for label, count, providers
            in kind_totals(events)]
    total = ["All events", f"{len(events):,}", f"{len({e.provider_id for e in events}):,}"]
    return [*story, table([["Event", "Events", "Providers"], *rows, total],
                          [100 * mm, 37 * mm, 37 * mm], header=True)]


# --- the report ------------------------------------------------------------------------

def _story(db: Database, as_of: date) -> list[Flowable]:
    figures = dashboard_as_of(db, as_of)
    live = live_placements(register_placements(db), as_of)
    inspections = inspections_by_provider(db)
    exceptions = exceptions_as_of(guardrail_exceptions(db), as_of)
    anonymise = child_name_remover(list_children(db))
    return [
        Paragraph(esc(SUBJECT), styles()["title"]),
        Paragraph(esc(f"Figures from the register as of {uk(as_of)}. Aggregate figures "
                      "only: no child is named."), styles()["small"]),
        Spacer(1, 4),
        *_key_figures_part(figures, len(exceptions)),
        *_trend_part(figures.history),
        *_type_part(live),
        *_outcome_part(live, inspections, as_of),
        *_exceptions_part(exceptions, anonymise),
        *_concerns_part(db, as_of, anonymise),
        *_actions_part(db, as_of, anonymise),
        *_countersign_part(db, as_of),
        *_events_part(db, as_of),
        *action_ageing_part(db, as_of),
    ]


def board_report_pdf(db: Database, *, as_of: date, council_name: str, marking: str) -> bytes:
    """The report to the SEND boards as of ``as_of`` as PDF bytes."""
    marks = PageMarks(council_name, marking, SUBJECT, f"As of {uk(as_of)}",
                      f"Figures from the register as of {uk(as_of)}")
    return build_pdf(_story(db, as_of), marks, title=f"{SUBJECT} as of {uk(as_of)}",
                     author=council_name)
