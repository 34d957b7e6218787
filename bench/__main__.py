"""``python -m bench [--quick] [--only 1,7] [--runs 5]``: run the figures, print one
table and write ``bench/RESULTS.md`` (the machine, the date, the table, the notes)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import platform
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.common import BENCH_DIR, Figure, Options
from bench.findings import WHY_MISSED

MODULES = {
    1: "fig1_cold_start", 2: "fig2_overdue", 3: "fig3_filter", 4: "fig4_pdf",
    5: "fig5_import", 6: "fig6_growth", 7: "fig7_memory", 8: "fig8_first_pull",
    9: "fig9_round_trip", 10: "fig10_converge", 11: "fig11_first_push",
}
HEADINGS = ("Figure", "What", "App median [min–max]", "Baseline median [min–max]",
            "Ratio", "Target", "Met")


@dataclass
class Failed:
    """A figure module that is missing or raised: the table says so and the run goes on."""
    number: int
    name: str
    error: str


def parse_args(argv: list[str] | None = None) -> tuple[Options, Path]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="skip national-size and 640k-children work (a fast check)")
    parser.add_argument("--only", type=_numbers, metavar="N,...",
                        help="run only these figures, e.g. 1,7")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (5)")
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "RESULTS.md",
                        help="the Markdown file to write (bench/RESULTS.md)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return Options(runs=args.runs, quick=args.quick, only=args.only), args.results


def _numbers(text: str) -> frozenset[int]:
    try:
        numbers = frozenset(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of figure numbers: {text!r}") from None
    unknown = sorted(numbers - set(MODULES))
    if unknown or not numbers:
        raise argparse.ArgumentTypeError(f"figures are numbered 1 to {len(MODULES)}")
    return numbers


def run_figure(number: int, options: Options) -> list[Figure | Failed]:
    """One module's figures, or a Failed row saying why there are none."""
    name = MODULES[number]
    if importlib.util.find_spec(f"bench.{name}") is None:
        return [Failed(number, name, "not built")]
    try:
        module = importlib.import_module(f"bench.{name}")
        return list(module.figures(options)) or [Failed(number, name, "no figures")]
    except Exception as exc:  # one figure failing must not stop the run
        traceback.print_exc(file=sys.stderr)
        return [Failed(number, name, f"error: {type(exc).__name__}: {exc}")]


# --- formatting ------------------------------------------------------------------------

def spread(values: list[float] | None, unit: str) -> str:
    """``12.3 ms [11.9–13.0]``: median with min and max; "—" for none."""
    if not values:
        return "—"
    ordered = sorted(values)
    middle = Figure(0, "", ordered, None, "").median
    return f"{_num(middle)} {unit} [{_num(ordered[0])}–{_num(ordered[-1])}]"


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}" if value < 10 else \
        f"{value:.1f}"


def row(item: Figure | Failed) -> tuple[str, ...]:
    if isinstance(item, Failed):
        return (str(item.number), item.name, item.error, "", "", "", "")
    ratio = "—" if item.ratio is None else f"{item.ratio:.2f}×"
    met = {True: "yes", False: "NO", None: "—"}[item.met]
    return (str(item.number), item.name, spread(item.app, item.unit),
            spread(item.baseline, item.unit), ratio, item.target, met)


def text_table(items: list[Figure | Failed]) -> str:
    rows = [HEADINGS, *(row(item) for item in items)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADINGS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(items: list[Figure | Failed]) -> str:
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row(item)) + " |"
              for item in items]
    return "\n".join(lines)


# --- the machine and RESULTS.md --------------------------------------------------------

def machine() -> list[tuple[str, str]]:
    import PySide6

    return [
        ("CPU", _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "?"),
        ("Cores", str(os.cpu_count())),
        ("RAM", _memory()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite3.sqlite_version),
    ]


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def _memory() -> str:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "16318480 kB"
    if not total:
        return "?"
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GB"


def results_markdown(items: list[Figure | Failed], options: Options, argv: list[str],
                     seconds: float) -> str:
    command = " ".join(["python -m bench", *argv])
    parts = [
        "# Benchmark results (issue 8)", "",
        f"Written by `{command}` on {datetime.now():%d/%m/%Y at %H:%M} "
        f"({seconds:.0f} s; {options.runs} timed runs per figure"
        f"{'; quick: national-size and 640k work skipped' if options.quick else ''}).", "",
        "## Machine", "",
        *(f"- {name}: {value}" for name, value in machine()), "",
        "## Figures", "",
        "Medians with [min–max]; the ratio is the app's median over the baseline's, both "
        "measured in the same run on the same machine.", "",
        markdown_table(items), "",
    ]
    notes = [f"- **{item.number}. {item.name}**: {item.note}" for item in items
             if isinstance(item, Figure) and item.note]
    if notes:
        parts += ["## Notes", "", *notes, ""]
    missed = [f"- **{item.number}. {item.name}**: {WHY_MISSED[item.number]}" for item in items
              if isinstance(item, Figure) and item.met is False and item.number in WHY_MISSED]
    if missed:
        parts += ["## Targets missed: why, and what would fix it", "", *missed, ""]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options, results = parse_args(argv)
    started = time.perf_counter()
    items: list[Figure | Failed] = []
    for number in MODULES:
        if options.wants(number):
            print(f"bench: figure {number} ({MODULES[number]})…", file=sys.stderr, flush=True)
            items += run_figure(number, options)
    print(text_table(items))
    results.write_text(
        results_markdown(items, options, argv, time.perf_counter() - started), encoding="utf-8")
    print(f"\nWritten to {results}")
    return 1 if any(isinstance(item, Failed) and item.error != "not built"
                    for item in items) else 0


if __name__ == "__main__":
    sys.exit(main())
