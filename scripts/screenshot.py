"""Make the README's screenshots on the small demo register as of 22/11/2026:
docs/main-window.png (the dashboard, the landing screen), docs/register.png and
docs/visit-note.png (a visit being recorded); and, as of 03/12/2026, when some of its
visits have slipped, docs/dashboard-slipped-visit.png (the Overdue list).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py [DOCS] [slipped]

With ``slipped`` only the last is made.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from placement_qa.demo import write_demo_register
from placement_qa.store.connection import open_register
from placement_qa.ui.main_window import MainWindow

AS_OF = date(2026, 11, 22)
SLIPPED_AS_OF = date(2026, 12, 3)  # two planned visits' dates passed, a draft not written up


def _wait_for_figures(app: QApplication, window: MainWindow, seconds: float = 30) -> None:
    started = time.monotonic()
    while window.dashboard.figures is None and time.monotonic() - started < seconds:
        app.processEvents()
        time.sleep(0.05)
    app.processEvents()


EVIDENCE = {
    "safeguarding_culture": ("secure", "DSL and deputy in post; single central record "
                             "checked for three recent starters; staff knew the procedure."),
    "incidents_restraint": ("developing", "Two restraints this term, both logged and "
                            "debriefed, but parents were told a week late."),
}


def _visit_note(app: QApplication, window: MainWindow, db, path: Path) -> None:
    """The earliest planned visit opened for recording, two criteria answered."""
    visit_id = db.execute("SELECT id FROM monitoring_visits WHERE status = 'planned' "
                          "ORDER BY visit_date, id LIMIT 1").fetchone()[0]
    note = window.visits.open_note(visit_id)
    note.resize(1200, 820)
    note.findChild(QWidget, "providerStaffMet").setPlainText("Head teacher; DSL; SENCo")
    page = note.pages["section:safeguarding"]
    for key, (rating, evidence) in EVIDENCE.items():
        page.ratings[key].set_value(rating)
        page.evidence[key].setPlainText(evidence)
    note.go_to_page("section:safeguarding")
    app.processEvents()
    note.grab().save(str(path))
    note.close()


def _slipped_dashboard(app: QApplication, db, path: Path, docs: Path) -> None:
    """The dashboard's Overdue list when visits slipped: "Planned 27/11/2026 — date
    passed, not recorded" in the list, "2 date passed" on the tile."""
    window = MainWindow(db, register_path=path, as_of=SLIPPED_AS_OF, demo_created=True)
    window.resize(1400, 860)
    window.show()
    _wait_for_figures(app, window)
    window.dashboard.show_list("overdue")
    app.processEvents()
    window.grab().save(str(docs / "dashboard-slipped-visit.png"))
    window.close()


def main(docs: Path, only_slipped: bool = False) -> None:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Placement QA")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.db"
        write_demo_register(path, "small")
        db = open_register(path)
        _slipped_dashboard(app, db, path, docs)
        if only_slipped:
            db.close()
            return
        window = MainWindow(db, register_path=path, as_of=AS_OF, demo_created=True)
        window.resize(1400, 860)
        window.show()
        _wait_for_figures(app, window)
        window.dashboard.show_list("overdue")
        app.processEvents()
        window.grab().save(str(docs / "main-window.png"))
        window.show_register()
        app.processEvents()
        window.grab().save(str(docs / "register.png"))
        _visit_note(app, window, db, docs / "visit-note.png")
        window.close()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"), "slipped" in sys.argv[2:])
