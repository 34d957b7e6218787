"""Text the app puts together from its own words and values someone typed: a list of
names ("Tom Brown, Zoë Smith"), "Signed off by X on DATE", "Provider: NAME".

:func:`compose` is the one way to build such a text. What it returns is a plain
string everywhere (on screen, in a CSV, compared in a test), and it also remembers
which parts are typed values (:attr:`Composed.units`). The printed reports use that to
lay the text out in the document's direction, left to right, with each typed value
kept whole as a unit of its own (the Unicode way: each value an isolate, resolved on
its own), so "ناصر علي, Tom Brown" never reads as "Tom Brown ناصر" and "علي".

A text built some other way (an f-string, a slice) is one typed value again: printed
as the user's own text, which is never wrong, only less exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: (text, typed): the app's own words (False) or a value someone typed (True).
Unit = tuple[str, bool]


class Composed(str):
    """A text made of the app's words and typed values; equal to its plain text."""

    units: tuple[Unit, ...]

    def __new__(cls, units: Iterable[Unit]) -> Composed:
        kept = tuple((text, typed) for text, typed in units if text)
        made = super().__new__(cls, "".join(text for text, _ in kept))
        made.units = kept
        return made

    # copied and pickled whole: built again from the units, not from the plain text as
    # str's own __getnewargs__ (typed as returning the text) would
    def __getnewargs__(self) -> tuple[tuple[Unit, ...]]:  # type: ignore[override]
        return (self.units,)

    def each_value(self, change: Callable[[str], str]) -> Composed:
        """The same text with ``change`` made to each typed value (e.g. a name left
        out), the app's own words kept."""
        return Composed((change(text) if typed else text, typed) for text, typed in self.units)


def compose(template: str, *values: object) -> Composed:
    """``template`` (the app's own words) with each "{}" in it replaced by a value, in
    order. A value is a unit of its own; a value that is itself :class:`Composed` keeps
    its units; None is left out."""
    words = template.split("{}")
    if len(words) != len(values) + 1:
        raise ValueError(f"{template!r} has room for {len(words) - 1} values, "
                         f"not {len(values)}")
    units: list[Unit] = [(words[0], False)]
    for value, after in zip(values, words[1:], strict=True):
        if isinstance(value, Composed):
            units += value.units
        elif value is not None:
            units.append((str(value), True))
        units.append((after, False))
    return Composed(units)


def listed(values: Iterable[object], separator: str = ", ") -> Composed:
    """``values`` one after another, ``separator`` between them: each a unit."""
    values = list(values)
    return compose(separator.join(["{}"] * len(values)) if values else "", *values)


def each_value(change: Callable[[str], str]) -> Callable[[str], str]:
    """``change`` made to a whole text, or to each typed value of a :class:`Composed`."""
    return lambda text: text.each_value(change) if isinstance(text, Composed) else change(text)
