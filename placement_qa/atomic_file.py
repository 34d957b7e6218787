"""Writing a file the user keeps (a PDF, an export, a framework) all at once.

The bytes go to a temporary file beside the target, are flushed to disk, and the
temporary file is then renamed over the target: anyone reading the file — or the
user after a crash or a power cut — sees the old file or the new one, never half.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, data: bytes) -> None:
    """Put ``data`` at ``path`` (replacing any file there) in one step."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part",
                                    dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
