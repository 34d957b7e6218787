"""Figure 6: how figures 2 and 3 grow with the register, and the fitted exponent.

Registers of 1k, 20k, 160k and 640k children (``register("1k")`` etc.; ``--quick``
skips 160k and 640k). For each size: the median of figure 2's app time (the
dashboard's overdue + due-soon lists, with the SQL baseline alongside for
reference) and of figure 3's keystroke time (every key of the typed sequence).
The exponent k of time ≈ c · children^k is the least-squares slope of log(time)
on log(children). Target: k ≤ 1.1 (no worse than linear).
"""

from __future__ import annotations

import math
import statistics
from datetime import date
from pathlib import Path

from . import fig2_overdue, fig3_filter
from .common import AS_OF, GROWTH_SIZES, Figure, Options, register, scratch_copy

TARGET_EXPONENT = 1.1
QUICK_SIZES = ("1k", "20k")


def fitted_exponent(children: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(children)."""
    xs = [math.log(n) for n in children]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def overdue_times(size: str, runs: int) -> tuple[float, float]:
    """Median app and SQL-baseline times (ms) of figure 2 on the ``size`` register."""
    app, base, _ = fig2_overdue.measure(register(size), runs, date.fromisoformat(AS_OF))
    return statistics.median(app), statistics.median(base)


def keystroke_time(size: str, runs: int) -> float:
    """Median time (ms) of every keystroke of figure 3 on the ``size`` register."""
    path = scratch_copy(size)
    try:
        per_key, _ = fig3_filter.measure(path, runs, date.fromisoformat(AS_OF))
    finally:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    return statistics.median(ms for times in per_key.values() for ms in times)


def _growth_figure(name: str, sizes: list[str], times: list[float], extra: str) -> Figure:
    children = [GROWTH_SIZES[s] for s in sizes]
    exponent = fitted_exponent(children, times)
    points = ", ".join(f"{s}: {t:.1f} ms" for s, t in zip(sizes, times, strict=True))
    fig = Figure(6, name, [exponent], None, f"exponent ≤ {TARGET_EXPONENT}", unit="exponent",
                 note=f"median times {points}{extra}")
    fig.met = exponent <= TARGET_EXPONENT
    return fig


def figures(options: Options) -> list[Figure]:
    sizes = list(QUICK_SIZES if options.quick else GROWTH_SIZES)
    children = [GROWTH_SIZES[s] for s in sizes]
    app, base = zip(*(overdue_times(s, options.runs) for s in sizes), strict=True)
    keys = [keystroke_time(s, options.runs) for s in sizes]
    base_exponent = fitted_exponent(children, list(base))
    base_points = ", ".join(f"{s}: {t:.1f} ms" for s, t in zip(sizes, base, strict=True))
    return [
        _growth_figure("Growth: overdue + due soon (fig. 2)", sizes, list(app),
                       f"; SQL baseline {base_points}, exponent {base_exponent:.2f}"),
        _growth_figure("Growth: filter keystroke (fig. 3)", sizes, keys, ""),
    ]
