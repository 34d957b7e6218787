"""QA frameworks: the sections, criteria and rating scale a monitoring visit is recorded against.

Frameworks are data (``resources/frameworks/``, TOML or JSON) and are versioned in
the register: a visit keeps the version it was recorded with. This module only
reads, checks and writes the plain structure; the store keeps the versions.

The data shape (TOML shown; JSON has the same keys)::

    name = "Westbridge QA framework for specialist placements"
    version = 1

    [[scale]]
    key = "strong"
    label = "Strong"
    concern = false          # optional, default false

    [[sections]]
    key = "safeguarding"
    title = "Safeguarding and welfare"

    [[sections.criteria]]
    key = "incidents"
    prompt = "..."
    guidance = "..."         # optional, default ""
    mandatory = true         # optional, default false

A rating's ``number`` (1..n, for picking by number key) is its place in the scale.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..assets import resource_path
from ..atomic_file import write_atomically

DEFAULT_FRAMEWORK_FILE = ("frameworks", "default.toml")


class FrameworkError(ValueError):
    """A framework definition the app cannot use; the message says where and why."""


@dataclass(frozen=True)
class Rating:
    key: str
    label: str
    number: int
    concern: bool = False


@dataclass(frozen=True)
class Criterion:
    key: str
    prompt: str
    guidance: str = ""
    mandatory: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class QAFramework:
    name: str
    version: int
    scale: tuple[Rating, ...]
    sections: tuple[Section, ...]

    def criteria(self) -> tuple[tuple[Section, Criterion], ...]:
        """Every criterion with its section, in order."""
        return tuple((s, c) for s in self.sections for c in s.criteria)

    def rating(self, key: str) -> Rating | None:
        return next((r for r in self.scale if r.key == key), None)


# --- reading -------------------------------------------------------------

_FRAMEWORK_FIELDS = {"name": str, "version": int, "scale": list, "sections": list}
_RATING_FIELDS = {"key": str, "label": str, "concern": bool}
_SECTION_FIELDS = {"key": str, "title": str, "criteria": list}
_CRITERION_FIELDS = {"key": str, "prompt": str, "guidance": str, "mandatory": bool}
_REQUIRED = {
    "framework": ("name", "scale", "sections"),
    "rating": ("key", "label"),
    "section": ("key", "title", "criteria"),
    "criterion": ("key", "prompt"),
}
_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}


def _fields(data: Any, fields: Mapping[str, type], kind: str, where: str) -> dict[str, Any]:
    """Check one table of the definition: a mapping, known keys, right types, required present."""
    if not isinstance(data, Mapping):
        raise FrameworkError(f"{where}: expected a table of fields")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise FrameworkError(f"{where}: unknown field {unknown[0]!r}")
    for name in _REQUIRED[kind]:
        if name not in data:
            raise FrameworkError(f"{where}: missing {name!r}")
    out: dict[str, Any] = {}
    for name, value in data.items():
        wanted = fields[name]
        ok = isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool))
        if not ok:
            raise FrameworkError(f"{where}: {name!r} must be {_TYPE_WORDS[wanted]}")
        if wanted is str:
            value = value.strip()
            if not value and name in _REQUIRED[kind]:
                raise FrameworkError(f"{where}: {name!r} is empty")
        out[name] = value
    return out


def _unique(keys: Iterable[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise FrameworkError(f"{where}: duplicate {what} key {key!r}")
        seen.add(key)


def _scale(items: list) -> tuple[Rating, ...]:
    ratings = []
    for number, item in enumerate(items, start=1):
        f = _fields(item, _RATING_FIELDS, "rating", f"rating {number}")
        ratings.append(Rating(f["key"], f["label"], number, f.get("concern", False)))
    if len(ratings) < 2:
        raise FrameworkError("scale: at least two ratings are needed")
    _unique((r.key for r in ratings), "rating", "scale")
    return tuple(ratings)


def _section(item: Any, number: int) -> Section:
    where = f"section {number}"
    if isinstance(item, Mapping) and isinstance(item.get("key"), str):
        where = f"section {item['key']!r}"
    f = _fields(item, _SECTION_FIELDS, "section", where)
    if not f["criteria"]:
        raise FrameworkError(f"{where}: has no criteria")
    criteria = []
    for n, raw in enumerate(f["criteria"], start=1):
        at = f"{where}, criterion {n}"
        if isinstance(raw, Mapping) and isinstance(raw.get("key"), str):
            at = f"{where}, criterion {raw['key']!r}"
        c = _fields(raw, _CRITERION_FIELDS, "criterion", at)
        criteria.append(Criterion(c["key"], c["prompt"], c.get("guidance", ""),
                                  c.get("mandatory", False)))
    _unique((c.key for c in criteria), "criterion", where)
    return Section(f["key"], f["title"], tuple(criteria))


def parse_framework(data: Mapping[str, Any]) -> QAFramework:
    """The framework described by ``data``; raises :class:`FrameworkError` naming the fault."""
    f = _fields(data, _FRAMEWORK_FIELDS, "framework", "framework")
    version = f.get("version", 1)
    if version < 1:
        raise FrameworkError("framework: 'version' must be 1 or more")
    scale = _scale(f["scale"])
    if not f["sections"]:
        raise FrameworkError("framework: has no sections")
    sections = tuple(_section(s, n) for n, s in enumerate(f["sections"], start=1))
    _unique((s.key for s in sections), "section", "framework")
    return QAFramework(f["name"], version, scale, sections)


def framework_to_data(fw: QAFramework) -> dict[str, Any]:
    """The plain structure :func:`parse_framework` reads (JSON- and TOML-ready)."""
    return {
        "name": fw.name,
        "version": fw.version,
        "scale": [{"key": r.key, "label": r.label, "concern": r.concern} for r in fw.scale],
        "sections": [
            {"key": s.key, "title": s.title, "criteria": [
                {"key": c.key, "prompt": c.prompt, "guidance": c.guidance,
                 "mandatory": c.mandatory}
                for c in s.criteria
            ]}
            for s in fw.sections
        ],
    }


def load_framework_file(path: str | Path) -> QAFramework:
    """A framework from a ``.toml`` or ``.json`` file (e.g. one shared by a partner authority)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            raise FrameworkError(f"{path.name}: a framework file must end .toml or .json")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise FrameworkError(f"{path.name}: not readable as {suffix[1:].upper()}: {exc}") from exc
    try:
        return parse_framework(data)
    except FrameworkError as exc:
        raise FrameworkError(f"{path.name}: {exc}") from exc


def default_framework() -> QAFramework:
    """The council's default QA framework shipped in ``resources/frameworks/``."""
    return load_framework_file(resource_path(*DEFAULT_FRAMEWORK_FILE))


# --- writing -------------------------------------------------------------

_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped,
    everything else (including non-ASCII letters) kept as it is."""
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _toml_string(str(value))


def _toml_table(header: str, fields: Mapping[str, Any]) -> list[str]:
    lines = [header] if header else []
    lines += [f"{name} = {_toml_value(value)}" for name, value in fields.items()
              if not isinstance(value, list)]
    return lines


def framework_to_toml(fw: QAFramework) -> str:
    """``fw`` as a TOML document in the shape described at the top of this module."""
    data = framework_to_data(fw)
    lines = _toml_table("", data)
    for rating in data["scale"]:
        lines += ["", *_toml_table("[[scale]]", rating)]
    for section in data["sections"]:
        lines += ["", *_toml_table("[[sections]]", section)]
        for criterion in section["criteria"]:
            lines += ["", *_toml_table("[[sections.criteria]]", criterion)]
    return "\n".join(lines) + "\n"


def save_framework_file(fw: QAFramework, path: str | Path) -> None:
    """Write ``fw`` to a ``.toml`` or ``.json`` file, all at once: it is written beside the
    target first and then moved into place, so a failed write never leaves half a file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        text = framework_to_toml(fw)
    elif suffix == ".json":
        text = json.dumps(framework_to_data(fw), ensure_ascii=False, indent=2) + "\n"
    else:
        raise FrameworkError(f"{path.name}: a framework file must end .toml or .json")
    write_atomically(path, text.encode("utf-8"))


# --- keys for new items ----------------------------------------------------

KEY_LENGTH = 40


def new_key(title: str, taken: Iterable[str], fallback: str = "item") -> str:
    """A key for a new section, criterion or rating, made from its title: lower-case
    letters, digits and underscores, and not one of ``taken`` (its siblings' keys)."""
    plain = unicodedata.normalize("NFKD", title.replace("ł", "l").replace("Ł", "L"))
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
    base = ""
    for word in words:
        if base and len(base) + 1 + len(word) > KEY_LENGTH:
            break
        base = f"{base}_{word}" if base else word[:KEY_LENGTH]
    base = base or fallback
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key
