"""One writer per register: an operating-system lock beside the register file, and on
the file itself.

:class:`RegisterLock` takes an exclusive, non-blocking OS lock (``fcntl.flock`` on
POSIX, ``msvcrt.locking`` on Windows) on ``<register>.lock`` beside the real file:
the path is resolved first, so a symlink or ``..`` reaches the same lock file as the
plain path. The operating system drops the lock when the holding process ends,
however it ends, so a crashed instance never locks the user out: a leftover lock
file with no live lock is simply taken over. The lock file (private to the user)
records who holds the register, so a second instance is refused in words: who, on
which computer, which process, since when. Only a lock file this user made is ever
written: anything else at its name — a symlink planted to redirect the write, a
folder, another user's file — is refused and left as it is.

A register file with another name (a hard link) is refused before anything is done
(:mod:`.hard_links`). On Linux the register file itself is locked too (``flock``),
so the file stays held even if a hard link is made while it is open. Linux keeps
flock locks apart from the POSIX byte-range locks SQLite takes on the same file, so
the two never meet; and a flock lock belongs to its own open file, so SQLite closing
its files does not drop it. (On macOS and the BSDs flock and POSIX locks are one
family and would collide with SQLite's, and on Windows the lock file is kept as it
was: there only the lock file guards the register.) When the register file is
replaced — a restore, an encryption — :meth:`RegisterLock.follow_file` moves the lock
to the new file.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.dates import council_now, council_time, stored_stamp
from .connection import RegisterError, current_os_user, refuse_other_names

# The one of the two this system has; the other is None (the type checker, on one
# system, takes each for the module it imports).
try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

# Windows locks are mandatory: lock one byte far past the holder's details so another
# process can still read who holds the register.
_LOCK_OFFSET = 1 << 30
# Locking the register file itself: see the module's notes.
_LOCKS_THE_FILE = fcntl is not None and sys.platform.startswith("linux")
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_NON_BLOCK = getattr(os, "O_NONBLOCK", 0)  # never wait on a FIFO


class RegisterInUse(RegisterError):
    """Another process holds the register open for writing."""


def real_register_path(path: str | os.PathLike[str]) -> Path:
    """The register file itself, however ``path`` reaches it: symlinks followed, ``..``
    and relative parts resolved (the file need not exist yet)."""
    return Path(os.path.realpath(path))


def lock_path(register_path: str | os.PathLike[str]) -> Path:
    path = real_register_path(register_path)
    return path.with_name(path.name + ".lock")


def try_lock_file(fd: int) -> bool | None:
    """Take an exclusive flock on the open file ``fd`` without waiting (Linux): True if
    taken, False if another open file holds it, None where this is not possible here."""
    if not _LOCKS_THE_FILE:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without flock
        return None
    return True


def _try_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False if another process holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:  # pragma: no cover - Windows
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass


def _same_file(fd: int, path: Path) -> bool:
    if fcntl is None:  # pragma: no cover - Windows cannot remove an open file
        return True
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


class LockFileRefused(RegisterError):
    """Something other than this user's lock file is at the lock file's name."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"{path} is {what}, not a lock file Placement QA made: it was left as it is. "
            "Remove it if no one has the register open, then try again")


def _open_lock_file(path: Path) -> int:
    """The lock file, opened for writing without following a symlink: made here (private),
    or one this user left (a crashed instance). OSError if it cannot be opened;
    LockFileRefused for anything else at its name."""
    for _ in range(3):
        try:  # O_EXCL: never an existing file, nor through a symlink
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
        except FileExistsError:
            pass
        if os.path.islink(path):  # where there is no O_NOFOLLOW
            raise LockFileRefused(path, "a symbolic link")
        try:
            fd = os.open(path, os.O_RDWR | _NON_BLOCK | _NO_FOLLOW)
        except FileNotFoundError:  # released meanwhile: make it afresh
            continue
        except IsADirectoryError:
            raise LockFileRefused(path, "a folder") from None
        except OSError:
            if os.path.islink(path):
                raise LockFileRefused(path, "a symbolic link") from None
            raise
        problem = _not_own_lock_file(os.fstat(fd))
        if problem is None:
            return fd
        os.close(fd)
        raise LockFileRefused(path, problem)
    raise FileExistsError(path)


def _not_own_lock_file(found: os.stat_result) -> str | None:
    """What makes the file found at the lock file's name one not to write, or None."""
    if not stat.S_ISREG(found.st_mode):
        return "not a plain file"
    if hasattr(os, "geteuid") and found.st_uid != os.geteuid():
        return "another user's file"
    if found.st_nlink != 1:
        return "a file with another name (a hard link)"
    return None


def _holder(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def in_use_message(register_path: Path, holder: dict[str, Any]) -> str:
    """"The register is open in Placement QA by a.officer on LAPTOP-12 (process 4242)
    since 14:03 — close it there first" (with what is known of the holder)."""
    who = f" by {holder['user']}" if holder.get("user") else ""
    host = f" on {holder['host']}" if holder.get("host") else ""
    pid = f" (process {holder['pid']})" if holder.get("pid") else ""
    since = ""
    try:
        started = datetime.fromisoformat(str(holder["since"]))
    except (KeyError, ValueError):
        pass
    else:
        started = council_time(started.astimezone())  # an older lock file's is local time
        today = started.date() == council_now().date()
        since = " since " + started.strftime("%H:%M" if today else "%d/%m/%Y %H:%M")
    return f"The register is open in Placement QA{who}{host}{pid}{since} — close it there first"


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # e.g. another instance has it open on Windows: harmless
        pass


class RegisterLock:
    """The exclusive right to write ``path``; use as a context manager or call
    :meth:`acquire` (raises :class:`RegisterInUse`) and :meth:`release`."""

    def __init__(self, path: str | os.PathLike[str], *, user: str | None = None) -> None:
        self.register_path = Path(path)
        self.real_path = real_register_path(path)
        self.path = lock_path(path)
        self.user = user
        self._fd: int | None = None
        self._file_fd: int | None = None  # the register file itself, locked (Linux)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> RegisterLock:
        if self._fd is not None:
            return self
        refuse_other_names(self.register_path)  # a hard link: refused before anything is made
        self._fd = self._locked_fd()
        try:
            self._file_fd = self._lock_register_file()
            self._write_holder(self._fd)
        except OSError as exc:
            self.release()
            raise RegisterError(
                f"Cannot lock {self.register_path.name}: {exc.strerror or exc}") from None
        except RegisterInUse:
            self.release()
            raise
        return self

    def _lock_register_file(self) -> int | None:
        """The register file, opened and flock-ed (None if it does not exist yet, or
        where the file cannot be locked); RegisterInUse if another open file holds it."""
        if not _LOCKS_THE_FILE:
            return None
        try:
            fd = os.open(self.real_path, os.O_RDONLY | os.O_NONBLOCK)  # never wait on a FIFO
        except OSError:  # not there yet: locked once it exists (follow_file)
            return None
        taken = try_lock_file(fd)
        if taken:
            return fd
        os.close(fd)
        if taken is None:
            return None
        # held under a name made since this one was checked (a hard link): who is not known
        raise RegisterInUse(in_use_message(self.register_path, {}))

    def follow_file(self) -> None:
        """The register file was created or replaced (restored, encrypted): lock the file
        now at the path, and let the one it replaced go."""
        if self._fd is None:
            return
        old = self._file_fd
        if old is not None and _same_file(old, self.real_path):
            return
        self._file_fd = self._lock_register_file()
        if old is not None:
            os.close(old)

    def _locked_fd(self) -> int:
        """The lock file's descriptor, locked. A holder that released in between
        removed the file we opened: then open the new one and try again."""
        for _ in range(5):
            fd = self._open()
            if not _try_lock(fd):
                os.close(fd)
                raise RegisterInUse(in_use_message(self.register_path, _holder(self.path)))
            if _same_file(fd, self.path):
                return fd
            _unlock(fd)
            os.close(fd)
        raise RegisterInUse(in_use_message(self.register_path, _holder(self.path)))

    def _open(self) -> int:
        try:
            return _open_lock_file(self.path)
        except OSError as exc:
            raise RegisterError(
                f"Cannot lock {self.register_path.name} for writing "
                f"({self.path.parent}): {exc.strerror or exc}") from None

    def _write_holder(self, fd: int) -> None:
        holder = {"user": self.user or current_os_user(), "host": socket.gethostname(),
                  "pid": os.getpid(), "since": stored_stamp()}
        data = json.dumps(holder).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)
        os.fsync(fd)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)

    def release(self) -> None:
        """Give the register up and remove the lock file (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        file_fd, self._file_fd = self._file_fd, None
        if file_fd is not None:
            os.close(file_fd)  # closing the file gives its flock up
        if fcntl is not None:
            # removed while still locked: a process that opened it meanwhile sees
            # (after locking) that it is no longer the lock file and starts again
            _remove(self.path)
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - Windows removes only closed files
            _unlock(fd)
            os.close(fd)
            _remove(self.path)

    def __enter__(self) -> RegisterLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __del__(self) -> None:  # pragma: no cover - safety net
        for fd in (self._fd, self._file_fd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
