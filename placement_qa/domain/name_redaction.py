"""Children's names found in free text however they were typed, and replaced.

The rule (the note copies and the board report use it):

* **Accents and case do not matter.** "Zoe", "ZOË" and "zoë" are Zoë; "Lukasz" is
  Łukasz, "Ayse" Ayşe, "Serban" and "Şerban" Șerban, "Ngoc Nguyen" Ngọc Nguyễn
  (:func:`fold`). Names match whole words only, in any alphabet: "Zoëlla" is not Zoë.
  In scripts written without spaces (Chinese, Japanese, Thai…) a name of two or
  more characters matches wherever it stands.
* **What counts as the name:** the whole name and any run of its words, in either
  order and as "Family, Given"; each word and each part of a hyphenated word (of two
  letters or more); a title and a word ("Ms Young", "Dr Rose"); the initials the app
  writes ("T. Y.", "T.Y.", "C.-J.") and a mix ("T. Young", "Tilly Y."). Spaces,
  hyphens, dots and apostrophes between the words may differ ("Chen James",
  "tilly.young").
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .names import initials

# Letters that do not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l",
                          "ŧ": "t", "þ": "th", "ð": "d", "æ": "ae", "œ": "oe", "ĸ": "k"})
# Scripts written without spaces between words: each character is a word of its own.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff")
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+")
_GAP = r"[\s.'’‘_\-‐‑–]*"        # between the words of a name, or the parts of one
_COMMA = r"\s*,\s*"                # "Young, Tilly"
_AFTER_TITLE = r"\.?\s*"           # "Ms Young", "Mr. Young"
_AFTER_INITIAL = r"\.[\s\-‐‑]*"    # "T. Y.", "T.Y.", "C.-J."
_BEFORE_WORD = r"\.?\s*"           # "T. Young", "T Young"
_TITLE_TYPED = re.compile(r"\w+")
TITLES = ("mr", "mrs", "ms", "miss", "mx", "master", "dr", "sir", "dame")

StandIn = Callable[["NameForm", str], str]
"""What a match becomes: given the form matched and the text as it was typed."""


@dataclass(frozen=True)
class NameForm:
    """One way a name may be written: folded word tokens and the text allowed between
    them (regular expressions over folded text)."""

    tokens: tuple[str, ...]
    joins: tuple[str, ...]
    words: tuple[str, ...]        # the name's words (as registered) it stands for
    titled: bool = False          # tokens[0] is a title
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


def _form(words: Iterable[str], *, gap: str = _GAP, **fields) -> NameForm | None:
    """The words as one form, tokens joined by ``gap`` (words of one letter: none)."""
    words = tuple(words)
    tokens = _tokens(" ".join(words))
    if not tokens or (len(tokens) == 1 and len(tokens[0]) < 2):
        return None
    return NameForm(tokens, (gap,) * (len(tokens) - 1), words, **fields)


def _initial_forms(given: tuple[str, ...], family: tuple[str, ...]) -> list[NameForm]:
    """"T. Y." (and "T.Y."), "T. Young" and "Tilly Y." for one split of the name, with
    the initials :func:`.names.initials` writes ("O'Brien" → "O.", "Chen-James" → "C.-J.")."""
    words = given + family
    firsts = _tokens(initials(" ".join(words)))
    given_firsts = _tokens(initials(" ".join(given)))
    family_firsts = _tokens(initials(" ".join(family)))
    given_tokens, family_tokens = _tokens(" ".join(given)), _tokens(" ".join(family))
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


def name_forms(name: str) -> tuple[NameForm, ...]:
    """Every form of ``name`` the redaction looks for (see the module docs)."""
    words = tuple(name.split())
    if not words:
        return ()
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
            candidates.extend(NameForm((title, *form.tokens), (_AFTER_TITLE, *form.joins),
                                       run, titled=True) for title in TITLES)
    unique = {(f.tokens, f.joins, f.final_dot): f for f in candidates if f is not None}
    return tuple(unique.values())


# --- replacing ---------------------------------------------------------------------

def initials_stand_in(form: NameForm, found: str) -> str:
    """A name as initials ("T. Y."); a title typed before it stays ("Ms Y.")."""
    short = initials(" ".join(form.words))
    if form.titled:
        return f"{_TITLE_TYPED.match(found).group(0)} {short}"
    return short


def _fixed(text: str) -> StandIn:
    return lambda form, found: text


@dataclass(frozen=True)
class _Entry:
    form: NameForm
    stand_in: StandIn | None      # None: the name is kept as typed
    joins: tuple[re.Pattern, ...]


def name_replacer(names: Iterable[tuple[str, str | StandIn]], *,
                  keep: Iterable[str] = ()) -> Callable[[str], str]:
    """A function rewriting text with each name in ``names`` replaced by its stand-in
    (fixed text, or a :data:`StandIn`), by the rule in the module docs.

    Names in ``keep`` are left as typed, even where they share a word with a name
    replaced: in a child's own copy their name stays, a sibling's full name goes."""
    index: dict[str, list[_Entry]] = {}
    for name, stand_in in [*((k, None) for k in keep), *names]:
        if isinstance(stand_in, str):
            stand_in = _fixed(stand_in)
        for form in name_forms(name):
            joins = tuple(re.compile(j) for j in form.joins)
            index.setdefault(form.tokens[0], []).append(_Entry(form, stand_in, joins))
    if not any(e.stand_in for entries in index.values() for e in entries):
        return lambda text: text
    for entries in index.values():   # longest first; a kept name before a replaced one
        entries.sort(key=lambda e: (-len(e.form.tokens), e.stand_in is not None))
    return lambda text: _replace(text, index)


def _replace(text: str, index: dict[str, list[_Entry]]) -> str:
    if not text:
        return text
    folded, offsets = _folded_with_offsets(text)
    tokens = list(_TOKEN.finditer(folded))
    pieces, done, position = [], 0, 0
    while position < len(tokens):
        found = _match_at(folded, tokens, position, index.get(tokens[position].group(), ()),
                          text, offsets)
        if found is None:
            position += 1
            continue
        entry, start, end, used = found
        if entry.stand_in is not None:
            typed = text[start:end]
            pieces.extend((text[done:start], entry.stand_in(entry.form, typed)))
            done = end
        position += used
    pieces.append(text[done:])
    return "".join(pieces)


def _match_at(folded: str, tokens: list[re.Match], position: int, entries, text: str,
              offsets: list[int] | None):
    """The first entry matching at this token (entry, start and end in ``text``,
    tokens used), skipping matches that are only ordinary lower-case words."""
    for entry in entries:
        end = _folded_end(folded, tokens, position, entry)
        if end is None:
            continue
        start = tokens[position].start()
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        typed = text[start:end]
        if typed == typed.lower() and all(
                _ordinary(t) for t in entry.form.tokens[1 if entry.form.titled else 0:]):
            continue
        return entry, start, end, len(entry.form.tokens)
    return None


def _folded_end(folded: str, tokens: list[re.Match], position: int,
                entry: _Entry) -> int | None:
    """Where the form ends in the folded text, if it matches from this token."""
    form = entry.form
    if position + len(form.tokens) > len(tokens):
        return None
    for offset, token in enumerate(form.tokens[1:], start=1):
        here = tokens[position + offset]
        before = tokens[position + offset - 1]
        if here.group() != token or not entry.joins[offset - 1].fullmatch(
                folded, before.end(), here.start()):
            return None
    end = tokens[position + len(form.tokens) - 1].end()
    has_dot = folded.startswith(".", end)
    if form.final_dot == "." and not has_dot:
        return None
    return end + 1 if has_dot and form.final_dot else end
