"""Opening a register file: checks, encryption, pragmas, permissions and migrations.

A register may be encrypted with SQLCipher (``sqlcipher3``): its file then does not
start with "SQLite format 3" and opens only with its passphrase. Once a register
has been opened with its passphrase, this process remembers it (in memory only,
never on disk) so the app's background readers and writers can open the same file;
:func:`forget_passphrase` drops it (when the app locks itself after idle time).
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..domain.names import compare_names
from . import schema
from .errors import DATABASE_ERRORS, sqlcipher
from .hard_links import other_name_problem
from .read_only import read_only_uri, writable

SQLITE_HEADER = b"SQLite format 3\x00"

_passphrases: dict[Path, str] = {}


class RegisterError(Exception):
    """A register file cannot be used; the message says which file and why."""


class PassphraseNeeded(RegisterError):
    """The register is encrypted and no passphrase was given."""


class WrongPassphrase(RegisterError):
    """The passphrase given does not open the register (nothing was changed)."""


class RegisterDamaged(RegisterError):
    """The file failed SQLite's integrity check: it must not be written to."""


class NotARegister(RegisterError):
    """The file is empty, or another program's database: it was left as it was."""


class HasOtherName(RegisterError):
    """The register file has another name (a hard link): it is not opened (see
    :mod:`.hard_links`)."""


def refuse_other_names(path: str | os.PathLike[str]) -> None:
    """HasOtherName if the register file at ``path`` has another name (POSIX)."""
    problem = other_name_problem(path)
    if problem is not None:
        raise HasOtherName(problem)


def encryption_available() -> bool:
    return sqlcipher is not None


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` exists, is not empty and is not a plain SQLite file."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != SQLITE_HEADER


def remember_passphrase(path: str | os.PathLike[str], passphrase: str) -> None:
    _passphrases[Path(path).resolve()] = passphrase


def forget_passphrase(path: str | os.PathLike[str]) -> None:
    _passphrases.pop(Path(path).resolve(), None)


def remembered_passphrase(path: str | os.PathLike[str]) -> str | None:
    return _passphrases.get(Path(path).resolve())


def current_os_user() -> str:
    """The operating system account running the app, as the system knows it: never a
    ``LOGNAME``/``USER``/``USERNAME`` variable, which anyone can set before starting it."""
    if sys.platform == "win32":
        return _windows_account()
    import pwd

    uid = os.getuid()  # the real uid: who started the process
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # no account entry (some containers): still record who it was
        return f"uid-{uid}"


def _windows_account() -> str:
    """The Windows account of this process (GetUserNameW asks the system, not the
    environment)."""
    import ctypes

    if sys.platform != "win32":   # windll is Windows' own (this tells the type checker)
        raise OSError("GetUserNameW is a Windows call")
    size = ctypes.c_ulong(257)  # UNLEN + 1
    name = ctypes.create_unicode_buffer(size.value)
    if ctypes.windll.advapi32.GetUserNameW(name, ctypes.byref(size)):
        return name.value
    return "unknown"


@contextmanager
def _private_files() -> Iterator[None]:
    """Files created inside are readable by their owner only (children's data)."""
    if not hasattr(os, "umask"):
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise RegisterError(f"{path} is a folder, not a register file")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except PermissionError:
        raise RegisterError(f"{path} cannot be read: permission denied") from None
    except OSError as exc:
        raise RegisterError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _existing_file(path: Path, create: bool) -> bool:
    """True for a register file to open, False for a new one to create (only when
    ``create`` and nothing is at ``path``). An empty file is never made into a register:
    a new register is asked for by naming a file that does not exist yet."""
    if not path.exists():
        if not create:
            raise RegisterError(f"{path} does not exist")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise RegisterError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        return False
    _check_readable(path)
    if path.stat().st_size == 0:
        raise NotARegister(
            f"{path} is empty (0 bytes), not a Placement QA register: nothing was changed. "
            "To start a new register, give the name of a file that does not exist yet")
    return True


def _quote(passphrase: str) -> str:
    # PRAGMA key takes no parameters: the passphrase is a quoted SQL string literal.
    return "'" + passphrase.replace("'", "''") + "'"


def _damaged(path: Path, problem: object) -> RegisterDamaged:
    return RegisterDamaged(f"{path} is damaged ({str(problem)[:200]}): it has not been "
                           "changed. Restore the latest backup.")


# sqlite3's connection, or sqlcipher3's for an encrypted register: the same interface
# (not a subclass), and sqlite-utils takes either
Connection = sqlite3.Connection


def _connect(path: Path, passphrase: str | None, encrypted: bool, *,
             read_only: bool = False) -> Connection:
    """A connection to ``path`` (read-only if asked): sqlite3 for a plain file, sqlcipher3
    with the key for an encrypted (or new encrypted) one."""
    target = read_only_uri(path) if read_only else str(path)
    if passphrase is None:
        if encrypted:
            raise PassphraseNeeded(
                f"{path} is encrypted (or is not a Placement QA register): give its "
                "passphrase to open it")
        return sqlite3.connect(target, timeout=5.0, uri=read_only)
    if sqlcipher is None:
        raise RegisterError("Encrypted registers need the sqlcipher3 package, which is not "
                            "installed on this computer")
    if not passphrase:
        raise WrongPassphrase("The passphrase is empty")
    conn = sqlcipher.connect(target, timeout=5.0, uri=read_only)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        damaged = _key_fits(conn, path, passphrase)
        conn.close()
        if damaged:
            raise _damaged(path, exc) from None
        raise WrongPassphrase(
            f"The passphrase does not open {path.name} (or it is not a Placement QA "
            "register). Nothing was changed: try again.") from None
    return conn


# How many of an encrypted file's first pages are looked at to tell a wrong passphrase
# from damage to the first page.
_SAMPLE_PAGES = 64


def _key_fits(conn: Connection, path: Path, passphrase: str) -> bool:
    """True if ``passphrase`` is the encrypted file's own, though it does not open the
    schema: then the file is damaged. SQLCipher signs every page with an HMAC made with
    the key, so a wrong passphrase fails on every page, the right one only on damaged
    pages: if the first page opens, or any of the pages after it, the key is right."""
    try:
        conn.execute("PRAGMA user_version").fetchone()  # reads the first page only
        return True
    except sqlcipher.DatabaseError:
        pass
    try:
        return _later_page_fits(path, passphrase,
                                int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]))
    except (sqlcipher.DatabaseError, OSError):
        return False


def _later_page_fits(path: Path, passphrase: str, page_size: int) -> bool:
    """True if the key opens any of the file's first pages after the first (checked on
    a copy of them, so a wrong passphrase takes no longer on a large register)."""
    with tempfile.TemporaryDirectory() as folder, _private_files():
        sample = Path(folder) / "first-pages"  # still encrypted: no child's data in clear
        with path.open("rb") as source:
            first = source.read(_SAMPLE_PAGES * page_size)
        sample.write_bytes(first)
        with closing(sqlcipher.connect(str(sample))) as copy:
            copy.execute("PRAGMA cipher_log_level = NONE")
            copy.execute(f"PRAGMA key = {_quote(passphrase)}")
            failed = {int(number) for (row,) in copy.execute("PRAGMA cipher_integrity_check")
                      for number in re.findall(r"\bpage (\d+)", str(row))}
    pages = -(-len(first) // page_size)
    return any(page not in failed for page in range(2, pages + 1))


def quick_check(db: Database) -> str:
    """SQLite's quick integrity check: "ok", or what is wrong."""
    rows = db.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


def open_register(
    path: str | os.PathLike[str],
    *,
    create: bool = False,
    migrate: bool = True,
    os_user: str | None = None,
    passphrase: str | None = None,
    check: bool = True,
    allow_read_only: bool = False,
    read_only: bool = False,
) -> Database:
    """Open (and upgrade) the register at ``path``.

    With ``create=True`` a missing file is created, private to the user (encrypted
    when a ``passphrase`` is given); without it a missing file is a
    :class:`RegisterError`. An empty file, or another program's database, is
    :class:`NotARegister`, and a file with another name (a hard link) is
    :class:`HasOtherName`; either is left as it was: an existing file is looked at
    without writing until it is known to be a register. An encrypted register needs
    its passphrase (given, or remembered from an earlier open in this process).
    ``check`` runs SQLite's quick integrity check first: a damaged file is
    :class:`RegisterDamaged` and is never written to. ``migrate=False`` leaves an
    older schema as it is (for ``check``). ``allow_read_only`` (for commands that only
    read) opens a register this process cannot write read-only instead of failing;
    :func:`.read_only.opened_read_only` then says so. ``read_only`` opens an existing
    register read-only even where it could be written (a background job that only
    reads): any write through that connection is refused. Foreign keys are enforced and the
    journal is WAL with full sync, so a crash or power cut keeps every committed
    transaction.
    """
    path = Path(path)
    existed = _existing_file(path, create)
    if existed:
        refuse_other_names(path)
    encrypted = existed and is_encrypted(path)
    if passphrase is None and encrypted:
        passphrase = remembered_passphrase(path)
    if not encrypted and existed:
        passphrase = None  # a plain register opens as it is
    read_only = existed and (read_only or (allow_read_only and not writable(path)))
    user = os_user or current_os_user()
    conn = None
    try:
        with _private_files():
            conn = _checked_connection(path, passphrase, encrypted, existed=existed,
                                       check=check, read_only=read_only)
            db = Database(conn)
            if read_only:
                db = _configure_read_only(db, user, path, migrate=migrate)
            else:
                db = _configure(db, user)
                if not existed:
                    path.chmod(0o600)
                if migrate:
                    schema.migrate(db)
    except DATABASE_ERRORS as exc:
        if conn is not None:
            conn.close()
        if "malformed" in str(exc):  # SQLite met the damage before the check could run
            raise _damaged(path, exc) from None
        raise RegisterError(f"{path} cannot be opened as a register: {exc}") from None
    except RegisterError:
        if conn is not None:
            conn.close()
        raise
    if passphrase is not None:
        remember_passphrase(path, passphrase)
    return db


def _checked_connection(path: Path, passphrase: str | None, encrypted: bool, *,
                        existed: bool, check: bool, read_only: bool) -> Connection:
    """A connection to ``path``, made once an existing file has been looked at without
    writing to it: a register (else NotARegister), not from a newer release, and whole
    (RegisterDamaged) when ``check``. A plain file is looked at through a read-only
    connection first; an encrypted one through the connection its key opened."""
    if not existed:
        return _connect(path, passphrase, encrypted)
    look_read_only = read_only or not encrypted
    conn = _connect(path, passphrase, encrypted, read_only=look_read_only)
    try:
        _check_file(Database(conn), path, check=check)
    except BaseException:
        conn.close()
        raise
    if look_read_only and not read_only:
        conn.close()
        conn = _connect(path, passphrase, encrypted)
    return conn


def _check_file(db: Database, path: Path, *, check: bool) -> None:
    _refuse_foreign(db, path)
    _refuse_newer(db, path)
    if check:
        result = quick_check(db)
        if result != "ok":
            raise _damaged(path, result)


def refuse_if_not_a_register(path: str | os.PathLike[str]) -> None:
    """NotARegister if ``path`` is a plain SQLite file that is not a register (empty,
    or another program's database), looked at read-only. A missing, encrypted or
    unreadable file passes: what to do with it is the caller's to decide."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0 or is_encrypted(path):
        return
    try:
        conn = _connect(path, None, False, read_only=True)
    except DATABASE_ERRORS:
        return
    try:
        _refuse_foreign(Database(conn), path)
    except DATABASE_ERRORS:
        return
    finally:
        conn.close()


def _refuse_foreign(db: Database, path: Path) -> None:
    problem = schema.register_problem(db)
    if problem is not None:
        raise NotARegister(f"{path} is not a Placement QA register ({problem}): nothing "
                           "was changed")


def _refuse_newer(db: Database, path: Path) -> None:
    version = schema.schema_version(db)
    if version > schema.LATEST_VERSION:
        raise RegisterError(
            f"{path} was saved by a newer version of Placement QA (register version "
            f"{version}; this version understands up to {schema.LATEST_VERSION}): update the app"
        )


def _configure_read_only(db: Database, os_user: str, path: Path, *,
                         migrate: bool) -> Database:
    """A register this process cannot write, opened to read: any write is refused."""
    version = schema.schema_version(db)
    if migrate and version < schema.LATEST_VERSION:
        raise RegisterError(
            f"{path} cannot be written here (read-only file or folder) and was saved by an "
            f"older version of Placement QA (register version {version} of "
            f"{schema.LATEST_VERSION}): open it once where it can be written, to upgrade it")
    _connection_functions(db, os_user)
    db.execute("PRAGMA query_only = ON")  # what read_only.opened_read_only looks at
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def install_sql_functions(conn: Connection, os_user: str) -> None:
    """The SQL functions the change-log triggers call, on a raw connection to a register:
    who is writing (``pqa_os_user()``), and whether the change being written was pulled
    from the team's server (``pqa_applying_remote()``, 0 here: see :func:`applying_remote`)."""
    conn.create_function("pqa_os_user", 0, lambda: os_user)
    conn.create_function("pqa_applying_remote", 0, lambda: 0)


@contextmanager
def applying_remote(db: Database) -> Iterator[None]:
    """Inside, this connection's writes are changes pulled from the team's server: the
    change-log triggers leave them to the caller (who logs the server's own change row),
    so they are never sent back as this register's changes. Use within a transaction."""
    with not_logged(db):
        yield


@contextmanager
def not_logged(db: Database) -> Iterator[None]:
    """Inside, the change-log triggers write nothing for this connection's writes (so
    the team's server is not sent them either): for what is not a change to a record,
    such as the page a note was left open at. Use within a transaction."""
    db.conn.create_function("pqa_applying_remote", 0, lambda: 1)
    try:
        yield
    finally:
        db.conn.create_function("pqa_applying_remote", 0, lambda: 0)


def _connection_functions(db: Database, os_user: str) -> None:
    """What the register's SQL calls on every connection, written to or only read."""
    install_sql_functions(db.conn, os_user)
    # ORDER BY name COLLATE name_order files names as every list does (Łukasz under L).
    db.conn.create_collation("name_order", compare_names)


def _configure(db: Database, os_user: str) -> Database:
    _connection_functions(db, os_user)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


@contextmanager
def bulk_loading(db: Database, cache_mb: int = 256) -> Iterator[Database]:
    """A larger page cache while loading many rows (demo registers, big imports).

    Each row also writes a change-log row and two UUID index entries; with
    SQLite's default 2 MB cache a national-size load spends most of its time
    re-reading index pages.
    """
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA cache_size = {int(previous)}")


def check_register(db: Database) -> tuple[str, int]:
    """``(integrity_check result, schema version)`` of an open register."""
    rows = db.execute("PRAGMA integrity_check").fetchall()
    result = "; ".join(str(r[0]) for r in rows)
    return result, schema.schema_version(db)
