"""The in-app guide is the README's user-facing part, and every screen's help section is
a paragraph of it (so rewording the README without the sections fails here)."""

from __future__ import annotations

from pathlib import Path

from placement_qa.assets import resource_path
from placement_qa.domain.dashboard import IN_SCHEDULE, PROVIDERS_VISITED, TILE_LABELS
from placement_qa.domain.glossary import KPI, SCCIF, TERMS, explained
from placement_qa.domain.user_guide import SECTION_LEADS, guide_contents, guide_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def guide() -> str:
    return guide_markdown(README.read_text(encoding="utf-8"))


def test_the_packaged_guide_is_the_readme():
    assert resource_path("user-guide.md").read_text(encoding="utf-8") == README.read_text(
        encoding="utf-8")


def test_every_help_section_is_a_part_of_the_guides_contents():
    parts = {words for _heading, words in guide_contents(guide())}
    assert {"The dashboard", "Recording a visit", "Words used", "RAG"} <= parts
    missing = [section for section, lead in SECTION_LEADS.items() if lead not in parts]
    assert missing == []


def test_the_guide_keeps_the_users_sections_and_leaves_out_set_up_and_code():
    text = guide()
    for heading in ("## A short tour", "## Working as a team", "## Importing placements",
                    "## Words used"):
        assert heading in text
    assert "## How the code is laid out" not in text
    assert "bash scripts/run.sh      # install" not in text
    assert "docs/main-window.png" not in text  # screenshots of the app, in the app: left out


def test_words_used_lists_every_term_once():
    words_used = guide().split("## Words used", 1)[1]
    for term in TERMS:
        assert words_used.count(f"**{term.word}**:") == 1


def test_kpi_names_the_kpis_the_dashboard_shows():
    for key in (IN_SCHEDULE, PROVIDERS_VISITED):
        assert TILE_LABELS[key] in KPI.meaning


def test_a_term_is_found_by_the_word_shown():
    assert explained("SCCIF") == SCCIF.tooltip
    assert explained("sccif ") == SCCIF.tooltip
    assert explained("Overdue") is None
