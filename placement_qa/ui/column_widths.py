"""Column widths for a big table: fitted to a sample of rows and to the window.

``resizeColumnsToContents`` over 100,000 rows would measure every cell; here a
column's natural width comes from the header and a sample of rows (the view's
``resizeContentsPrecision``), capped. When the window is narrow the columns give
way in the order a :class:`GiveWay` says, least important first, so the last
column (the status) stays in sight and the most important are cut last. Once the
user drags a column edge their widths are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

PADDING = 14


def fit_widths(
    natural: Sequence[int], available: int, shrinkable: Sequence[int], minimum: int
) -> list[int]:
    """``natural`` widths, with the ``shrinkable`` columns narrowed (never below
    ``minimum``, in proportion to what each can give) until they fit ``available``."""
    widths = list(natural)
    excess = sum(widths) - available
    if excess <= 0:
        return widths
    slack = {c: max(0, widths[c] - minimum) for c in shrinkable}
    total_slack = sum(slack.values())
    if total_slack == 0:
        return widths
    share = min(1.0, excess / total_slack)
    for column, give in slack.items():
        widths[column] -= int(round(give * share))
    return widths


@dataclass(frozen=True)
class GiveWay:
    """How a table's columns give way in a narrow window, in this order: the last
    column's detail (it keeps ``last_least`` pixels: the words before the detail),
    the ``first`` columns narrowed, the ``hidden`` ones hidden, the ``kept`` (the most
    important) narrowed last. None narrower than ``minimum``."""

    first: tuple[int, ...]
    hidden: tuple[int, ...]
    kept: tuple[int, ...]
    minimum: int
    last_least: int = 0


def give_way(natural: Sequence[int], available: int, plan: GiveWay) -> list[int]:
    """The widths to show within ``available`` (0: the column is hidden)."""
    widths = list(natural)
    if sum(widths) <= available:
        return widths
    excess = sum(widths) - available
    widths[-1] = max(widths[-1] - excess, min(widths[-1], plan.last_least))  # detail first
    widths = fit_widths(widths, available, plan.first, plan.minimum)
    for column in plan.hidden:
        if sum(widths) <= available:
            break
        widths[column] = 0
    return fit_widths(widths, available, plan.kept, plan.minimum)


class ColumnWidths(QObject):
    """Keeps ``table``'s columns at sensible widths until the user resizes one."""

    def __init__(
        self,
        table: QTableView,
        caps: Mapping[int, int],
        default_cap: int,
        plan: GiveWay,
    ) -> None:
        super().__init__(table)
        self._table = table
        self._caps, self._default_cap = dict(caps), default_cap
        self._plan = plan
        self._natural: list[int] = []
        self._busy = False
        self.user_sized = False
        self.measured_rows = False
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._on_section_resized)

    def measure(self) -> None:
        """Work out natural widths from the header and a sample of rows, then fit."""
        header = self._table.horizontalHeader()
        self._natural = [
            min(
                max(self._table.sizeHintForColumn(c), header.sectionSizeHint(c)) + PADDING,
                self._caps.get(c, self._default_cap),
            )
            for c in range(header.count())
        ]
        self.measured_rows = self._table.model().rowCount() > 0
        self.fit()

    def fit(self) -> None:
        if self.user_sized or not self._natural:
            return
        available = self._table.viewport().width()
        widths = give_way(self._natural, available, self._plan)
        header = self._table.horizontalHeader()
        self._busy = True
        try:
            for column in self._plan.hidden:
                self._table.setColumnHidden(column, widths[column] == 0)
            for column, width in enumerate(widths[:-1]):  # the last one stretches
                if width:
                    header.resizeSection(column, width)
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        last = self._table.horizontalHeader().count() - 1
        if not self._busy and column != last:
            self.user_sized = True
