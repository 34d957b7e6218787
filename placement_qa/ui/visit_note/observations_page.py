"""PLACEHOLDER (being written): the visit note's "Observations and interviews" page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from ...domain.visit_note import OBSERVATIONS_PAGE, VisitNote
from .pages import NotePage


class ObservationsPage(NotePage):
    def __init__(self, db: Database, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__(OBSERVATIONS_PAGE, "Observations and interviews", parent)
        self._db = db

    def show_note(self, note: VisitNote) -> None:
        pass

    def apply(self, note: VisitNote) -> VisitNote:
        return note
