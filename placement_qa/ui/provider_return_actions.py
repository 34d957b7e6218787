"""The Visits menu's pre-visit provider return: save the form for the chosen row's
planned visit, and import the file the provider sent back.

The file dialogs are Qt's static ones (tests replace them to choose the file); a
refusal is shown in a warning box opened window-modally with ``open()`` (no nested
event loop), and what happened is said in the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.visit_note import PROVIDER_RETURN_PAGE
from ..importing.provider_return_form import suggested_file_name
from ..store.connection import current_os_user
from ..store.errors import DATABASE_ERRORS, in_words
from ..store.output_guard import not_written
from ..store.provider_returns import ReturnRefused
from ..store.return_import import (
    ImportedReturn,
    import_return_file,
    make_return_form,
    prepare_return_form,
)
from .file_dialogs import ask_open_path, ask_save_path
from .row_actions import RowActions, RowHost

XLSX_FILTER = "Excel workbook (*.xlsx)"
FORM_TITLE = "Pre-visit form"
IMPORT_TITLE = "Provider return"


class ProviderReturnActions(RowActions):
    """"Pre-visit form for provider…" and "Import provider return…" in the Visits menu."""

    NO_PROVIDER = "{child}'s placement has no provider to send a form to."

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window, db)
        make = window.make_action
        self.form_action = make("Pre-&visit form for provider…", "actionProviderReturnForm",
                                "", self.save_form)
        self.import_action = make("&Import provider return…", "actionImportProviderReturn",
                                  "", self.import_return)
        tips = {
            self.form_action: "Save the pre-visit return for the provider to fill in, for "
                              "the visit planned for the chosen placement (children named "
                              "by initials only)",
            self.import_action: "Import a pre-visit return the provider filled in: its "
                                "answers are recorded as provider-reported, to check on "
                                "the visit",
        }
        for action, tip in tips.items():
            action.setToolTip(tip)
            action.setStatusTip(tip)
        menu = window.menu("V&isits", "menuVisits")
        menu.addSeparator()
        menu.addActions([self.form_action, self.import_action])
        self.message_box: QMessageBox | None = None
        self.last_import: ImportedReturn | None = None
        self.last_form_path: Path | None = None

    # --- the actions ------------------------------------------------------------

    def save_form(self) -> Path | None:
        visit_id = self._visit_to_record("plan one first, then make its pre-visit form")
        if visit_id is None:
            return None
        try:
            planned = prepare_return_form(self._db, visit_id, as_of=self._window.as_of)
        except ReturnRefused as exc:
            self._warn(FORM_TITLE, str(exc))
            return None
        name = suggested_file_name(planned.provider_name, planned.visit_date)
        chosen, _ = ask_save_path(self._window, "Save the pre-visit form", name, XLSX_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            form = make_return_form(self._db, visit_id, path, as_of=self._window.as_of)
        except ReturnRefused as exc:
            self._warn(FORM_TITLE, str(exc))
            return None
        except OSError as exc:
            self._warn(FORM_TITLE, not_written(path, exc))
            return None
        except DATABASE_ERRORS as exc:
            self._warn(FORM_TITLE,
                       f"The form could not be recorded in the register: {in_words(exc)}")
            return None
        self.last_form_path = path
        self._tell(f"Pre-visit form for {form.provider_name} (visit on "
                   f"{uk(form.visit_date)}) saved to {path}")
        return path

    def import_return(self) -> ImportedReturn | None:
        chosen, _ = ask_open_path(self._window, "Import a provider return", XLSX_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        try:
            imported = import_return_file(self._db, path, as_of=self._window.as_of,
                                          imported_by=current_os_user())
        except ReturnRefused as exc:
            self._warn(IMPORT_TITLE, f"{path.name} was not imported, and nothing was "
                                     f"changed.\n\n{exc}")
            return None
        except DATABASE_ERRORS as exc:
            self._warn(IMPORT_TITLE, f"{path.name} was not imported: {in_words(exc)}")
            return None
        self.last_import = imported
        self._window.refresh()
        message = imported.message()
        message += self._reopen_note(imported.visit_id)
        self._tell(message)
        self._show(QMessageBox.Icon.Information, IMPORT_TITLE, message)
        return imported

    def _reopen_note(self, visit_id: int) -> str:
        """The visit's note, if open, is saved and opened again on the return's page
        (its pages are built from what the register holds); what to add to the message."""
        visits = getattr(self._window, "visits", None)
        note = visits.note_windows.get(visit_id) if visits is not None else None
        if note is None:
            return ""
        if not note.try_close():  # the user kept it open (its draft could not be saved)
            return " The visit's note is open: close it and open it again to check them."
        visits.open_note(visit_id).go_to_page(PROVIDER_RETURN_PAGE)
        return " The visit's note has been opened again to show them."

    # --- telling the user -------------------------------------------------------

    def _warn(self, title: str, text: str) -> QMessageBox:
        self._tell(text.splitlines()[0])
        return self._show(QMessageBox.Icon.Warning, title, text)

    def _show(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("providerReturnMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_box)
        self.message_box = box
        box.open()
        return box

    def _forget_box(self) -> None:
        self.message_box = None
