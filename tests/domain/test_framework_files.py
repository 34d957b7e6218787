"""Framework files: the TOML writer, saving TOML and JSON, keys for new items."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placement_qa.domain.framework import (
    Criterion,
    FrameworkError,
    QAFramework,
    Rating,
    Section,
    default_framework,
    framework_to_toml,
    load_framework_file,
    new_key,
    parse_framework,
    save_framework_file,
)

AWKWARD = [
    'Is the "single central record" complete?',
    "Path C:\\records\\2026 and a tab\there",
    "Line one\nLine two\r\nLine three",
    "Łukasz Nowak — Zoë’s keyworker, naïve café 😀",
    "Trailing backslash \\",
    'Triple quotes """ and \'\'\' inside',
    "Bell \x07 and delete \x7f and nul \x00 characters",
    "# not a comment = [not a table]",
]


def _framework(texts) -> QAFramework:
    criteria = tuple(Criterion(f"c{n}", text, guidance=text, mandatory=n % 2 == 0)
                     for n, text in enumerate(texts))
    return QAFramework(
        name=texts[0], version=3,
        scale=(Rating("ok", "Fine — “good”", 1), Rating("bad", 'A "concern"', 2, True)),
        sections=(Section("s1", texts[-1], criteria), Section("s2", "Voice", criteria[:1])),
    )


def _round_trip(fw: QAFramework) -> QAFramework:
    return parse_framework(tomllib.loads(framework_to_toml(fw)))


def test_the_default_framework_round_trips_through_toml():
    fw = default_framework()
    assert _round_trip(fw) == fw


def test_awkward_text_round_trips_through_toml():
    fw = _framework(AWKWARD)
    assert _round_trip(fw) == fw


def test_non_ascii_is_written_as_utf8_not_escaped():
    text = framework_to_toml(_framework(AWKWARD))
    assert "Łukasz Nowak — Zoë’s keyworker" in text
    assert '\\"single central record\\"' in text
    assert "Line one\\nLine two\\r\\nLine three" in text
    assert "\\u0007" in text and "\\u007F" in text


_text = st.text(min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(st.lists(_text, min_size=1, max_size=4))
def test_any_text_round_trips_through_toml(texts):
    fw = _framework(texts)
    assert _round_trip(fw) == fw


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_saving_then_loading_a_file_gives_the_same_framework(tmp_path, suffix):
    fw = _framework(AWKWARD)
    path = tmp_path / f"shared{suffix}"
    save_framework_file(fw, path)
    assert load_framework_file(path) == fw
    assert "Łukasz Nowak" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_json_is_indented_and_keeps_letters(tmp_path):
    fw = replace(default_framework(), name="Cadre d’assurance qualité")
    path = tmp_path / "fw.json"
    save_framework_file(fw, path)
    text = path.read_text(encoding="utf-8")
    assert '"name": "Cadre d’assurance qualité"' in text
    assert text.startswith('{\n  "name"')
    assert json.loads(text)["sections"][0]["key"] == "safeguarding"


def test_saving_replaces_an_existing_file_whole(tmp_path):
    path = tmp_path / "fw.toml"
    path.write_text("old content " * 10_000, encoding="utf-8")
    save_framework_file(default_framework(), path)
    assert load_framework_file(path) == default_framework()


def test_a_file_of_another_kind_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(FrameworkError, match=r"fw\.txt: a framework file must end .toml or .json"):
        save_framework_file(default_framework(), tmp_path / "fw.txt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("title", "taken", "key"), [
    ("Safeguarding and welfare", [], "safeguarding_and_welfare"),
    ("Is the single central record complete?", [], "is_the_single_central_record_complete"),
    ("Safeguarding", ["safeguarding"], "safeguarding_2"),
    ("Safeguarding", ["safeguarding", "safeguarding_2"], "safeguarding_3"),
    ("Łukasz's “voice” — café", [], "lukasz_s_voice_cafe"),
    ("", [], "item"),
    ("?!", ["item"], "item_2"),
    ("Are the therapies specified in the EHCP delivered at the frequency the plan sets out?",
     [], "are_the_therapies_specified_in_the_ehcp"),
])
def test_new_keys_are_slugs_of_the_title(title, taken, key):
    assert new_key(title, taken) == key


def test_new_keys_use_the_fallback_for_an_untitled_item():
    assert new_key("   ", [], fallback="new_criterion") == "new_criterion"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12))
def test_new_keys_are_unique_among_siblings_and_parse(titles):
    keys: list[str] = []
    for title in titles:
        key = new_key(title, keys)
        assert key not in keys
        assert key and len(key) <= 44
        assert all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in key)
        keys.append(key)
