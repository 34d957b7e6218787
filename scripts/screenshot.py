"""Make docs/main-window.png: the main window on the small demo register.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from placement_qa.demo import build_demo
from placement_qa.store.connection import open_register
from placement_qa.ui.main_window import MainWindow

AS_OF = date(2026, 11, 22)


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Placement QA")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.db"
        db = open_register(path, create=True)
        build_demo(db, "small")
        window = MainWindow(db, register_path=path, as_of=AS_OF, demo_created=True)
        window.resize(1400, 820)
        window.show()
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/main-window.png"))
