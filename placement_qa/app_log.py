"""The app's own log file, and the last resort for an error nobody expected.

``placement-qa.log`` in the app-data folder (beside the default register), private to
the user (0600), rotated at 1 MB with three old files kept. The app and the command
line both write to it. It never holds a child's name or a note's text: a record is
either a message the code wrote (fixed words, never user data) or an error's type and
traceback frames. An error's own message is withheld, because it may quote what the
user typed (a ValueError naming a child, an OSError naming a file); an operating-system
or SQLite error code is kept, which says what went wrong without saying about whom.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

# The name Qt uses for the per-user folders: ~/.local/share/placement-qa on Linux,
# %APPDATA%/placement-qa on Windows.
APP_FOLDER_NAME = "placement-qa"
LOG_FILE_NAME = "placement-qa.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
WITHHELD = "(message withheld: it may quote what was typed)"

log = logging.getLogger("placement_qa")
_handler: PrivateRotatingFileHandler | None = None

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def app_data_folder() -> Path:
    """The folder Qt's ``AppDataLocation`` names for the app, worked out without Qt
    (the command line never loads it)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_FOLDER_NAME


def log_path() -> Path | None:
    """The log file being written, or None if it could not be opened."""
    return Path(_handler.baseFilename) if _handler is not None else None


def install_logging(folder: Path | None = None) -> Path | None:
    """Write the ``placement_qa`` loggers' records to the log file in ``folder`` (the
    app-data folder by default); the file's path, or None if it cannot be written
    there (the app carries on without it)."""
    global _handler
    path = (folder or app_data_folder()) / LOG_FILE_NAME
    if _handler is not None and Path(_handler.baseFilename) == path.absolute():
        return path
    stop_logging()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES,
                                             backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(WithheldMessageFormatter(
        "%(asctime)s %(levelname)s %(name)s [pid %(process)d]: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _handler = handler
    return path


def start_logging() -> Path | None:
    """At start-up (app and command line): the log file, and :func:`tell_on_stderr` as
    the last resort (the app replaces it with a message box once Qt is running)."""
    from . import __version__

    path = install_logging()
    install_exception_hooks(tell_on_stderr)
    log.info("Placement QA %s started", __version__)
    return path


def stop_logging() -> None:
    """Close the log file (the records go nowhere until :func:`install_logging`)."""
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file is created readable by its owner only."""

    def _open(self):
        return open(self.baseFilename, self.mode, encoding=self.encoding,  # noqa: SIM115
                    errors=self.errors, opener=_private_opener)


def _private_opener(path: str, flags: int) -> int:
    fd = os.open(path, flags, 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # a file left from before is made private too
    return fd


class WithheldMessageFormatter(logging.Formatter):
    """Tracebacks with each exception's message withheld (see the module's notes)."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return "".join(withheld_traceback(ei[1])).rstrip("\n")


def withheld_traceback(exc: BaseException | None) -> list[str]:
    """The traceback of ``exc`` and the exceptions it came from: frames and types only."""
    chain: list[BaseException] = []
    while exc is not None and all(exc is not seen for seen in chain):
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    lines: list[str] = []
    for number, error in enumerate(reversed(chain)):
        if number:
            lines.append("\nwhich led to:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(traceback.extract_tb(error.__traceback__)))
        lines.append(f"{error_kind(error)}: {WITHHELD}\n")
    return lines


def error_kind(exc: BaseException) -> str:
    """The exception's class, with an errno or SQLite error name if it has one:
    ``OSError [ENOSPC]``, ``sqlite3.OperationalError [SQLITE_FULL]``."""
    cls = type(exc)
    name = cls.__qualname__ if cls.__module__ == "builtins" else \
        f"{cls.__module__}.{cls.__qualname__}"
    code = getattr(exc, "sqlite_errorname", None)
    number = getattr(exc, "errno", None)
    if code is None and isinstance(number, int):
        code = errno.errorcode.get(number, str(number))
    return f"{name} [{code}]" if code else name


# --- the last resort ---------------------------------------------------------------

def log_unexpected(exc_info: ExcInfo, where: str) -> None:
    """Write an error nobody expected to the log, with its traceback."""
    log.error("Unexpected error %s", where, exc_info=exc_info)


def install_exception_hooks(report: Callable[[BaseException], None]) -> None:
    """An error nobody caught, in any thread, is logged with its traceback, then
    ``report`` tells the user in words (Ctrl+C still just stops the program)."""

    def on_error(kind, exc, tb, thread_name: str) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log_unexpected((kind, exc, tb), f"in thread {thread_name}")
        try:
            report(exc)
        except Exception:  # noqa: BLE001 — the last resort must not fail (Qt gone at exit)
            log_unexpected(sys.exc_info(), "while telling the user of an error")

    sys.excepthook = lambda kind, exc, tb: on_error(
        kind, exc, tb, threading.current_thread().name)
    threading.excepthook = lambda args: on_error(
        args.exc_type, args.exc_value, args.exc_traceback,
        args.thread.name if args.thread else "?")


def tell_on_stderr(exc: BaseException) -> None:
    """The command line's words for an error nobody expected: one line, no traceback."""
    where = log_path()
    details = f"the details are in {where}" if where else "no log file could be written"
    print(f"placement-qa: an unexpected error ({error_kind(exc)}) stopped the command; "
          f"{details}.", file=sys.stderr)
