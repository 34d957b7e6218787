"""QA frameworks as data: parsing, its error messages, the shipped default, round trips."""

from __future__ import annotations

import copy
import json

import pytest

from placement_qa.domain.framework import (
    FrameworkError,
    default_framework,
    framework_to_data,
    load_framework_file,
    parse_framework,
)

SMALL = {
    "name": "Test framework",
    "version": 1,
    "scale": [
        {"key": "good", "label": "Good"},
        {"key": "concern", "label": "Concern", "concern": True},
        {"key": "not_seen", "label": "Not seen"},
    ],
    "sections": [
        {"key": "safe", "title": "Safeguarding", "criteria": [
            {"key": "scr", "prompt": "Is the single central record complete?",
             "guidance": "Sample it.", "mandatory": True},
            {"key": "restraint", "prompt": "Is restraint recorded?"},
        ]},
        {"key": "voice", "title": "Voice", "criteria": [
            {"key": "seen", "prompt": "Was the child seen?", "mandatory": True},
        ]},
    ],
}


def _with(change):
    data = copy.deepcopy(SMALL)
    change(data)
    return data


def test_small_framework_parses_with_numbers_and_defaults():
    fw = parse_framework(SMALL)
    assert [(r.label, r.number, r.concern) for r in fw.scale] == [
        ("Good", 1, False), ("Concern", 2, True), ("Not seen", 3, False)]
    scr, restraint = fw.sections[0].criteria
    assert scr.mandatory and scr.guidance == "Sample it."
    assert not restraint.mandatory and restraint.guidance == ""
    assert [c.key for _, c in fw.criteria()] == ["scr", "restraint", "seen"]
    assert fw.rating("concern").concern and fw.rating("nope") is None


ERRORS = [
    ("duplicate criterion key",
     lambda d: d["sections"][0]["criteria"].append({"key": "scr", "prompt": "Again?"}),
     "section 'safe': duplicate criterion key 'scr'"),
    ("duplicate section key",
     lambda d: d["sections"][1].update(key="safe"),
     "framework: duplicate section key 'safe'"),
    ("section without criteria",
     lambda d: d["sections"][1].update(criteria=[]),
     "section 'voice': has no criteria"),
    ("no sections",
     lambda d: d.update(sections=[]),
     "framework: has no sections"),
    ("one rating",
     lambda d: d.update(scale=[{"key": "good", "label": "Good"}]),
     "scale: at least two ratings are needed"),
    ("duplicate rating",
     lambda d: d["scale"].append({"key": "good", "label": "Also good"}),
     "scale: duplicate rating key 'good'"),
    ("mandatory as text",
     lambda d: d["sections"][0]["criteria"][1].update(mandatory="yes"),
     "section 'safe', criterion 'restraint': 'mandatory' must be true or false"),
    ("prompt as number",
     lambda d: d["sections"][1]["criteria"][0].update(prompt=3),
     "section 'voice', criterion 'seen': 'prompt' must be text"),
    ("version as text",
     lambda d: d.update(version="2"),
     "framework: 'version' must be a whole number"),
    ("version as bool",
     lambda d: d.update(version=True),
     "framework: 'version' must be a whole number"),
    ("concern as text",
     lambda d: d["scale"][1].update(concern="true"),
     "rating 2: 'concern' must be true or false"),
    ("unknown criterion field",
     lambda d: d["sections"][0]["criteria"][0].update(weight=2),
     "section 'safe', criterion 'scr': unknown field 'weight'"),
    ("unknown top-level field",
     lambda d: d.update(colour="blue"),
     "framework: unknown field 'colour'"),
    ("criterion missing prompt",
     lambda d: d["sections"][1]["criteria"][0].pop("prompt"),
     "section 'voice', criterion 'seen': missing 'prompt'"),
    ("blank prompt",
     lambda d: d["sections"][1]["criteria"][0].update(prompt="  "),
     "section 'voice', criterion 'seen': 'prompt' is empty"),
    ("section without key",
     lambda d: d["sections"][1].pop("key"),
     "section 2: missing 'key'"),
    ("criterion not a table",
     lambda d: d["sections"][0]["criteria"].append("Is it safe?"),
     "section 'safe', criterion 3: expected a table of fields"),
    ("version zero",
     lambda d: d.update(version=0),
     "framework: 'version' must be 1 or more"),
]


@pytest.mark.parametrize(("change", "message"), [e[1:] for e in ERRORS],
                         ids=[e[0] for e in ERRORS])
def test_parse_errors_name_the_fault(change, message):
    with pytest.raises(FrameworkError) as raised:
        parse_framework(_with(change))
    assert str(raised.value) == message


def test_round_trip_small_and_default():
    for fw in (parse_framework(SMALL), default_framework()):
        assert parse_framework(framework_to_data(fw)) == fw
        assert parse_framework(json.loads(json.dumps(framework_to_data(fw)))) == fw


REQUIRED_AREAS = {
    "safeguarding": ["incident", "restraint", "exclu", "attendance", "missing"],
    "leadership": ["single central record", "staff"],
    "education": ["section f"],
    "ehcp_outcomes": ["outcome"],
    "health": ["therap"],
    "social_care": ["residential", "care"],
    "preparing_for_adulthood": ["adulthood", "independen"],
    "voice": ["views", "own words"],
    "parents_carers": ["parents", "carers"],
    "environment": ["premises", "equipment"],
    # Issue 9: attendance against funded days, fees and invoices, reporting, notification
    # of incidents and absences, staffing as contracted, therapy hours as the EHCP says.
    "contract": ["funded days", "fees", "invoices", "report", "notif", "absences",
                 "staffing", "therapy hours", "ehcp", "national contract"],
}


def test_shipped_default_covers_every_required_area():
    fw = default_framework()
    assert fw.name == "Westbridge QA framework for specialist placements"
    assert fw.version == 1
    assert [r.label for r in fw.scale] == ["Strong", "Secure", "Developing", "Concern", "Not seen"]
    assert [r.label for r in fw.scale if r.concern] == ["Concern"]
    sections = {s.key: s for s in fw.sections}
    assert set(REQUIRED_AREAS) <= set(sections)
    titles = [s.title for s in fw.sections]
    for words in ("Safeguarding and welfare", "Leadership, staffing and compliance",
                  "EHCP", "Health and therapies", "Social care and residential",
                  "Preparing for adulthood", "Voice of the child or young person",
                  "parents and carers", "Environment and resources",
                  "Contract compliance"):
        assert any(words in t for t in titles), words
    for key, keywords in REQUIRED_AREAS.items():
        text = " ".join(f"{s.title} {c.prompt} {c.guidance}"
                        for s in [sections[key]] for c in s.criteria).lower()
        for word in keywords:
            assert word in text, (key, word)
    for section in fw.sections:
        assert 3 <= len(section.criteria) <= (7 if section.key == "contract" else 5), section.key
        assert all(c.prompt.endswith("?") and c.guidance for c in section.criteria)
    assert all(c.mandatory for c in sections["safeguarding"].criteria)


def test_load_json_and_toml_files(tmp_path):
    json_file = tmp_path / "shared.json"
    json_file.write_text(json.dumps(SMALL), encoding="utf-8")
    assert load_framework_file(json_file) == parse_framework(SMALL)

    toml_file = tmp_path / "shared.toml"
    toml_file.write_text(
        'name = "T"\n[[scale]]\nkey = "a"\nlabel = "A"\n[[scale]]\nkey = "b"\nlabel = "B"\n'
        '[[sections]]\nkey = "s"\ntitle = "S"\n[[sections.criteria]]\nkey = "c"\nprompt = "P?"\n',
        encoding="utf-8",
    )
    fw = load_framework_file(toml_file)
    assert fw.version == 1 and fw.sections[0].criteria[0].prompt == "P?"


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.txt", "", "bad.txt: a framework file must end .toml or .json"),
    ("bad.json", "{", "bad.json: not readable as JSON"),
    ("bad.toml", "name = ", "bad.toml: not readable as TOML"),
    ("empty.json", json.dumps(_with(lambda d: d.update(sections=[]))),
     "empty.json: framework: has no sections"),
])
def test_load_file_errors_name_the_file(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        load_framework_file(path)
    assert str(raised.value).startswith(message)
