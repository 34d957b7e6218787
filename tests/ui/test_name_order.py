"""Names are filed the same way in every list, on screen and on paper: accents and
special letters set aside (Łukasz under L, Øyvind under O, Þóra with Th), names that
fold alike ordered by their own text (Zoe, then Zoë), whatever order they were added in.

One fixed list of names and its order, checked against every list a user sees: the
store's lists, the pickers, the register view sorted by a column, the pages, the
printed reports and the exports. Each list is a parameter; the dates in each are the
same for every name, so the names alone decide the order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QTableView, QTreeView
from recorded_visits import record_and_sign

from placement_qa.domain import dashboard as d
from placement_qa.domain.names import name_sort_key
from placement_qa.domain.register import AWAITING_PROVISION, VISIT_PLANNED
from placement_qa.store import records
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.register import add_child, add_placement
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visit_exports import visits_between
from placement_qa.store.visit_notes import load_visit_note
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)
START = date(2024, 9, 1)  # every placement: next visit due 01/09/2025, overdue as of AS_OF
LEFT = Qt.MouseButton.LeftButton

EXPECTED = ["Ángel", "Ayşe", "Émile", "Eve", "Lucy", "Łukasz", "Mia", "Oliver", "Øyvind",
            "Pavel", "Serban", "Şerban", "Thomas", "Þóra", "Zoe", "Zoë"]
# The order they are added in: neither that order nor its reverse, Zoë before Zoe.
ADDED = [EXPECTED[i] for i in (8, 15, 2, 11, 0, 13, 5, 9, 14, 1, 12, 3, 7, 10, 4, 6)]


@dataclass
class Named:
    """A register where each name is a family name ("Alex Łukasz"), a provider
    ("Łukasz House") and its host authority ("Łukasz Council"), added in ADDED order."""

    db: object
    qtbot: object
    open_window: Callable
    tmp_path: Path
    path: Path
    providers: dict[str, int]


def names_in(texts, pattern: str = "{}") -> list[str]:
    """The expected names, in the order they occur in ``texts`` (a string, e.g. a PDF's
    text, or a list of cells), each written as ``pattern`` ("Alex {}", "{} House")."""
    if not isinstance(texts, str):
        texts = "\n".join(t or "" for t in texts)
    choices = sorted(EXPECTED, key=len, reverse=True)
    written = "|".join(re.escape(pattern.format(n)) for n in choices)
    found = re.findall(f"(?<!\\w)(?:{written})(?!\\w)", texts)
    by_text = {pattern.format(n): n for n in EXPECTED}
    return [by_text[f] for f in found]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def combo_texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def table_column(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_header(qtbot, view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def shown(qtbot, widget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)


# --- the lists ------------------------------------------------------------------------

def store_children(r: Named) -> list[str]:
    return names_in([c.name for c in records.list_children(r.db)], "Alex {}")


def store_providers(r: Named) -> list[str]:
    return names_in([p.name for p in records.list_providers(r.db)], "{} House")


def store_host_authorities(r: Named) -> list[str]:
    return names_in(records.host_authorities(r.db), "{} Council")


def placement_dialog_child_picker(r: Named) -> list[str]:
    from placement_qa.ui.placement_dialog import PlacementDialog

    dialog = PlacementDialog(r.db)
    shown(r.qtbot, dialog)
    return names_in(combo_texts(dialog.findChild(QComboBox, "placementChild")), "Alex {}")


def placement_dialog_provider_picker(r: Named) -> list[str]:
    from placement_qa.ui.placement_dialog import PlacementDialog

    dialog = PlacementDialog(r.db)
    shown(r.qtbot, dialog)
    return names_in(combo_texts(dialog.findChild(QComboBox, "placementProvider")), "{} House")


def register_view_sorted(column_name: str, pattern: str) -> Callable[[Named], list[str]]:
    def read(r: Named) -> list[str]:
        from placement_qa.ui import register_model

        column = getattr(register_model, column_name)
        window = r.open_window(r.db)
        window.tabs.setCurrentWidget(window.register_view)
        view = window.findChild(QTableView, "registerTable")
        click_header(r.qtbot, view, column)
        assert view.horizontalHeader().sortIndicatorSection() == column
        return names_in(table_column(view, column), pattern)
    return read


def register_list_pdf(r: Named) -> list[str]:
    from placement_qa.reports.register_list import register_list_pdf as make

    return names_in(pdf_text(make(r.db, as_of=AS_OF, council_name="Westbridge Council",
                                  marking="OFFICIAL")), "Alex {}")


def register_export(suffix: str) -> Callable[[Named], list[str]]:
    def read(r: Named) -> list[str]:
        from placement_qa.store.exports import write_register_file

        path = r.tmp_path / f"register{suffix}"
        write_register_file(r.db, schedule_as_of(r.db, AS_OF), path)
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(path).active
            children = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        else:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                children = [row["Child"] for row in csv.DictReader(handle)]
        return names_in(children, "Alex {}")
    return read


def overdue_csv(r: Named) -> list[str]:
    from placement_qa.exports.overdue_csv import overdue_lines, write_overdue_file
    from placement_qa.store.risk import lines_by_risk

    path = r.tmp_path / "overdue.csv"
    urgent = overdue_lines(schedule_as_of(r.db, AS_OF))  # all alike: by name within a level
    write_overdue_file(lines_by_risk(r.db, urgent, AS_OF), path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return names_in([row["Child"] for row in csv.DictReader(handle)], "Alex {}")


def dashboard_overdue_list(r: Named) -> list[str]:
    window = r.open_window(r.db)
    r.qtbot.waitUntil(lambda: window.dashboard.figures is not None
                      and not window.dashboard.working, timeout=10_000)
    r.qtbot.mouseClick(window.findChild(QPushButton, f"tile_{d.OVERDUE}"), LEFT)
    view = window.findChild(QTableView, "dashboardList")
    return names_in(table_column(view, 0), "{} House")


def monthly_schedule_due(r: Named) -> list[str]:
    from placement_qa.ui.pages.monthly_schedule import MonthlySchedule

    page = MonthlySchedule(r.db, AS_OF, "P. Manager")
    shown(r.qtbot, page)
    return names_in(table_column(page.due_table, 0), "{} House")


def schedule_pdf_due(r: Named) -> list[str]:
    from placement_qa.reports.schedule import schedule_pdf

    text = pdf_text(schedule_pdf(r.db, "2026-11", as_of=AS_OF, council_name="Westbridge",
                                 marking="OFFICIAL"))
    return names_in(text, "{} House")


def planned_visits(r: Named) -> None:
    """A visit planned at every provider on the same day."""
    for provider in r.providers.values():
        placement = r.db.execute("SELECT id FROM placements WHERE provider_id = ?",
                                 [provider]).fetchone()[0]
        add_visit(r.db, provider_id=provider, visit_date=date(2026, 11, 25),
                  placement_ids=[placement], status=VISIT_PLANNED)


def schedule_csv_planned(r: Named) -> list[str]:
    from placement_qa.exports.schedule_csv import write_schedule_file

    planned_visits(r)
    path = r.tmp_path / "schedule.csv"
    write_schedule_file(visits_between(r.db, date(2026, 11, 1), date(2026, 11, 30)), path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return names_in([row["Provider"] for row in csv.DictReader(handle)], "{} House")


def monthly_schedule_planned(r: Named) -> list[str]:
    from placement_qa.ui.pages.monthly_schedule import MonthlySchedule

    planned_visits(r)
    page = MonthlySchedule(r.db, AS_OF, "P. Manager")
    shown(r.qtbot, page)
    return names_in(table_column(page.visits_table, 1), "{} House")


def trip_planner(r: Named) -> list[str]:
    from placement_qa.ui.pages.trip_planner import TripPlanner

    page = TripPlanner(r.db, AS_OF)
    shown(r.qtbot, page)
    model = page.findChild(QTreeView, "tripTree").model()
    return names_in([model.index(row, 0).data() for row in range(model.rowCount())],
                    "{} Council")


def awaiting_provision_page(r: Named) -> list[str]:
    from placement_qa.ui.pages.awaiting_list import AwaitingProvisionList

    for name in reversed(ADDED):
        child = add_child(r.db, given_name="Bea", family_name=name)
        add_placement(r.db, child_id=child, provider_id=None, start_date=START,
                      arrangement="day", state=AWAITING_PROVISION)
    page = AwaitingProvisionList(r.db, AS_OF)
    shown(r.qtbot, page)
    return names_in(table_column(page.table, 0), "Bea {}")


def guardrail_exceptions_page(r: Named) -> list[str]:
    from placement_qa.ui.pages.guardrail_exceptions import GuardrailExceptionsList

    with r.db.atomic():
        r.db.execute("UPDATE placements SET guardrail_reason = 'No other place'")
    page = GuardrailExceptionsList(r.db)
    shown(r.qtbot, page)
    return names_in(table_column(page.table, 0), "Alex {}")


def board_report_exceptions(r: Named) -> list[str]:
    from placement_qa.reports.board import board_report_pdf

    with r.db.atomic():
        r.db.execute("UPDATE placements SET guardrail_reason = 'No other place'")
    text = pdf_text(board_report_pdf(r.db, as_of=AS_OF, council_name="Westbridge",
                                     marking="OFFICIAL"))
    return names_in(text, "{} House")  # providers are named only in the exceptions table


def one_visit_to_every_child(r: Named) -> int:
    """The first provider with a placement for each name too ("Cal Łukasz"), all covered
    by one visit, recorded and signed off."""
    ensure_default_framework(r.db)
    oakfield = r.providers[EXPECTED[0]]
    placements = []
    for name in reversed(ADDED):
        child = add_child(r.db, given_name="Cal", family_name=name)
        placements.append(add_placement(r.db, child_id=child, provider_id=oakfield,
                                        start_date=START, arrangement="day"))
    visit = add_visit(r.db, provider_id=oakfield, visit_date=date(2026, 11, 18),
                      placement_ids=placements, status=VISIT_PLANNED)
    record_and_sign(r.db, visit, visitors="R. Singh")
    return visit


def visit_note_children(r: Named) -> list[str]:
    visit = one_visit_to_every_child(r)
    return names_in([c.child_name for c in load_visit_note(r.db, visit).children], "Cal {}")


def visit_note_pdf(r: Named) -> list[str]:
    from placement_qa.reports.visit_note import visit_note_pdf as make

    visit = one_visit_to_every_child(r)
    text = pdf_text(make(r.db, visit, council_name="Westbridge", marking="OFFICIAL"))
    first = names_in(text, "Cal {}")
    return list(dict.fromkeys(first))  # each child's first mention, in order


def provider_page_sorted_by_child(r: Named) -> list[str]:
    from placement_qa.ui.pages.provider_page import ProviderPage

    one_visit_to_every_child(r)
    page = ProviderPage(r.db, r.providers[EXPECTED[0]], AS_OF)
    shown(r.qtbot, page)
    view = page.tables["providerPlacements"]
    column = next(c for c in range(view.model().columnCount())
                  if view.model().headerData(c, Qt.Orientation.Horizontal) == "Child")
    click_header(r.qtbot, view, column)
    return names_in(table_column(view, column), "Cal {}")


def actions_page_provider_filter(r: Named) -> list[str]:
    from placement_qa.domain.actions import NewAction
    from placement_qa.store.actions import raise_action
    from placement_qa.ui.pages.actions_page import ActionsList

    for provider in r.providers.values():
        raise_action(r.db, NewAction(provider, "Send the care plan", "provider", "Head",
                                     date(2026, 12, 1), "medium"))
    page = ActionsList(r.db, AS_OF)
    shown(r.qtbot, page)
    return names_in(combo_texts(page.findChild(QComboBox, "actionsProviderFilter")),
                    "{} House")


def change_log_user_filter(r: Named) -> list[str]:
    from placement_qa.store.connection import open_register
    from placement_qa.ui.pages.audit_page import ChangeLogPage

    for name in ADDED:
        as_user = open_register(r.path, os_user=f"{name} Officer")
        try:
            add_child(as_user, given_name="Dee", family_name=name)
        finally:
            as_user.close()
    page = ChangeLogPage(r.db)
    shown(r.qtbot, page)
    return names_in(combo_texts(page.findChild(QComboBox, "userFilter")), "{} Officer")


LISTS = {
    "store: children": store_children,
    "store: providers": store_providers,
    "store: host authorities": store_host_authorities,
    "placement dialog: child picker": placement_dialog_child_picker,
    "placement dialog: provider picker": placement_dialog_provider_picker,
    "register view: by child": register_view_sorted("COL_CHILD", "Alex {}"),
    "register view: by provider": register_view_sorted("COL_PROVIDER", "{} House"),
    "register view: by host authority": register_view_sorted("COL_HOST_AUTHORITY",
                                                             "{} Council"),
    "register list PDF": register_list_pdf,
    "register export CSV": register_export(".csv"),
    "register export XLSX": register_export(".xlsx"),
    "overdue CSV": overdue_csv,
    "dashboard: overdue list": dashboard_overdue_list,
    "monthly schedule: due, not planned": monthly_schedule_due,
    "monthly schedule: planned visits": monthly_schedule_planned,
    "schedule PDF": schedule_pdf_due,
    "schedule CSV": schedule_csv_planned,
    "trip planner": trip_planner,
    "awaiting provision page": awaiting_provision_page,
    "guardrail exceptions page": guardrail_exceptions_page,
    "board report PDF: exceptions": board_report_exceptions,
    "visit note: children": visit_note_children,
    "visit note PDF": visit_note_pdf,
    "provider page: placements by child": provider_page_sorted_by_child,
    "actions page: provider filter": actions_page_provider_filter,
    "change log: user filter": change_log_user_filter,
}


@pytest.fixture
def named(builder, qtbot, open_window, tmp_path, register_path) -> Named:
    providers = {}
    for name in ADDED:
        providers[name] = builder.provider(f"{name} House", authority=f"{name} Council")
        builder.placement(f"Alex {name}", providers[name], start=START)
    return Named(builder.db, qtbot, open_window, tmp_path, register_path, providers)


def test_the_expected_order_is_the_one_key_function():
    assert sorted(ADDED, key=name_sort_key) == EXPECTED


@pytest.mark.parametrize("read", LISTS.values(), ids=LISTS.keys())
def test_every_list_files_names_the_same_way(named, read):
    assert read(named) == EXPECTED
