"""The team register's background work, as jobs for the job runner (:mod:`.jobs`): join,
sync (with steps before it, such as resolving a conflict) and list the conflicts.

Everything that talks to the server (psycopg, the keyring) is imported on the worker,
when a job runs: a register with no team server never loads it, and the app starts as
fast as it did. What crosses back to the GUI thread is plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from .jobs import Job, JobControl, JobFailed

if TYPE_CHECKING:
    from ..store.server_conflicts import ConflictView
    from ..store.server_login import ServerLogin
    from ..store.sync import SyncResult

# A piece of work on the worker before a sync (resolving a conflict): given the
# register's writable connection and the login, it returns a problem in words, or None.
Step = Callable[[Database, "ServerLogin"], str | None]


@dataclass(frozen=True)
class SyncRun:
    """What a sync job did: the sync's result, and each step run before it with its
    problem (None: done)."""

    result: SyncResult
    steps: tuple[tuple[Step, str | None], ...] = ()

    def ran(self, step: Step) -> bool:
        return any(done is step for done, _ in self.steps)

    def problem(self, step: Step) -> str | None:
        return next((problem for done, problem in self.steps if done is step), None)


@dataclass(frozen=True)
class JoinOutcome:
    """What joining did: the result; whether the register is joined now; whether the
    password is kept in the keyring (False: no keyring, or no password given)."""

    result: SyncResult
    joined: bool
    password_kept: bool
    keyring: bool


@dataclass(frozen=True)
class ConflictList:
    """The conflicts this login may see: all of them for a manager, else its own."""

    manager: bool
    user: str
    conflicts: tuple[ConflictView, ...]


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _login(db: Database, password: str | None) -> ServerLogin:
    from ..store.credentials import team_login
    from ..store.server_login import LoginError

    try:
        return team_login(db, password)
    except LoginError as exc:
        raise JobFailed(f"The team register could not be reached: {exc}") from None


def sync_job(password: str | None = None, steps: Sequence[Step] = ()) -> Job[SyncRun]:
    """Run ``steps``, then sync the register with its team server (``password``: one
    typed this session, else the keyring's). Its connection writes."""

    def work(db: Database, _control: JobControl) -> SyncRun:
        from ..store.sync import sync

        login = _login(db, password)
        done = tuple((step, step(db, login)) for step in steps)
        return SyncRun(sync(db, login), done)

    return Job(work, failure="The register could not be synced", writes=True)


def join_job(dsn: str, user: str, password: str) -> Job[JoinOutcome]:
    """Join the team register at ``dsn`` as ``user``; keep the password in the keyring
    once the server has taken it."""

    def work(db: Database, _control: JobControl) -> JoinOutcome:
        from ..domain.sync_status import OFFLINE
        from ..store.credentials import keyring_available, save_password
        from ..store.outbox import is_joined
        from ..store.server_login import ServerLogin
        from ..store.sync import join

        login = ServerLogin(dsn, user or None, password or None)
        result = join(db, login)
        joined = is_joined(db)
        kept = joined and result.status.outcome != OFFLINE and save_password(login)
        return JoinOutcome(result, joined, kept, keyring_available())

    return Job(work, failure="The register could not join the team register", writes=True)


def conflicts_job(password: str | None = None) -> Job[ConflictList]:
    """The conflicts queue, as this register's login may see it."""

    def work(db: Database, _control: JobControl) -> ConflictList:
        from ..store.server import connect, list_conflicts, manager_login
        from ..store.server_login import login_user

        login = _login(db, password)
        user = login_user(login)
        try:
            with closing(connect(login)) as conn:
                manager = manager_login(conn)
                found = list_conflicts(conn) if manager else list_conflicts(conn, raised_by=user)
        except Exception as exc:  # the server's own words, in one line
            if not _from_server(exc):
                raise
            raise JobFailed(f"The team register could not be read: {_first_line(exc)}") from None
        return ConflictList(manager, user, tuple(found))

    return Job(work, failure="The conflicts could not be read")


def _from_server(exc: BaseException) -> bool:
    import psycopg

    from ..store.server_schema import ServerSchemaError

    return isinstance(exc, (psycopg.Error, ServerSchemaError))


def resolve_step(conflict: ConflictView, choice: str, edited: dict[str, Any] | None) -> Step:
    """Resolve ``conflict`` (keep ``mine``, ``theirs``, or the ``edited`` values) on the
    server, once this register has said it would take the values chosen."""
    conflict_id, table, uuid = conflict.conflict_id, conflict.table, conflict.record_uuid
    fields, server_value, laptop_value = conflict.fields, conflict.server_value, \
        conflict.laptop_value

    def step(db: Database, login: ServerLogin) -> str | None:
        from ..domain.sync import SyncRuleError, chosen_value
        from ..store.server import ConflictError, connect, resolve_conflict
        from ..store.server_login import login_user
        from ..store.sync_apply import refusal

        lead = "The conflict was not resolved"
        try:
            value = chosen_value(choice, server_value, laptop_value, edited, fields)
        except SyncRuleError as exc:
            return f"{lead}: {exc}"
        refused = refusal(db, table, uuid, value) if value and fields else None
        if refused:
            return f"{lead}: {refused}"
        try:
            with closing(connect(login)) as conn:
                resolve_conflict(conn, conflict_id, choice, edited, resolved_by=login_user(login))
        except ConflictError as exc:
            return f"{lead}: {exc}"
        except Exception as exc:  # noqa: BLE001 — the server's own words, one line
            if not _from_server(exc):
                raise
            return f"{lead}: the team register could not be reached ({_first_line(exc)})"
        return None

    return step
