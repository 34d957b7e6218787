"""How far an import has got, and stopping it: progress reports and the cancel check.

An import calls ``progress(done, total)`` as it goes and stops with
:class:`ImportCancelled` when ``cancelled()`` says so; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """The user cancelled the import: nothing was written."""


class ImportSteps:
    """Progress reports (about a hundred per run) and the cancel check."""

    def __init__(self, total: int, progress: Progress | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.total, self.progress, self.cancelled = max(total, 1), progress, cancelled
        self.every = max(1, self.total // 100)

    def at(self, done: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled("Import cancelled: nothing was written")
        if self.progress is not None and (done % self.every == 0 or done >= self.total):
            self.progress(min(done, self.total), self.total)
