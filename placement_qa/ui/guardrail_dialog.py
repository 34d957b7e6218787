"""The guardrail: why a new placement at a below-good provider was stopped, and the way past.

The council has promised not to use providers below good for new placements. A
placement can still go ahead (a tribunal order, parental preference named in
the EHCP, no alternative), but only with the reason and the approving manager
recorded; "Place anyway" stays disabled until both are given. Cancel writes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..domain.guardrail import EXCEPTION_REASONS, GuardrailException, PlacementBlocked
from .form_fields import set_names
from .screen_fit import fit_to_width

POLICY = "The council does not use providers below good for new placements."
HOW_TO_PROCEED = (
    "To place the child there anyway, record why and which manager approved it. "
    "Both are kept on the placement and in the change log, and the placement is "
    "counted as a guardrail exception."
)
OTHER_PREFIX = "Other"


def explanation(provider_name: str, blocked: PlacementBlocked) -> str:
    """"Hillcrest House: Ofsted (education) inspection of ... is below good: ... The council..."."""
    return f"{provider_name}: {blocked.concern.reason} {POLICY}"


class GuardrailDialog(QDialog):
    """Explains the stop; "Place anyway" once a reason and an approver are given."""

    def __init__(
        self, provider_name: str, blocked: PlacementBlocked, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        set_names(self, "guardrailDialog", "Provider below good")
        self.setWindowTitle("Provider below good")
        self.explanation = QLabel(explanation(provider_name, blocked), self)
        set_names(self.explanation, "guardrailExplanation", "Why the placement was stopped")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = self._make_reason()
        self.details = QPlainTextEdit(self)
        set_names(self.details, "guardrailDetails", "Details of the reason")
        self.details.setTabChangesFocus(True)
        self.details.setPlaceholderText("e.g. tribunal reference and date, or why no "
                                        "alternative provider could meet the need")
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.approver = QLineEdit(self)
        set_names(self.approver, "guardrailApprover", "Approved by (manager)")
        self.approver.setPlaceholderText("Name and role of the approving manager")
        self.missing = QLabel(self)
        set_names(self.missing, "guardrailMissing", "What is still needed")
        self.missing.setWordWrap(True)
        self.buttons = self._make_buttons()
        self._lay_out(provider_name, blocked.concern.below_good)
        self.reason.currentTextChanged.connect(self._update)
        self.details.textChanged.connect(self._update)
        self.approver.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def _make_reason(self) -> QComboBox:
        reason = QComboBox(self)
        set_names(reason, "guardrailReason", "Reason the placement must go ahead")
        reason.setEditable(True)
        reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        reason.addItems(EXCEPTION_REASONS)
        reason.setCurrentIndex(-1)
        reason.lineEdit().setPlaceholderText("Choose or type the reason")
        reason.lineEdit().setObjectName("guardrailReasonEdit")
        reason.lineEdit().setAccessibleName("Reason the placement must go ahead")
        return reason

    def _make_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        buttons.setObjectName("guardrailButtons")
        self.place_button = buttons.addButton(
            "&Place anyway", QDialogButtonBox.ButtonRole.AcceptRole
        )
        set_names(self.place_button, "placeAnywayButton", "Place anyway")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "cancelButton", "Cancel: do not make the placement")
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def _lay_out(self, provider_name: str, below_good: bool) -> None:
        state = "is below good" if below_good else "is causing concern"
        heading = QLabel(f"<b>{_escape(provider_name)} {state}</b>", self)
        set_names(heading, "guardrailHeading", f"{provider_name} {state}")
        heading.setWordWrap(True)  # a long provider name wraps, never widens past the screen
        icon = QLabel(self)
        set_names(icon, "guardrailIcon", "Warning")
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(32, 32))
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(self.explanation)
        how = QLabel(HOW_TO_PROCEED, self)
        set_names(how, "guardrailHowTo", "How to go ahead")
        how.setWordWrap(True)
        words.addWidget(how)
        top.addLayout(words, 1)
        form = QFormLayout()
        for text, widget in (("&Reason:", self.reason), ("&Details:", self.details),
                             ("&Approved by (manager):", self.approver)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.missing)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        fit_to_width(self, 640)

    def problems(self) -> list[str]:
        """What is still needed before the placement may go ahead (empty: nothing)."""
        found = GuardrailException(self.reason.currentText(), self.approver.text()).problems()
        reason = self.reason.currentText().strip()
        if reason.startswith(OTHER_PREFIX) and not self.details.toPlainText().strip():
            found.append("explain the reason in the details")
        return found

    def exception(self) -> GuardrailException:
        """The reason (with any details) and the approver, as kept on the placement."""
        reason = self.reason.currentText().strip()
        details = self.details.toPlainText().strip()
        return GuardrailException(f"{reason}: {details}" if details else reason,
                                  self.approver.text().strip())

    def _update(self) -> None:
        problems = self.problems()
        self.place_button.setEnabled(not problems)
        self.missing.setText(f"To go ahead, {' and '.join(problems)}." if problems else
                             "The reason and the approver will be recorded with the placement.")

    def accept(self) -> None:
        if not self.problems():
            super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
