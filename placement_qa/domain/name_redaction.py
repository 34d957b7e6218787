"""Children's names found in free text however they were typed, and replaced.

The rule (the note copies and the board report use it):

* **Accents and case do not matter.** "Zoe", "ZOË" and "zoë" are Zoë; "Lukasz" is
  Łukasz, "Ayse" Ayşe, "Serban" and "Şerban" Șerban, "Ngoc Nguyen" Ngọc Nguyễn
  (:func:`fold`). Names match whole words only, in any alphabet: "Zoëlla" is not Zoë.
  In scripts written without spaces (Chinese, Japanese, Thai…) a name of two or
  more characters matches wherever it stands.
* **What counts as the name:** its words holding a letter (digits and punctuation
  standing alone, as in "Smith - Jones" or "Ann Lee 2", are not name words, and a
  name with none has nothing to find); the whole name and any run of its words, in either
  order and as "Family, Given"; each word and each part of a hyphenated word (of two
  letters or more); a title and a word ("Ms Young", "Dr Rose"); the initials the app
  writes ("T. Y.", "T.Y.", "C.-J.") and a mix ("T. Young", "Tilly Y."). Spaces,
  hyphens, dots and apostrophes between the words may differ ("Chen James",
  "tilly.young"). German umlauts may also be written out: "Mueller" is Müller,
  "Juergen" Jürgen, "Baer" Bär (and "Weiss" Weiß, as folding makes ß "ss").
* **Ordinary words survive.** A match typed all in lower case is left as it is when
  every word of the name in it is an ordinary English word (or a single letter): for
  Tilly Young, "the young person's views" and "we will miss young people" stay,
  while "Young", "YOUNG", "Ms Young", "Young, Tilly", "tilly young" and "tilly" go.
  Capitalised, such a word is taken as the name even at the start of a sentence
  ("Young people…" loses "Young"): printing a name in the wrong copy is worse than an
  odd sentence. Ordinary words are SCOWL's lower-case British words
  (``resources/ordinary_words.txt``); proper nouns are not among them.

Pure functions: :func:`name_replacer` takes the names and what each becomes and
returns the function that rewrites text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from .names import initials

# Letters that do not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l",
                          "ŧ": "t", "þ": "th", "ð": "d", "æ": "ae", "œ": "oe", "ĸ": "k"})
# Scripts written without spaces between words: each character is a word of its own.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff")
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+")
# What may stand between two words of a form (matched against folded text).
_GAP = re.compile(r"[\s.'’‘_\-‐‑–]*")        # words of a name, parts of one
_COMMA = re.compile(r"\s*,\s*")                # "Young, Tilly"
_AFTER_TITLE = re.compile(r"\.?\s*")           # "Ms Young", "Mr. Young"
_AFTER_INITIAL = re.compile(r"\.[\s\-‐‑]*")    # "T. Y.", "T.Y.", "C.-J."
_BEFORE_WORD = _AFTER_TITLE                      # "T. Young", "T Young"
_TITLE_TYPED = re.compile(r"\w+")
_UMLAUT = re.compile("([aouAOU])\u0308")   # ä ö ü (decomposed), written out as ae oe ue
TITLES = ("mr", "mrs", "ms", "miss", "mx", "master", "dr", "sir", "dame")
ANY_TITLE = "(title)"   # a titled form's first token: any of TITLES

StandIn = Callable[["NameForm", str], str]
"""What a match becomes: given the form matched and the text as it was typed."""


@dataclass(frozen=True)
class NameForm:
    """One way a name may be written: folded word tokens and the text allowed between
    them (regular expressions over folded text)."""

    tokens: tuple[str, ...]
    joins: tuple[re.Pattern, ...]
    words: tuple[str, ...]        # the name's words (as registered) it stands for
    titled: bool = False          # tokens[0] is ANY_TITLE
    final_dot: str = ""           # "." a dot must end it; "?" one may


# --- folding -----------------------------------------------------------------------

class _FoldTable(dict):
    """str.translate table folding each character (filled as characters are seen);
    ``uneven`` holds the characters whose fold is not exactly one character."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
        if base == decomposed:     # no accent to drop: keep the letter (Hangul, ligatures)
            base = unicodedata.normalize("NFKC", char)
        folded = base.casefold().translate(_LETTERS)
        if len(folded) != 1:
            self.uneven.add(char)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Text as names are compared: accents dropped, case folded ("Şerban" → "serban",
    "ŁUKASZ" → "lukasz", "Nguyễn" → "nguyen")."""
    return text.translate(_FOLD)


def _folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, when its length differs from the text's, where each folded
    character came from (one more entry for the end); None means the same places."""
    folded = fold(text)
    if not _FOLD.uneven.intersection(text):
        return folded, None
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(_FOLD[ord(char)]))
    offsets.append(len(text))
    return folded, offsets


@cache
def ordinary_words() -> frozenset[str]:
    """The lower-case English words (shipped in ``resources/ordinary_words.txt``)."""
    from ..assets import resource_path

    text = Path(resource_path("ordinary_words.txt")).read_text(encoding="utf-8")
    return frozenset(w for w in text.split() if not w.startswith("#"))


def _ordinary(token: str) -> bool:
    """An English word, or a letter (an initial) of the Latin alphabet."""
    return (len(token) == 1 and token.isascii()) or token in ordinary_words()


# --- the forms of a name -----------------------------------------------------------

def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(text)))


def _name_words(name: str) -> tuple[str, ...]:
    """The name's words that hold a letter: "Anne Smith - Jones" → Anne, Smith, Jones."""
    return tuple(word for word in name.split() if _TOKEN.search(fold(word)))


def _written_out(word: str) -> str:
    """The word with German umlauts written out: "Müller" → "Mueller"."""
    return unicodedata.normalize(
        "NFC", _UMLAUT.sub(r"\1e", unicodedata.normalize("NFD", word)))


def _umlaut_tokens(words: tuple[str, ...]) -> dict[str, str]:
    """Each folded token of the words (two letters or more) that has another spelling
    with its umlauts written out: {"muller": "mueller"}."""
    found: dict[str, str] = {}
    for word in words:
        written = _written_out(word)
        if written == word:
            continue
        tokens, spelt = _tokens(word), _tokens(written)
        if len(tokens) == len(spelt):
            found.update((t, s) for t, s in zip(tokens, spelt, strict=True)
                         if t != s and len(t) > 1)
    return found


def _form(words: Iterable[str], *, gap: re.Pattern = _GAP) -> NameForm | None:
    """The words as one form, tokens joined by ``gap`` (words of one letter: none)."""
    words = tuple(words)
    tokens = _tokens(" ".join(words))
    if not tokens or (len(tokens) == 1 and len(tokens[0]) < 2):
        return None
    return NameForm(tokens, (gap,) * (len(tokens) - 1), words)


def _initial_forms(given: tuple[str, ...], family: tuple[str, ...]) -> list[NameForm]:
    """"T. Y." (and "T.Y."), "T. Young" and "Tilly Y." for one split of the name, with
    the initials :func:`.names.initials` writes ("O'Brien" → "O.", "Chen-James" → "C.-J.")."""
    words = given + family
    firsts = _tokens(initials(" ".join(words)))
    given_firsts = _tokens(initials(" ".join(given)))
    family_firsts = _tokens(initials(" ".join(family)))
    given_tokens, family_tokens = _tokens(" ".join(given)), _tokens(" ".join(family))
    if not (given_firsts and family_firsts):   # a word starting with no letter: "(Tilly)"
        return []
    return [
        NameForm(firsts, (_AFTER_INITIAL,) * (len(firsts) - 1), words, final_dot="."),
        NameForm(given_firsts + family_tokens,
                 (_AFTER_INITIAL,) * (len(given_firsts) - 1) + (_BEFORE_WORD,)
                 + (_GAP,) * (len(family_tokens) - 1), words),
        NameForm(given_tokens + family_firsts,
                 (_GAP,) * len(given_tokens) + (_AFTER_INITIAL,) * (len(family_firsts) - 1),
                 words, final_dot="?"),
    ]


def _parts(words: tuple[str, ...]) -> list[NameForm | None]:
    """Each part of a hyphenated word ("Chen-James" → "Chen", "James"), and each word
    of several letter runs written as one ("ChenJames", "OBrien")."""
    found: list[NameForm | None] = []
    for word in words:
        pieces = [p for p in re.split(r"[-‐‑–]", word) if p]
        found.extend(_form((p,)) for p in pieces if len(pieces) > 1)
        tokens = _tokens(word)
        if len(tokens) > 1:
            found.append(NameForm(("".join(tokens),), (), (word,)))
    return found


@lru_cache(maxsize=8192)
def name_forms(name: str) -> tuple[NameForm, ...]:
    """Every form of ``name`` the redaction looks for (see the module docs)."""
    words = _name_words(name)
    if not words:
        return ()
    forms = [form for form in _forms(words) if form is not None]
    spelt = _umlaut_tokens(words)
    if spelt:
        forms += [replace(form, tokens=tuple(spelt.get(t, t) for t in form.tokens))
                  for form in forms]
    unique = {(f.tokens, f.joins, f.final_dot): f for f in forms}
    return tuple(unique.values())


def _forms(words: tuple[str, ...]) -> list[NameForm | None]:
    runs = [words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    candidates = [*(_form(run) for run in runs), *_parts(words)]
    for split in range(1, len(words)):
        given, family = words[:split], words[split:]
        candidates.append(_form(family + given))
        family_form, given_form = _form(family), _form(given)
        if family_form and given_form:
            candidates.append(NameForm(
                family_form.tokens + given_form.tokens,
                family_form.joins + (_COMMA,) + given_form.joins, words))
        candidates.extend(_initial_forms(given, family))
    for run in [*(words[i:] for i in range(len(words))), *((w,) for w in words)]:
        form = _form(run)
        if form is not None:
            candidates.append(NameForm((ANY_TITLE, *form.tokens), (_AFTER_TITLE, *form.joins),
                                       run, titled=True))
    return candidates


# --- replacing ---------------------------------------------------------------------

def initials_stand_in(form: NameForm, found: str) -> str:
    """A name as initials ("T. Y."); a title typed before it stays ("Ms Y.")."""
    short = initials(" ".join(form.words))
    title = _TITLE_TYPED.match(found) if form.titled else None
    return f"{title.group(0)} {short}" if title else short


def _fixed(text: str) -> StandIn:
    return lambda form, found: text


class _Entry(NamedTuple):
    form: NameForm
    stand_in: StandIn | None      # None: the name is kept as typed


def name_replacer(names: Iterable[tuple[str, str | StandIn]], *,
                  keep: Iterable[str] = ()) -> Callable[[str], str]:
    """A function rewriting text with each name in ``names`` replaced by its stand-in
    (fixed text, or a :data:`StandIn`), by the rule in the module docs.

    Names in ``keep`` are left as typed, even where they share a word with a name
    replaced: in a child's own copy their name stays, a sibling's full name goes."""
    listed = [(name, _fixed(s) if isinstance(s, str) else s) for name, s in names]
    if not any(name.strip() for name, _ in listed):
        return lambda text: text
    index = _Names([*((name, None) for name in keep), *listed])
    return lambda text: _replace(text, index) if text else text


class _Names:
    """The names, indexed by the words that may start one of their forms: a name's
    forms (:func:`name_forms`) are worked out only when such a word is in the text, so
    a register of thousands of children is quick to index and to search."""

    def __init__(self, names: list[tuple[str, StandIn | None]]) -> None:
        self.names = names
        self.by_word: dict[str, list[int]] = {}
        self.by_initials: dict[tuple[str, ...], list[int]] = {}
        self.depth = 2
        for number, (name, _) in enumerate(names):
            tokens, words = _tokens(name), _name_words(name)
            self.depth = max(self.depth, len(tokens) + 1)
            for word in _starting_words(tokens, words):
                self.by_word.setdefault(word, []).append(number)
            self.by_initials.setdefault(_tokens(initials(" ".join(words)))[:2], []).append(number)
        letters = {word[0] for word in self.by_word}
        self.firsts = frozenset({*self.by_word, *TITLES, *letters})
        self._found: dict[tuple[str, str | None], list[_Entry]] = {}

    def entries(self, first: str, second: str | None) -> list[_Entry]:
        """The forms that may start with ``first`` followed by ``second``: longest first,
        a kept name before a replaced one."""
        key = (first, second)
        if key not in self._found:
            numbers = set(self.by_word.get(first, ()))
            if second is not None and (first in TITLES or len(first) == 1):
                numbers.update(self.by_word.get(second, ()))   # "Ms Young", "T. Young"
                numbers.update(self.by_initials.get((first, second), ()))   # "T. Y."
            found = [_Entry(form, self.names[n][1]) for n in sorted(numbers)
                     for form in name_forms(self.names[n][0])
                     if form.tokens[0] == first or (form.titled and first in TITLES)]
            found.sort(key=lambda e: (-len(e.form.tokens), e.stand_in is not None))
            self._found[key] = found
        return self._found[key]

    def starts(self, folded: str) -> Iterator[re.Match]:
        """Each word of the folded text that may start a name."""
        if len(self.firsts) > 300:   # many names: look every word up
            return (t for t in _TOKEN.finditer(folded) if t.group() in self.firsts)
        return _starts(self.firsts).finditer(folded)


def _starting_words(tokens: tuple[str, ...], words: tuple[str, ...]) -> set[str]:
    """The folded words that may start one of the name's forms: its tokens, each word
    written as one ("ChenJames"), and their spellings with umlauts written out."""
    joined = ["".join(_tokens(w)) for w in words]
    found = {*tokens, *joined}
    spelt = _umlaut_tokens(words)
    if spelt:
        found.update(spelt.values())
        found.update("".join(spelt.get(t, t) for t in _tokens(w)) for w in words)
    return {word for word in found if word}


@lru_cache(maxsize=64)
def _starts(firsts: frozenset[str]) -> re.Pattern:
    """A whole word that is one of ``firsts`` (a character of a script without spaces
    is a word of its own)."""
    letter = rf"[^\W\d_{_UNSPACED}]"
    words = sorted(firsts, key=len, reverse=True)
    spaced = "|".join(re.escape(w) for w in words if not re.fullmatch(f"[{_UNSPACED}]", w))
    unspaced = "".join(re.escape(w) for w in words if re.fullmatch(f"[{_UNSPACED}]", w))
    parts = [rf"(?<!{letter})(?:{spaced})(?!{letter})" if spaced else "",
             f"[{unspaced}]" if unspaced else ""]
    return re.compile("|".join(p for p in parts if p))


def _replace(text: str, index: _Names) -> str:
    folded, offsets = _folded_with_offsets(text)
    pieces: list[str] = []
    done, position = 0, 0
    for first in index.starts(folded):
        if first.start() < position:
            continue   # inside a name already matched
        tokens = [first]
        while len(tokens) < index.depth and (
                following := _TOKEN.search(folded, tokens[-1].end())) is not None:
            tokens.append(following)
        second = tokens[1].group() if len(tokens) > 1 else None
        found = _match_at(folded, tokens, index.entries(first.group(), second), text, offsets)
        if found is None:
            continue
        entry, start, end, position = found
        if entry.stand_in is not None:
            pieces.extend((text[done:start], entry.stand_in(entry.form, text[start:end])))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _match_at(folded: str, tokens: list[re.Match], entries: list[_Entry], text: str,
              offsets: list[int] | None) -> tuple[_Entry, int, int, int] | None:
    """The first entry matching these tokens (entry, start and end in ``text``, end in
    ``folded``), skipping matches that are only ordinary lower-case words."""
    for entry in entries:
        folded_end = _folded_end(folded, tokens, entry.form)
        if folded_end is None:
            continue
        start, end = tokens[0].start(), folded_end
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        typed = text[start:end]
        if typed == typed.lower() and all(
                _ordinary(t) for t in entry.form.tokens[1 if entry.form.titled else 0:]):
            continue
        return entry, start, end, folded_end
    return None


def _folded_end(folded: str, tokens: list[re.Match], form: NameForm) -> int | None:
    """Where the form ends in the folded text, if it matches from the first token."""
    if len(form.tokens) > len(tokens):
        return None
    for offset, token in enumerate(form.tokens[1:], start=1):
        here, before = tokens[offset], tokens[offset - 1]
        if here.group() != token or not form.joins[offset - 1].fullmatch(
                folded, before.end(), here.start()):
            return None
    end = tokens[len(form.tokens) - 1].end()
    has_dot = folded.startswith(".", end)
    if form.final_dot == "." and not has_dot:
        return None
    return end + 1 if has_dot and form.final_dot else end
