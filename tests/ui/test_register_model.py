"""The register table model on its own: Qt's model checks, roles, filter and sort."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from placement_qa.domain.schedule import Status
from placement_qa.store.schedule import schedule_as_of
from placement_qa.ui.register_model import (
    COL_CHILD,
    COL_LAST_VISIT,
    COL_NEXT_DUE,
    COL_START,
    COL_STATUS,
    HEADERS,
    OVERDUE_MARKER,
    UNSENT_MARKER,
    RegisterModel,
)

ROLE = Qt.ItemDataRole


def warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def make_model(db, as_of, icon: QIcon | None = None) -> RegisterModel:
    model = RegisterModel(warning_icon=icon if icon is not None else warning_icon())
    model.set_rows(schedule_as_of(db, as_of))
    return model


def row_of(model: RegisterModel, child: str) -> int:
    return next(
        row for row in range(model.rowCount())
        if model.index(row, COL_CHILD).data() == child
    )


def test_model_passes_qt_model_checks(qtbot, qtmodeltester, sample_db, as_of):
    model = make_model(sample_db, as_of)
    qtmodeltester.check(model)
    model.set_filter_text("o")
    model.sort(COL_NEXT_DUE, Qt.SortOrder.DescendingOrder)
    model.set_status_filter({Status.OVERDUE})
    qtmodeltester.check(model)


def test_empty_model_passes_qt_model_checks(qtbot, qtmodeltester):
    qtmodeltester.check(RegisterModel())


def test_headers_and_shape(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    assert model.rowCount() == 10 and model.columnCount() == len(HEADERS) == 8
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(8)] == list(HEADERS)
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, horizontal, ROLE.InitialSortOrderRole) == (
        Qt.SortOrder.AscendingOrder
    )


def test_overdue_row_is_bold_tinted_and_marked(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    status = model.index(row_of(model, "Amara Okafor"), COL_STATUS)
    assert status.data() == "Overdue"
    assert isinstance(status.data(ROLE.FontRole), QFont) and status.data(ROLE.FontRole).bold()
    icon = status.data(ROLE.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert isinstance(status.data(ROLE.BackgroundRole), QColor)
    assert status.data(ROLE.ToolTipRole) == "Next visit was due 01/10/2026; last visit 01/10/2025"


def test_due_soon_is_tinted_but_not_bold(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    row = row_of(model, "Zoë Brennan")
    assert model.index(row, COL_STATUS).data(ROLE.FontRole) is None
    assert model.index(row, COL_STATUS).data(ROLE.DecorationRole) is None
    due_soon = model.index(row, COL_CHILD).data(ROLE.BackgroundRole)
    overdue = model.index(row_of(model, "Amara Okafor"), COL_CHILD).data(ROLE.BackgroundRole)
    assert isinstance(due_soon, QColor) and due_soon != overdue
    in_schedule = row_of(model, "Grace Hall")
    assert model.index(in_schedule, COL_CHILD).data(ROLE.BackgroundRole) is None


def test_without_an_icon_overdue_status_carries_a_text_marker(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of, icon=QIcon())
    status = model.index(row_of(model, "Amara Okafor"), COL_STATUS)
    assert status.data() == OVERDUE_MARKER + "Overdue"
    assert status.data(ROLE.DecorationRole) is None


def test_sort_role_gives_raw_values(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    zoe = row_of(model, "Zoë Brennan")
    assert model.index(zoe, COL_NEXT_DUE).data(RegisterModel.SORT_ROLE) == "2026-12-03"
    assert model.index(zoe, COL_START).data(RegisterModel.SORT_ROLE) == "2025-01-10"
    assert model.index(zoe, COL_CHILD).data(RegisterModel.SORT_ROLE) == "zoe brennan\x00Zoë Brennan"
    ended = row_of(model, "Ella Fraser")
    assert model.index(ended, COL_LAST_VISIT).data(RegisterModel.SORT_ROLE) is None
    # Status sorts by urgency: overdue first.
    overdue = model.index(row_of(model, "Amara Okafor"), COL_STATUS)
    assert overdue.data(RegisterModel.SORT_ROLE) == 0
    assert model.index(ended, COL_STATUS).data(RegisterModel.SORT_ROLE) == 6


def test_sort_puts_missing_dates_last_both_ways(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(COL_NEXT_DUE, order)
        values = [model.index(r, COL_NEXT_DUE).data(RegisterModel.SORT_ROLE) for r in range(10)]
        dated = [v for v in values if v is not None]
        assert values == dated + [None] * (10 - len(dated))
        assert dated == sorted(dated, reverse=order == Qt.SortOrder.DescendingOrder)


def test_filter_and_status_filter_reset_the_model(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    with qtbot.waitSignal(model.modelReset):
        model.set_filter_text("hillcrest")
    assert sorted(model.index(r, COL_CHILD).data() for r in range(model.rowCount())) == [
        "Harry Irwin", "Łukasz Nowak",
    ]
    model.set_status_filter({Status.DUE_SOON})
    assert [model.index(r, COL_CHILD).data() for r in range(model.rowCount())] == ["Harry Irwin"]
    assert model.status_counts[Status.IN_SCHEDULE] == 1


def test_placement_id_role_and_row_of(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    index = model.index(3, COL_CHILD)
    placement_id = index.data(RegisterModel.PLACEMENT_ID_ROLE)
    assert model.row_of(placement_id) == 3
    assert model.line_at(3).placement.placement_id == placement_id


def test_unhandled_roles_and_invalid_indexes_give_none(qtbot, sample_db, as_of):
    model = make_model(sample_db, as_of)
    assert model.data(model.index(0, 0), ROLE.UserRole + 999) is None
    assert model.data(model.index(0, 0), ROLE.CheckStateRole) is None
    assert model.data(model.index(99, 0)) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, ROLE.ToolTipRole) is None


def test_lines_not_yet_sent_are_marked_by_an_icon_or_else_an_arrow(qtbot, sample_db, as_of,
                                                                    builder):
    amara = builder.placements["Amara Okafor"]
    plain = make_model(sample_db, as_of)  # no icon: the text says it
    plain.set_unsent({amara})
    index = plain.index(row_of(plain, UNSENT_MARKER + "Amara Okafor"), COL_CHILD)
    assert index.data(ROLE.ToolTipRole) == "Amara Okafor: not yet sent to the team register"
    assert plain.index(row_of(plain, "Ben Carter"), COL_CHILD).data(ROLE.ToolTipRole) \
        == "Ben Carter"
    arrow = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp)
    iconic = RegisterModel(warning_icon=warning_icon(), unsent_icon=arrow)
    iconic.set_rows(schedule_as_of(sample_db, as_of))
    iconic.set_unsent({amara})
    index = iconic.index(row_of(iconic, "Amara Okafor"), COL_CHILD)
    assert not index.data(ROLE.DecorationRole).isNull()
    iconic.set_unsent(set())  # sent: the marks go
    assert index.data(ROLE.DecorationRole) is None
