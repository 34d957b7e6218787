"""What every figure module shares: the Figure record, timing, cached demo registers.

Registers are built once with the app's own demo builder and cached in
``bench/.cache/`` (git-ignored). A benchmark that writes works on a
``scratch_copy`` so the cached register is never changed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"
SCRATCH_DIR = CACHE_DIR / "scratch"
AS_OF = "2026-11-22"

# Demo sizes built as they are, and the growth sizes (children counts): each is scaled
# from the named profile; "20k" and "640k" are the large and national registers.
DEMO_SIZES = ("small", "large", "national")
GROWTH_SIZES = {"1k": 1_000, "20k": 20_000, "160k": 160_000, "640k": 640_000}
_SAME_AS = {"20k": "large", "640k": "national"}


@dataclass
class Options:
    runs: int = 5
    quick: bool = False  # skip national-size and 640k-children work
    only: frozenset[int] | None = None  # figure numbers to run; None: all

    def wants(self, number: int) -> bool:
        return self.only is None or number in self.only


@dataclass
class Figure:
    number: int
    name: str
    app: list[float]
    baseline: list[float] | None
    target: str
    unit: str = "ms"
    note: str = ""
    met: bool | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.app) if self.app else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        app, base = self.median, self.baseline_median
        if app is None or not base:
            return None
        return app / base


def timed(fn: Callable[[], object], runs: int, *, warmup: bool = True) -> list[float]:
    """``fn`` run ``runs`` times: each run's wall time in milliseconds."""
    if warmup:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


# --- registers -------------------------------------------------------------------------

def register(size: str) -> Path:
    """The cached demo register of ``size`` (built on first use; never change it)."""
    if size in _SAME_AS:
        return register(_SAME_AS[size])
    if size not in DEMO_SIZES and size not in GROWTH_SIZES:
        known = ", ".join([*DEMO_SIZES, *GROWTH_SIZES])
        raise ValueError(f"unknown register size {size!r}: choose one of {known}")
    path = CACHE_DIR / f"{size}.db"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        _build(size, path)
    return path


def scratch_copy(size: str) -> Path:
    """A fresh copy of the cached register of ``size`` that a benchmark may write to."""
    source = register(size)
    SCRATCH_DIR.mkdir(parents=True, exist_ok=True)
    target = SCRATCH_DIR / f"{size}.db"  # one per size: the next copy replaces it
    for old in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        old.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new folder under ``bench/.cache/scratch`` for one figure, removed at the end."""
    SCRATCH_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=SCRATCH_DIR, prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def growth_profile(size: str):
    """The DemoProfile of a growth size, scaled from the large (up to 20k children) or
    the national profile (the existing profiles are not changed)."""
    from placement_qa.demo.profiles import PROFILES, DemoProfile

    children = GROWTH_SIZES[size]
    base = PROFILES["large" if children <= 20_000 else "national"]
    scale = children / base.children
    return DemoProfile(
        size=size, children=children,
        monitored_providers=max(10, round(base.monitored_providers * scale)),
        local_providers=max(4, round(base.local_providers * scale)),
        monitored_placements=max(20, round(base.monitored_placements * scale)),
        history_years=base.history_years, criteria_per_visit=base.criteria_per_visit,
    )


def _build(size: str, path: Path) -> None:
    from placement_qa.demo import write_demo_register
    from placement_qa.demo.profiles import PROFILES

    print(f"bench: building the {size} demo register (cached in {path})", file=sys.stderr)
    if size in DEMO_SIZES:
        write_demo_register(path, size)
        return
    PROFILES[size] = growth_profile(size)  # known to the builder for this build only
    try:
        write_demo_register(path, size)
    finally:
        del PROFILES[size]


# --- child processes -------------------------------------------------------------------

def child_env() -> dict[str, str]:
    """The environment for a benchmark child: offscreen Qt, the repo importable."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_DIR), env.get("PYTHONPATH")]))
    return env


@dataclass
class ChildRun:
    wall_ms: float
    stdout: str
    lines: dict[str, str] = field(default_factory=dict)  # "key=value" lines of stdout


def run_child(args: Sequence[str], *, timeout: float = 600) -> ChildRun:
    """Run ``python args...`` in a fresh process; its wall time from the parent, in ms.
    Raises RuntimeError (with the child's stderr) if it fails."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=child_env(), cwd=REPO_DIR, timeout=timeout)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"child {' '.join(args)} exited {done.returncode}: {tail}")
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return ChildRun(wall, done.stdout, lines)
