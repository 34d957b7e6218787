"""PLACEHOLDER (being written): the visit note's "Provider's return checked" page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from ...domain.visit_note import PROVIDER_RETURN_PAGE, VisitNote
from .pages import NotePage


class ReturnPage(NotePage):
    def __init__(self, db: Database, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__(PROVIDER_RETURN_PAGE, "Provider's return checked", parent)
        self._db = db

    def show_note(self, note: VisitNote) -> None:
        pass

    def apply(self, note: VisitNote) -> VisitNote:
        return note
