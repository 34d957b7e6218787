"""One writer per register: an operating-system lock beside the register file.

:class:`RegisterLock` takes an exclusive, non-blocking OS lock (``fcntl.flock`` on
POSIX, ``msvcrt.locking`` on Windows) on ``<register>.lock``. The operating system
drops the lock when the holding process ends, however it ends, so a crashed
instance never locks the user out: a leftover lock file with no live lock is simply
taken over. The lock file (private to the user) records who holds the register, so
a second instance is refused in words: who, on which computer, which process, since
when.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.dates import council_now, council_time, stored_stamp
from .connection import RegisterError, current_os_user

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None

# Windows locks are mandatory: lock one byte far past the holder's details so another
# process can still read who holds the register.
_LOCK_OFFSET = 1 << 30


class RegisterInUse(RegisterError):
    """Another process holds the register open for writing."""


def lock_path(register_path: str | os.PathLike[str]) -> Path:
    path = Path(register_path)
    return path.with_name(path.name + ".lock")


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
        self.path = lock_path(path)
        self.user = user
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> RegisterLock:
        if self._fd is not None:
            return self
        fd = self._locked_fd()
        try:
            self._write_holder(fd)
        except OSError as exc:
            _unlock(fd)
            os.close(fd)
            raise RegisterError(
                f"Cannot lock {self.register_path.name}: {exc.strerror or exc}") from None
        self._fd = fd
        return self

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
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        try:
            return os.open(self.path, flags, 0o600)
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
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
