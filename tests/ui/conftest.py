"""Shared UI fixtures: an offscreen Qt, a readable register builder, typing helpers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass, field  # noqa: E402  (after the platform is chosen)
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from keyboard_input import type_text  # noqa: E402,F401  (the one shared helper)
from sqlite_utils import Database  # noqa: E402

from placement_qa.domain.register import (  # noqa: E402
    AWAITING_PROVISION,
    DAY,
    ELECTIVE_HOME_EDUCATION,
    INDEPENDENT_POST16,
    INDEPENDENT_SPECIAL,
    NON_MAINTAINED_SPECIAL,
    RESIDENTIAL_52_WEEK,
    VISIT_COMPLETED,
    VISIT_PLANNED,
)
from placement_qa.store.inspections import add_inspection  # noqa: E402
from placement_qa.store.register import (  # noqa: E402
    add_child,
    add_placement,
    add_provider,
)
from placement_qa.store.settings import set_setting  # noqa: E402
from placement_qa.store.visits import add_visit  # noqa: E402

AS_OF = date(2026, 11, 22)
HOME = "Westbridge"


@dataclass
class RegisterBuilder:
    """Builds a small register in words: providers, children's placements, visits."""

    db: Database
    placements: dict[str, int] = field(default_factory=dict)

    def provider(
        self, name: str, *, provider_type: str = INDEPENDENT_SPECIAL, authority: str = "Northshire"
    ) -> int:
        """A provider rated Good in 2019 (so new placements there are allowed)."""
        provider_id = add_provider(
            self.db, name=name, provider_type=provider_type, host_authority=authority
        )
        add_inspection(self.db, provider_id=provider_id, inspectorate="Ofsted (education)",
                       inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                       outcome={"overall": "Good"})
        return provider_id

    def placement(
        self,
        child: str,
        provider: int | None,
        *,
        start: date,
        arrangement: str = DAY,
        end: date | None = None,
        awaiting: bool = False,
        interval: int = 12,
    ) -> int:
        given, _, family = child.partition(" ")
        child_id = add_child(self.db, given_name=given, family_name=family)
        placement_id = add_placement(
            self.db, child_id=child_id, provider_id=provider, start_date=start,
            arrangement=arrangement, end_date=end, visit_interval_months=interval,
            **({"state": AWAITING_PROVISION} if awaiting else {}),
        )
        self.placements[child] = placement_id
        return placement_id

    def visit(
        self, provider: int | None, day: date, *children: str, status: str = VISIT_COMPLETED
    ) -> int:
        ids = [self.placements[child] for child in children]
        return add_visit(
            self.db, provider_id=provider, visit_date=day, placement_ids=ids, status=status
        )


def build_sample_register(builder: RegisterBuilder) -> None:
    """Ten placements as of 22/11/2026, two of them overdue.

    Overdue: Amara Okafor (due 01/10/2026), Ben Carter (home education, never
    visited, due 01/05/2026). Due soon: Zoë Brennan (due 03/12/2026, planned
    01/12/2026), Harry Irwin (due 30/11/2026, planned 10/12/2026, after the due date). In
    schedule: Łukasz Nowak, Grace Hall. Then one each of Awaiting provision,
    Not required, Ended and Not started. KPI 1 = 4/6, KPI 2 = 3/4 providers.
    """
    b = builder
    brookside = b.provider("Brookside School")
    oakfield = b.provider("Oakfield School")
    riverside = b.provider("Riverside College", provider_type=INDEPENDENT_POST16,
                           authority="Eastmoor")
    hillcrest = b.provider("Hillcrest House", provider_type=NON_MAINTAINED_SPECIAL,
                           authority="Southvale")
    primary = b.provider("Westbridge Primary", provider_type="mainstream_resourced",
                         authority=HOME)
    b.placement("Amara Okafor", brookside, start=date(2024, 9, 1))
    b.placement("Ben Carter", None, start=date(2025, 5, 1), arrangement=ELECTIVE_HOME_EDUCATION)
    b.placement("Zoë Brennan", riverside, start=date(2025, 1, 10))
    b.placement("Harry Irwin", hillcrest, start=date(2024, 1, 8))
    b.placement("Łukasz Nowak", hillcrest, start=date(2023, 9, 4), arrangement=RESIDENTIAL_52_WEEK)
    b.placement("Grace Hall", oakfield, start=date(2026, 2, 1), interval=6)
    b.placement("Chloe Davies", None, start=date(2026, 9, 1), awaiting=True)
    b.placement("Daniel Evans", primary, start=date(2022, 9, 5))
    b.placement("Ella Fraser", brookside, start=date(2021, 9, 1), end=date(2026, 7, 20))
    b.placement("Finn Green", riverside, start=date(2027, 1, 5))
    b.visit(brookside, date(2025, 10, 1), "Amara Okafor")
    b.visit(riverside, date(2025, 12, 3), "Zoë Brennan")
    b.visit(riverside, date(2026, 12, 1), "Zoë Brennan", status=VISIT_PLANNED)
    b.visit(hillcrest, date(2025, 11, 30), "Harry Irwin")
    b.visit(hillcrest, date(2026, 6, 15), "Łukasz Nowak")
    b.visit(hillcrest, date(2026, 12, 10), "Harry Irwin", status=VISIT_PLANNED)
    b.visit(oakfield, date(2026, 9, 1), "Grace Hall")


@pytest.fixture(autouse=True, scope="session")
def garbage_collected_on_the_gui_thread(qapp):
    """As in the app: the collector never runs in a worker thread, where freeing a
    widget left over from an earlier test would crash the process."""
    from placement_qa.ui.gc_guard import collect_garbage_on_gui_thread

    collector = collect_garbage_on_gui_thread(qapp)
    yield collector


@pytest.fixture(autouse=True)
def garbage_freed_after_each_test(garbage_collected_on_the_gui_thread):
    """What one test left behind is freed before the next starts, on this thread."""
    yield
    import gc

    gc.collect()


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Each test's QSettings live in its own folder: none leak between tests, and
    the user's own settings are never touched."""
    from PySide6.QtCore import QSettings

    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def no_unanswered_message_boxes(monkeypatch):
    """Offscreen, nobody answers a message box: a static one (question, warning…)
    would wait for ever and hang the run. Here it fails the test instead, saying what
    was asked; a test that expects one replaces it with its answer."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(kind: str):
        def box(parent, title, text, *args, **kwargs):
            raise AssertionError(f"unexpected QMessageBox.{kind}: {title}: {text}")
        return staticmethod(box)

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))


@pytest.fixture(name="type_text")
def type_text_fixture():
    """The :func:`type_text` helper (test modules here are not a package to import from)."""
    return type_text


@pytest.fixture
def as_of() -> date:
    return AS_OF


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    return tmp_path / "r.db"


@pytest.fixture
def register_db(new_register, register_path: Path) -> Database:
    """A new register (a copy of the run's template, tests/conftest.py) at ``register_path``,
    its home authority Westbridge, written to as the account running the tests."""
    db = new_register(register_path)
    set_setting(db, "home_authority", HOME)
    return db


@pytest.fixture
def builder(register_db: Database) -> RegisterBuilder:
    return RegisterBuilder(register_db)


@pytest.fixture
def sample_db(builder: RegisterBuilder) -> Database:
    build_sample_register(builder)
    return builder.db


@pytest.fixture
def open_window(qtbot, register_path):
    """``open_window(db, demo_created=False)``: a shown MainWindow as of 22/11/2026."""
    from placement_qa.ui.main_window import MainWindow

    def _open(db: Database, *, demo_created: bool = False) -> MainWindow:
        window = MainWindow(db, register_path=register_path, as_of=AS_OF,
                            demo_created=demo_created)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    return _open


@pytest.fixture
def window(open_window, sample_db):
    return open_window(sample_db)


@pytest.fixture
def windows(qtbot, request):
    """``windows(db, path)``: a shown main window on that register (tests/ui/team_window.py),
    closed at the end before the test's team (if it has one) closes its registers."""
    from team_window import Windows

    if "team" in request.fixturenames:
        request.getfixturevalue("team")  # made first, so torn down after the windows
    made = Windows(qtbot)
    yield made
    made.close_all()
