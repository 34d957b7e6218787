"""Children's names shortened to initials, wherever a document must not name a
child in full (the provider's pre-visit form, the provider's copy of a note); and the
one order every list of names is filed in (:func:`name_sort_key`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def initials(name: str) -> str:
    """"Zoë Łukasiewicz" → "Z. Ł."; hyphenated parts keep their own initial
    ("Hoàng Chen-James" → "H. C.-J.")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    return " ".join("-".join(f"{part[0]}." for part in w.split("-") if part) for w in words)


# --- filing names: one order for every list of names ---------------------------------

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "ẞ": "SS", "æ": "ae",
    "Æ": "AE", "œ": "oe", "Œ": "OE", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ŀ": "l", "Ŀ": "L", "\u2019": "'", "\u2018": "'", "\u02bc": "'",
})


# Large enough for every name in a big register; a refresh then folds nothing new.
@lru_cache(maxsize=1 << 18)
def fold_name(text: str) -> str:
    """``text`` case-folded, without accents or special letters: "Łukasz" → "lukasz",
    "Øyvind" → "oyvind", "Þóra" → "thora". What a filter matches and a list files by."""
    if text.isascii():
        return text.lower()
    # Strip accents first, so a letter such as Ǽ (Æ with an acute) becomes Æ and
    # then "ae", the same as a plain Æ.
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_SPECIAL_LETTERS).casefold()


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: alike once folded (:func:`fold_name`) and with only
    letters and digits kept, so accents, case, spaces and punctuation do not count
    ("Zoe Lukasiewicz" is "ZOË ŁUKASIEWICZ", "OBrien" "O'Brien"); any other letter does."""
    return name_key(a) == name_key(b)


def name_key(text: str) -> str:
    """What :func:`same_name` compares: ``text`` folded, letters and digits only."""
    return "".join(ch for ch in fold_name(text) if ch.isalnum())


def name_sort_key(text: str) -> str:
    """Where a name is filed, in every list the app shows or prints: by its folded form
    (Łukasz under L, Øyvind under O, Ángel under A), and names that fold alike by the
    text itself (Zoe before Zoë), so the order is total and the same everywhere.

    A plain string (the folded form, a NUL, the text), so comparing keys stays in C.
    """
    return f"{fold_name(text)}\x00{text}"


def family_first_key(given_name: str, family_name: str) -> str:
    """Where a child is filed by family name, then given name: one key over both, so
    names that fold alike are told apart only when all of both do ("Ada carter" before
    "Ben Carter"). The SQL twin: ``(family || char(1) || given) COLLATE name_order``."""
    return name_sort_key(f"{family_name}\x01{given_name}")


def compare_names(a: str, b: str) -> int:
    """:func:`name_sort_key`'s order as a comparison (-1, 0, 1): SQLite's collation."""
    key_a, key_b = name_sort_key(a), name_sort_key(b)
    return (key_a > key_b) - (key_a < key_b)
