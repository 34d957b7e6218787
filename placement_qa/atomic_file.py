"""Writing a file the user keeps (a PDF, an export, a framework) all at once, privately.

The bytes go to a temporary file beside the target, are flushed to disk, and the
temporary file is then renamed over the target: anyone reading the file — or the
user after a crash, a full disk or a power cut — sees the old file or the new one,
never half. The temporary file is removed if anything goes wrong. The file is
private to the user (mode 0600, whatever the umask): it may hold children's data.

Before anything is written, the target is checked (see :mod:`.store.output_guard`):
an output never replaces a register, its backups or any database, and is refused
with a message saying so. A symlink is followed: the file it leads to is replaced,
and the link stays.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, overload

PRIVATE = 0o600


@overload
def atomic_output(path: str | Path, *, encoding: str) -> AbstractContextManager[TextIO]: ...
@overload
def atomic_output(path: str | Path, *,
                  encoding: None = None) -> AbstractContextManager[BinaryIO]: ...
def atomic_output(path: str | Path, *,
                  encoding: str | None = None) -> AbstractContextManager[IO[Any]]:
    """A file to write ``path``'s new content into: binary, or text in ``encoding``
    (with ``newline=""``, as the csv module wants). The content replaces ``path``
    only when the block ends without an error; otherwise nothing is left behind.
    OutputRefused (an OSError) if ``path`` is a register's or a database (see
    :func:`~placement_qa.store.output_guard.safe_target`)."""
    return _atomic_output(path, encoding)


@contextmanager
def _atomic_output(path: str | Path, encoding: str | None) -> Iterator[IO[Any]]:
    from .store.output_guard import safe_target

    path = safe_target(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part",
                                    dir=path.parent)
    try:
        mode, newline = ("w", "") if encoding else ("wb", None)
        with open(handle, mode, encoding=encoding, newline=newline) as out:
            os.chmod(temp, PRIVATE)
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, data: bytes) -> None:
    """Put ``data`` at ``path`` (replacing any file there) in one step."""
    with atomic_output(path) as out:
        out.write(data)
