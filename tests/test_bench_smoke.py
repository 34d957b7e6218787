"""The bench's table, ratios and options (the benchmarks themselves are not run here:
they take minutes, and tests carry no timing thresholds)."""

from __future__ import annotations

import pytest

from bench.__main__ import (
    MODULES,
    Failed,
    markdown_table,
    parse_args,
    results_markdown,
    run_figure,
    spread,
    text_table,
)
from bench.common import Figure, Options, growth_profile, timed


def test_figure_medians_and_ratio():
    figure = Figure(2, "Overdue list", [3.0, 1.0, 2.0], [1.0, 2.0, 0.5], "ratio ≤ 1.3")
    assert figure.median == 2.0
    assert figure.baseline_median == 1.0
    assert figure.ratio == 2.0


def test_a_figure_without_baseline_has_no_ratio():
    figure = Figure(3, "Filter as you type", [10.0, 12.0], None, "≤ 16 ms")
    assert figure.baseline_median is None
    assert figure.ratio is None


def test_timed_gives_one_time_per_run_after_a_warm_up():
    calls = []
    times = timed(lambda: calls.append(1), 4)
    assert len(times) == 4 and len(calls) == 5
    assert all(t >= 0 for t in times)
    assert len(timed(lambda: calls.append(1), 2, warmup=False)) == 2


def test_spread_shows_median_min_and_max():
    assert spread([3.0, 1.0, 2.0], "ms") == "2.00 ms [1.00–3.00]"
    assert spread([1500.0, 1200.0, 1300.0], "ms") == "1,300 ms [1,200–1,500]"
    assert spread(None, "ms") == "—"


def test_table_shows_figures_and_failures():
    met = Figure(1, "Cold start", [200.0], [100.0], "ratio ≤ 2.0", met=True)
    items = [met, Failed(4, "fig4_pdf", "not built")]
    text = text_table(items)
    assert "2.00×" in text and "yes" in text and "not built" in text
    markdown = markdown_table(items)
    assert markdown.splitlines()[0].startswith("| Figure |")
    assert len(markdown.splitlines()) == 4


def test_results_describe_the_machine_and_the_notes():
    figure = Figure(7, "Peak RSS", [170.0], [46.0], "report", unit="MB", note="ru_maxrss")
    text = results_markdown([figure], Options(runs=1, quick=True), ["--quick"], 1.0)
    for heading in ("## Machine", "- Python:", "- PySide6:", "- SQLite:", "## Notes"):
        assert heading in text
    assert "ru_maxrss" in text and "3.70×" in text


def test_options_from_the_command_line():
    options, _results = parse_args(["--quick", "--only", "1,7", "--runs", "2"])
    assert options.quick and options.runs == 2
    assert options.wants(7) and not options.wants(2)
    assert parse_args([])[0].wants(3)
    with pytest.raises(SystemExit):
        parse_args(["--only", str(max(MODULES) + 1)])


def test_a_failing_figure_module_is_reported_not_raised(monkeypatch):
    import bench.__main__ as main

    monkeypatch.setitem(main.MODULES, 7, "no_such_figure_module")
    assert run_figure(7, Options()) == [Failed(7, "no_such_figure_module", "not built")]


def test_growth_profiles_scale_from_the_demo_profiles():
    small, big = growth_profile("1k"), growth_profile("160k")
    assert (small.children, big.children) == (1_000, 160_000)
    assert small.local_placements > 0 and big.local_placements > 0
    assert small.monitored_placements < big.monitored_placements
