"""Sign-off and amendment dialogs, and the list of what stops sign-off.

Signing off locks the note; a later change needs an amendment reason, and the
register keeps the amendment with the values it replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.validation import FieldError, required_text
from ...domain.visit_note import SignOffRefused, VisitLocked
from ..form_dialog import FormDialog
from ..form_fields import set_names
from ..screen_fit import fit_to_screen

SIGNED_BY = "Signed off by"
AMENDED_BY = "Amended by"
REASON = "Reason for the amendment"


class MissingDialog(QDialog):
    """What is still missing before sign-off; choosing a line goes to its page."""

    go_to = Signal(str)  # the line chosen

    def __init__(self, missing: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, "signOffMissingDialog", "The visit cannot be signed off yet")
        self.setWindowTitle("Not ready to sign off")
        layout = QVBoxLayout(self)
        intro = QLabel(f"The visit cannot be signed off yet: {len(missing)} "
                       f"{'thing is' if len(missing) == 1 else 'things are'} missing. "
                       "Choose one to go to it.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.missing_list = QListWidget(self)
        set_names(self.missing_list, "missingList", "What is missing")
        self.missing_list.setWordWrap(True)  # a long line wraps instead of being cut
        self.missing_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.missing_list.addItems(list(missing))
        self.missing_list.setCurrentRow(0)
        self.missing_list.itemActivated.connect(self._chosen)
        layout.addWidget(self.missing_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 320)

    def _chosen(self, item) -> None:
        self.go_to.emit(item.text())
        self.accept()


class _NamedWriteDialog(FormDialog):
    """A name (remembered from last time) and a confirmation; ``write`` does the change."""

    def __init__(self, title: str, name: str, who_label: str, who: str,
                 parent: QWidget | None) -> None:
        super().__init__(title, name, parent)
        self.who_label = who_label
        self.who = QLineEdit(who, self)
        set_names(self.who, "whoName", who_label)
        self.add_field(f"{who_label}:", self.who, field=who_label)
        self.missing: list[str] = []

    def _run(self, change: Callable[[str], object], extra: Callable[[], object] = lambda: None
             ) -> None:
        self.clear_errors()
        try:
            who = required_text(self.who_label, self.who.text())
            extra()
        except FieldError as exc:
            self.show_errors([exc])
            return
        try:
            ok = self.write(lambda: change(who))
        except SignOffRefused as exc:
            self.missing = exc.missing
            self.show_form_error(str(exc))
            return
        except (VisitLocked, ValueError) as exc:
            self.show_form_error(str(exc))
            return
        if ok:
            self.accept()


class SignOffDialog(_NamedWriteDialog):
    """Who signs the visit off; signing locks the note."""

    def __init__(self, sign: Callable[[str, datetime], object], who: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("Sign off visit", "signOffDialog", SIGNED_BY, who, parent)
        self._sign = sign
        note = QLabel("Signing off completes the visit and locks the note: any later "
                      "change needs an amendment reason, and the original is kept.", self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.save_button.setText("&Sign off")
        self.save_button.setAccessibleName("Sign off")
        self.who.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        self._run(lambda who: self._sign(who, datetime.now().astimezone()))


class AmendDialog(_NamedWriteDialog):
    """Why a signed-off note is being changed, and by whom."""

    def __init__(self, amend: Callable[[str, str], object], who: str,
                 changes: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__("Save amendment", "amendDialog", AMENDED_BY, who, parent)
        self._amend = amend
        self.reason = QPlainTextEdit(self)
        set_names(self.reason, "amendReason", REASON)
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.add_field(f"{REASON}:", self.reason, field=REASON)
        listing = QLabel("Changes:\n" + "\n".join(f"• {c}" for c in changes), self)
        listing.setObjectName("amendChanges")
        listing.setWordWrap(True)
        self.form.addRow(listing)
        self.save_button.setText("&Save amendment")
        self.save_button.setAccessibleName("Save amendment")
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        def check_reason() -> None:
            required_text(REASON, self.reason.toPlainText())
        self._run(lambda who: self._amend(self.reason.toPlainText(), who), check_reason)


COMMENT = "Comments"


class CountersignDialog(_NamedWriteDialog):
    """Countersign a signed-off note, or return it to its author with comments
    (``returning``): ``write(who, comment)`` makes the step."""

    def __init__(self, write: Callable[[str, str], object], who: str, returning: bool,
                 heading: str, parent: QWidget | None = None) -> None:
        title, name = (("Return note", "returnDialog") if returning
                       else ("Countersign note", "countersignDialog"))
        super().__init__(title, name, "Returned by" if returning else "Countersigned by",
                         who, parent)
        self._write, self._returning = write, returning
        about = QLabel(heading, self)
        about.setObjectName("countersignNote")
        about.setWordWrap(True)
        self.form.insertRow(0, about)
        self.comment = QPlainTextEdit(self)
        set_names(self.comment, "countersignComment", COMMENT)
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(90)
        label = "What needs amending" if returning else "Comment (optional)"
        self.add_field(f"{label}:", self.comment, field=COMMENT)
        self.save_button.setText("&Return" if returning else "&Countersign")
        self.save_button.setAccessibleName(title.split()[0])
        (self.comment if returning else self.who).setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        def check_comment() -> None:
            if self._returning:
                required_text(COMMENT, self.comment.toPlainText())
        self._run(lambda who: self._write(who, self.comment.toPlainText()), check_comment)
