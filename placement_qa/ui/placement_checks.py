"""The placement dialog's checks: field values in the domain's words, and the dual question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.dates import uk
from ..domain.register import AWAITING_PROVISION, RegisterPlacement, arrangement_label
from ..domain.validation import (
    annual_cost,
    end_not_before_start,
    optional_date,
    required_date,
    visit_interval,
)
from .form_fields import Checks, set_names


def placement_values(
    checks: Checks, *, child: int | None, provider: int | None, state: str, arrangement: str,
    start: str, end: str, cost: str, interval: int, interim: str | None,
) -> dict[str, Any]:
    """The keywords for ``add_placement`` from what was typed; refusals kept in ``checks``.

    For a child awaiting provision the start date is the day the need was
    identified, and is named so in any message.
    """
    start_field = "Need identified on" if state == AWAITING_PROVISION else "Start date"
    start_date = checks.run(lambda: required_date(start_field, start))
    end_date = checks.run(lambda: optional_date("End date", end))
    if start_date is not None and end_date is not None:
        checks.run(lambda: end_not_before_start(start_date, end_date))
    return {
        "child_id": child, "provider_id": provider, "start_date": start_date,
        "end_date": end_date, "arrangement": arrangement, "state": state,
        "annual_cost": checks.run(lambda: annual_cost(cost)),
        "visit_interval_months": checks.run(lambda: visit_interval(interval)),
        "interim_support": interim,
    }


def where_placed(placement: RegisterPlacement) -> str:
    """"Riverside College (since 10/01/2025)"."""
    where = placement.provider_name or arrangement_label(placement.arrangement)
    return f"{where} (since {uk(placement.start_date)})"


def dual_question_text(child_name: str, others: Sequence[RegisterPlacement]) -> str:
    places = " and ".join(where_placed(p) for p in others)
    return (f"{child_name} already has an active placement at {places}. "
            "Add a second (dual) placement?")


class DualPlacementQuestion(QMessageBox):
    """"Zoë Brennan already has an active placement at X. Add a second (dual) placement?"

    Yes (``yes`` is emitted) goes on to save; No, the default, goes back to the form.
    """

    yes = Signal()

    def __init__(
        self, child_name: str, others: Sequence[RegisterPlacement], parent: QWidget
    ) -> None:
        super().__init__(parent)
        set_names(self, "dualPlacementQuestion", "Dual placement")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Dual placement")
        self.setText(dual_question_text(child_name, others))
        self.setInformativeText("Dual placements happen (for example a school and a college "
                                "sharing the week); choose No to go back and check.")
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.setDefaultButton(QMessageBox.StandardButton.No)
        set_names(self.button(QMessageBox.StandardButton.Yes), "dualYesButton",
                  "Yes: add a second placement")
        set_names(self.button(QMessageBox.StandardButton.No), "dualNoButton",
                  "No: go back to the form")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.finished.connect(self._answered)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.button(QMessageBox.StandardButton.Yes):
            self.yes.emit()
