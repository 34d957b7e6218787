"""Figure 7: peak RSS of the app with the large register open and the dashboard shown,
vs a bare PySide6 QMainWindow process (no target: reported).

Both are the figure 1 child processes, which print their peak RSS (VmHWM on Linux, in
KB) once the window is painted.
"""

from __future__ import annotations

from bench.common import Figure, Options, run_child, scratch_copy


def figures(options: Options) -> list[Figure]:
    db = scratch_copy("large")
    runs = max(1, min(options.runs, 3))  # peak memory hardly varies run to run
    app = [_peak_mb(["app", str(db)]) for _ in range(runs)]
    baseline = [_peak_mb(["baseline"]) for _ in range(runs)]
    figure = Figure(7, "Peak RSS, large register, dashboard shown", app, baseline,
                    "report", unit="MB")
    figure.note = ("Peak resident set size (VmHWM) of a fresh process once "
                   "the window is painted; baseline: a bare QMainWindow process.")
    return [figure]


def _peak_mb(args: list[str]) -> float:
    child = run_child(["-m", "bench.fig1_cold_start", *args])
    return int(child.lines["maxrss_kb"]) / 1024
