"""The team register's status line in words: where a register stands with its server
("Synced 10:42 · 0 waiting"), what it means (the tooltip), what a sync moved, and the
reasons a sync failed for a password. Plain Python: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .dates import council_time

SYNCED, OFFLINE, FAILED = "synced", "offline", "failed"


@dataclass(frozen=True)
class SyncStatus:
    """Where a register stands with its team server: ``joined`` to one or not; how many
    of its changes the server has not yet acknowledged; when it last synced (UTC) and how
    the last attempt went (``synced``, ``offline``, ``failed`` with ``error``); ``notice``:
    what the last sync did not do, in words (an officer's change only a manager may make)."""

    joined: bool
    waiting: int = 0
    last_synced_at: datetime | None = None
    outcome: str = ""
    error: str = ""
    notice: str = ""


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


def status_text(status: SyncStatus) -> str:
    """The status bar's line: "Synced 10:42 · 0 waiting", "3 changes waiting to send",
    "Server not reachable — working offline, 3 changes waiting", "Sync failed: <why>";
    "" for a register that is not joined to a team. Never "Synced" after a failure. The
    last sync's ``notice``, if any, follows ("Synced 10:42 · 0 waiting · Not done: ...")."""
    if not status.joined:
        return ""
    if status.outcome == FAILED:
        return f"Sync failed: {status.error or 'no reason given'}"
    if status.outcome == OFFLINE:
        return f"Server not reachable — working offline, {_changes(status.waiting)} waiting"
    if status.waiting or status.last_synced_at is None:
        line = f"{_changes(status.waiting)} waiting to send"
    else:
        line = f"Synced {council_time(status.last_synced_at).strftime('%H:%M')} · 0 waiting"
    return f"{line} · {status.notice}" if status.notice else line


_PASSWORD_ASKED, _PASSWORD_REFUSED = "the server asks for ", "the server refused the password"


def password_asked(user: str) -> str:
    """A failed sync's reason when the server wants a password none was given for."""
    return f"{_PASSWORD_ASKED}{user}'s password"


def password_refused(user: str) -> str:
    """A failed sync's reason when the server refused the password given."""
    return f"{_PASSWORD_REFUSED} for {user}"


def asks_password(error: str) -> bool:
    """True if a failed sync's reason ``error`` is that the server wants a (right) password."""
    return error.startswith((_PASSWORD_ASKED, _PASSWORD_REFUSED))


def status_tip(status: SyncStatus, every_minutes: int) -> str:
    """What the status line means and what to do, for its tooltip."""
    if not status.joined:
        return ""
    if status.outcome == FAILED:
        ask = (" The server wants your password: give it in File ▸ Join team register…"
               if asks_password(status.error) else " Ctrl+Shift+S tries again.")
        return ("The last sync did not finish; nothing was lost, and every change made here "
                f"waits to be sent.{ask}")
    if status.outcome == OFFLINE:
        why = f" ({status.error})" if status.error else ""
        return (f"The team register's server could not be reached{why}. Work as usual: "
                "changes wait here and are sent once it can be.")
    if status.waiting or status.last_synced_at is None:
        return (f"{_changes(status.waiting)} made here not yet on the team register: sent at "
                f"the next sync (every {every_minutes} minutes, or Ctrl+Shift+S).")
    return (f"Every change made here is on the team register. It syncs every {every_minutes} "
            "minutes; Ctrl+Shift+S syncs now.")


def counts_text(sent: int, received: int, conflicts: int) -> str:
    """What a sync moved: "sent 3, received 5; 1 conflict for the manager to decide"."""
    text = f"sent {sent}, received {received}"
    if conflicts:
        text += f"; {conflicts} conflict{'' if conflicts == 1 else 's'} for the manager to decide"
    return text
