"""The app's own log: private, rotating, in the app-data folder, and never holding a
child's name or a note's text, even when an error's message quotes them."""

from __future__ import annotations

import logging
import stat
import sys

from placement_qa import app_log
from placement_qa.domain.dates import parse_date

CHILD = "Zoë Łukasiewicz"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_is_written_in_the_app_data_folder_for_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = app_log.install_logging()
    logging.getLogger("placement_qa.store.backup").info("Backup written")
    app_log.stop_logging()

    assert path == tmp_path / "data" / "placement-qa" / "placement-qa.log"
    assert "INFO placement_qa.store.backup" in path.read_text(encoding="utf-8")
    assert "Backup written" in path.read_text(encoding="utf-8")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_a_full_log_is_rotated_and_every_file_stays_private(app_log_file):
    line = "A record of fixed words, as the code writes them " * 2
    for _ in range(app_log.MAX_BYTES // len(line) + 10):
        logging.getLogger("placement_qa").info(line)

    old = app_log_file.with_name(app_log_file.name + ".1")
    assert old.exists() and app_log_file.exists()
    assert old.stat().st_size <= app_log.MAX_BYTES
    assert mode(app_log_file) == 0o600 and mode(old) == 0o600


def test_an_error_quoting_a_child_is_logged_with_its_traceback_but_not_their_name(app_log_file):
    def read_date_of_birth(text: str):
        try:
            return parse_date(text, field="Date of birth")
        except ValueError as exc:
            raise LookupError(f"No child born on {text}") from exc

    try:
        read_date_of_birth(CHILD)
    except LookupError:
        logging.getLogger("placement_qa.importing").exception("A row could not be read")

    logged = app_log_file.read_text(encoding="utf-8")
    assert "ERROR placement_qa.importing" in logged and "A row could not be read" in logged
    # both errors of the chain, each with its frames and its type
    assert "in read_date_of_birth" in logged and "in parse_date" in logged
    assert "placement_qa.domain.dates.InvalidDate: (message withheld" in logged
    assert "LookupError: (message withheld" in logged
    assert "Zoë" not in logged and "Łukasiewicz" not in logged
    assert "Date of birth:" not in logged  # the words of the message, not the code's


def test_a_file_error_keeps_its_code_but_not_the_file_name(app_log_file, tmp_path):
    try:
        (tmp_path / f"Visit note {CHILD}.pdf").read_bytes()
    except OSError:
        logging.getLogger("placement_qa.reports").exception("The note could not be read")

    logged = app_log_file.read_text(encoding="utf-8")
    assert "FileNotFoundError [ENOENT]: (message withheld" in logged
    assert "Łukasiewicz" not in logged


def test_the_last_resort_logs_an_error_even_when_telling_the_user_fails(app_log_file):
    def window_already_gone(exc):
        raise RuntimeError("Internal C++ object (QMessageBox) already deleted.")

    app_log.install_exception_hooks(window_already_gone)
    try:
        parse_date(CHILD, field="Date of birth")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # as Python does with an error nobody caught

    logged = app_log_file.read_text(encoding="utf-8")
    assert "Unexpected error in thread MainThread" in logged and "in parse_date" in logged
    assert "Unexpected error while telling the user of an error" in logged
    assert "in window_already_gone" in logged and "Zoë" not in logged
