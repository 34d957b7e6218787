"""The window a visit is recorded in.

On the left, a checklist of the note's pages (details, each framework section,
each child, the overall judgement, actions) saying what each still lacks; on
the right, the page chosen. Every change is saved as a draft within
``AUTOSAVE_MS`` of being typed, with no button to press, and so is the page that
was open: reopening the visit comes back to it. Nothing here needs a network.

A signed-off note opens read-only; Amend… makes it editable, and the change is
saved only with a reason (:func:`~placement_qa.store.visit_notes.amend_visit`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.dates import council_now, uk
from ...domain.note_checklist import checklist, missing_for_sign_off
from ...domain.register import VISIT_STATES, VISIT_TYPES
from ...domain.visit_note import ACTIONS_PAGE, VisitLocked, VisitNote, record_changes
from ...store.errors import DATABASE_ERRORS, in_words
from ...store.visit_notes import (
    amend_visit,
    load_visit_note,
    save_draft,
    sign_off,
    start_recording,
    visit_amendments,
    visit_framework,
)
from ..current_officer import my_officer
from ..form_fields import set_names
from ..guide_window import add_help_key
from ..report_preview import copy_menu, open_visit_note_preview
from ..screen_fit import fit_to_screen
from .actions_page import ActionsPage
from .observations_page import ObservationsPage
from .pages import ChildPage, DetailsPage, NotePage, OverallPage, SectionPage
from .return_page import ReturnPage
from .reviews_page import ReviewsPage
from .sign_off import AmendDialog, MissingDialog, SignOffDialog
from .wording import checklist_text, history_html, when_text

AUTOSAVE_MS = 1500  # a change is in the register within two seconds of being made
PAGE_ROLE = Qt.ItemDataRole.UserRole
NAME_SETTING = "visits/last_name"


class VisitNoteWindow(QDialog):
    """Records (or shows, once signed off) one monitoring visit."""

    signed = Signal()  # signed off or amended: the schedule and lists need reading again

    def __init__(self, db: Database, visit_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self.as_of = db, as_of
        self.note = start_recording(db, visit_id)
        self.framework = visit_framework(db, self.note)
        self._amending = False
        self.dialog: QDialog | None = None  # the sign-off or amendment dialog open now
        set_names(self, "visitNoteWindow", f"Visit to {self.note.provider_name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowTitle(f"Visit to {self.note.provider_name} — {uk(self.note.visit_date)}")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        self._build()
        self._show_state()
        self.go_to_page(self.note.position or "details")
        fit_to_screen(self, 1000, 720)

    # --- building ------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel(self)
        set_names(self.header, "visitHeader", "Visit")
        self.header.setWordWrap(True)
        self.save_state = QLabel(self)
        set_names(self.save_state, "saveState", "Saved state")
        self.checklist = QListWidget(self)
        set_names(self.checklist, "sectionChecklist", "Sections and what is missing")
        self.checklist.setMinimumWidth(300)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, NotePage] = {}
        self._add_page(DetailsPage(self.note, self))
        # The same pages, in the same order, as domain.note_checklist.checklist lists.
        if self.note.has_reviews_page:
            self.reviews_page = self._add_page(ReviewsPage(self._db, self.note, self))
        if self.note.has_return_page:
            self.return_page = self._add_page(ReturnPage(self._db, self.note, self))
        for section in self.framework.sections if self.note.asks_criteria else ():
            self._add_page(SectionPage(self.framework, section, self.note, self))
        if self.note.asks_observations:
            self.observations_page = self._add_page(ObservationsPage(self._db, self.note, self))
        for child in self.note.children:
            self._add_page(ChildPage(child, self.note.child_fields, self))
        self.overall = self._add_page(OverallPage(self.note, self))
        self.actions_page = self._add_page(ActionsPage(self._db, self.note, self.as_of, self))
        self.actions_page.raised.connect(self._refresh_checklist)
        if self.note.has_return_page:  # an action raised from a reported item links to it
            self.return_page.raise_with(self.actions_page.raise_action)
            self.return_page.checked_together.connect(self.save_now)
        self.checklist.currentItemChanged.connect(self._page_chosen)
        splitter = QSplitter(self)
        splitter.addWidget(self.checklist)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.save_state)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self._step(step))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_now)
        add_help_key(self, "follow-up-visit" if self.note.has_reviews_page else "visit-note")
        QShortcut(QKeySequence.StandardKey.Print, self, self.choose_preview)  # Ctrl+P

    def _add_page(self, page: NotePage) -> NotePage:
        self.pages[page.page_id] = page
        self.stack.addWidget(page)
        item = QListWidgetItem(page.accessibleName(), self.checklist)
        item.setData(PAGE_ROLE, page.page_id)
        page.edited.connect(self._edited)
        page.raise_action.connect(self.actions_page_raise)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.sign_off_button = self._button("&Sign off…", "signOffButton", self.sign_off)
        self.amend_button = self._button("A&mend…", "amendButton", self.amend)
        self.cancel_amend_button = self._button("Cancel amendment", "cancelAmendButton",
                                                self.cancel_amendment)
        self.preview_button = self._button("&Print / preview…", "previewButton",
                                           self.choose_preview)
        self.preview_button.setToolTip("Print or preview the note (Ctrl+P)")
        close = self._button("&Close", "closeButton", self.close)  # made last: Tab's order
        for button in (self.sign_off_button, self.amend_button, self.cancel_amend_button,
                       self.preview_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        set_names(button, name, text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- moving about --------------------------------------------------------

    def go_to_page(self, page_id: str) -> None:
        """Show the page ``page_id`` (the first page if the note has no such page)."""
        for row in range(self.checklist.count()):
            if self.checklist.item(row).data(PAGE_ROLE) == page_id:
                self.checklist.setCurrentRow(row)
                return
        self.checklist.setCurrentRow(0)

    def go_to_missing(self, line: str) -> None:
        """Show the page a "Title: what is missing" line is about."""
        title = line.split(":", 1)[0]
        for item in checklist(self.framework, self.note):
            if item.title == title:
                self.go_to_page(item.page)
                return

    def _step(self, step: int) -> None:
        row = (self.checklist.currentRow() + step) % self.checklist.count()
        self.checklist.setCurrentRow(row)

    def _page_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        page = self.pages[item.data(PAGE_ROLE)]
        self.stack.setCurrentWidget(page)
        if self.note.position != page.page_id:
            self.note = self._collect()
            self._schedule_save()

    def current_page(self) -> NotePage:
        return self.stack.currentWidget()

    # --- keeping the draft -----------------------------------------------------

    def _collect(self) -> VisitNote:
        note = self.note
        for page in self.pages.values():
            note = page.apply(note)
        current = self.checklist.currentItem()
        position = current.data(PAGE_ROLE) if current else note.position
        return replace(note, position=position)

    def _edited(self) -> None:
        if self.note.locked and not self._amending:
            return
        self.note = self._collect()
        self._refresh_checklist()
        if not self._amending:
            self._schedule_save()
        self.save_state.setText("Amending: not saved until you give a reason"
                                if self._amending else "Saving…")

    def _schedule_save(self) -> None:
        if not self._timer.isActive():  # started by the first change, not restarted
            self._timer.start()

    def save_now(self) -> bool:
        """Write the draft (only what changed); False if the register refused it."""
        self._timer.stop()
        if self._amending:
            return True
        self.note = self._collect()
        try:
            save_draft(self._db, self.note)
        except (VisitLocked, ValueError, *DATABASE_ERRORS) as exc:
            # Shown, and tried again shortly (the file may be busy, or the disk full).
            self.save_state.setText(f"⚠ Not saved yet: {in_words(exc)}")
            self._timer.start()
            return False
        self.save_state.setText(f"All changes saved (draft, {council_now():%H:%M:%S}).")
        return True

    # --- what the checklist says -------------------------------------------------

    def _refresh_checklist(self) -> None:
        items = {i.page: i for i in checklist(self.framework, self.note)}
        for row in range(self.checklist.count()):
            list_item = self.checklist.item(row)
            page_id = list_item.data(PAGE_ROLE)
            if page_id == ACTIONS_PAGE:
                list_item.setText(self.actions_page.title_with_count())
                continue
            list_item.setText(checklist_text(items[page_id]))
            list_item.setToolTip("\n".join(items[page_id].missing) or "Complete")

    def _show_state(self) -> None:
        note, locked = self.note, self.note.locked
        kind = VISIT_TYPES.get(note.visit_type, note.visit_type)
        state = VISIT_STATES.get(note.status, note.status)
        text = (f"<b>{escape(note.provider_name)}</b> — {kind}, {uk(note.visit_date)} — "
                f"{state} — {escape(self.framework.name)} (version {self.framework.version})")
        if locked:
            text += (f"<br>Signed off by {escape(note.signed_off_by or '')} "
                     f"{when_text(note.signed_off_at)}. The note is locked: Amend… to change it.")
        self.header.setText(text)
        for page in self.pages.values():
            page.set_read_only(locked and not self._amending)
        self.sign_off_button.setVisible(not locked)
        self.amend_button.setVisible(locked and not self._amending)
        self.amend_button.setText("A&mend…")
        self.cancel_amend_button.setVisible(self._amending)
        if self._amending:
            self.amend_button.setVisible(True)
            self.amend_button.setText("Save a&mendment…")
        self.overall.show_history(history_html(visit_amendments(self._db, self.note.visit_id)))
        self._refresh_checklist()

    # --- actions ----------------------------------------------------------------

    def actions_page_raise(self, criterion_key: str, placement_id: int, context: str) -> None:
        self.actions_page.raise_action(criterion_key or None, placement_id or None, context)

    # --- printing ------------------------------------------------------------------

    def choose_preview(self) -> None:
        """Save the draft, then offer the copies the note can be printed as."""
        self.save_now()
        self.preview_menu = copy_menu(self.note, self, self._open_preview)
        button = self.preview_button
        self.preview_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def _open_preview(self, copy: object, label: str) -> None:
        self.preview = open_visit_note_preview(self._db, self.note.visit_id, self,
                                               copy=copy, label=label)

    # --- sign-off and amendments -------------------------------------------------------

    def sign_off(self) -> QDialog | None:
        if not self.save_now():
            return None
        missing = missing_for_sign_off(self.framework, self.note)
        if missing:
            dialog = MissingDialog(missing, self)
            dialog.go_to.connect(self.go_to_missing)
        else:
            dialog = SignOffDialog(self._sign, self._last_name(), self)
            dialog.accepted.connect(self._after_write)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _sign(self, who: str, at: datetime) -> None:
        self.note = sign_off(self._db, self.note.visit_id, who, at)
        QSettings().setValue(NAME_SETTING, who)

    def amend(self) -> QDialog | None:
        if not self._amending:
            self._amending = True
            self._show_state()
            self.save_state.setText("Amending: change what needs changing, then Save "
                                    "amendment… and give the reason.")
            return None
        self.note = self._collect()
        stored = load_visit_note(self._db, self.note.visit_id)
        changes = record_changes(self.framework, stored, self.note)
        if not changes:
            self.save_state.setText("Nothing has changed yet, so there is nothing to amend.")
            return None
        dialog = AmendDialog(self._amend, self._last_name(),
                             [f"{c.label}: “{c.before}” → “{c.after}”" for c in changes], self)
        dialog.accepted.connect(self._after_write)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _amend(self, reason: str, who: str) -> None:
        amend_visit(self._db, self.note, reason, who)
        QSettings().setValue(NAME_SETTING, who)

    def cancel_amendment(self) -> None:
        self._amending = False
        self._reload()
        self.save_state.setText("Amendment cancelled: nothing was changed.")

    def _after_write(self) -> None:
        self._amending = False
        self._reload()
        amended = bool(visit_amendments(self._db, self.note.visit_id))
        self.save_state.setText("Amendment saved; the original values are kept below."
                                if amended else "Signed off and locked.")
        self.signed.emit()

    def _reload(self) -> None:
        position = self.note.position
        self.note = load_visit_note(self._db, self.note.visit_id)
        for page in self.pages.values():
            page.show_note(self.note)
        self._show_state()
        self.go_to_page(position)

    def _last_name(self) -> str:
        """Who signs: the officer using the app ("This is me"), else the name last signed
        with on this computer; never the visitor (the manager may sign another's visit)."""
        me = my_officer(self._db)
        return me.name if me else str(QSettings().value(NAME_SETTING, "") or "")

    # --- closing -------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Close and the title bar's × all come here: keep the draft, then close."""
        self.try_close()

    def try_close(self) -> bool:
        """Save the draft and close; False (still open) when the user keeps it open.

        Nothing typed is lost without the user saying so: an unsaved amendment, or a
        draft the register refused (a full disk, say), is only dropped on Yes."""
        if self._amending:
            if record_changes(self.framework, load_visit_note(self._db, self.note.visit_id),
                              self._collect()) and not self._lose_ok(
                    "Unsaved amendment", "The amendment has not been saved. Close and lose it?"):
                return False
        elif not self.save_now() and not self._lose_ok(
                "Not saved", f"{self.save_state.text().removeprefix('⚠ ')}.\n\nClose and lose "
                "what was typed since the last save? (No keeps the note open: it is saved "
                "as soon as the register can be written.)"):
            return False
        self._timer.stop()
        super().reject()
        return True

    def _lose_ok(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self, title, question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
