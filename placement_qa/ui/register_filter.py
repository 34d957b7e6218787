"""Filtering and sorting the register's lines in plain Python (no Qt).

The register view holds every schedule line once; typing in the filter box or
choosing a status only walks that list, and sorting is one ``list.sort`` with a
key, so a register of 100,000 placements stays responsive. Each line's search
text is folded (lower case, accents and special letters removed: the domain's
:func:`~placement_qa.domain.names.fold_name`) once, when the lines arrive: "zoe"
finds "Zoë" and "lukasz" finds "Łukasz".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import compress, repeat
from operator import contains
from typing import Any

from ..domain.names import fold_name as fold
from ..domain.schedule import ScheduleLine, Status

# Separates the fields of a search text so a word never spans two of them.
_FIELD_SEPARATOR = "\x1f"

SortKey = Callable[[ScheduleLine], Any]

# Recent filter matches kept (see RegisterRows._matching).
MATCHES_KEPT = 8
_STATUSES = tuple(Status)


RiskSource = Callable[[], Mapping[int, int]]


def search_words(text: str) -> tuple[str, ...]:
    """The folded words of what a user typed; every one must match."""
    return tuple(fold(text).split())


def matches(search_text: str, words: Iterable[str]) -> bool:
    return all(word in search_text for word in words)


def search_text(fields: Iterable[str]) -> str:
    return _FIELD_SEPARATOR.join(fold(field) for field in fields)


class RegisterRows:
    """Every line of the register, and the ones a user currently sees.

    ``visible`` is the lines matching the filter words and status set, in the
    chosen sort order. ``counts`` counts the lines matching the filter words by
    status (before the status filter), so a quick-filter button's count is the
    number of rows it will show. Each column's sort keys are worked out once per
    set of lines, so sorting again (or the other way) is one ``list.sort``.
    """

    def __init__(
        self,
        fields: Callable[[ScheduleLine], Iterable[str]],
        sort_keys: Sequence[SortKey],
    ) -> None:
        self._fields = fields
        self._sort_keys = sort_keys
        self._lines: list[ScheduleLine] = []
        self._texts: list[str] = []
        # Statuses as small numbers (their place in Status): counting and testing ints
        # is done in C, where an Enum's hash is a Python call (measured: 700,000 lines).
        self._status_of: list[int] = []
        self._order: list[int] = []
        self._sorted_lines: list[ScheduleLine] = []
        self._sorted_texts: list[str] = []
        self._sorted_status: list[int] = []
        self._slipped_of: list[bool] = []  # the line's visit slipped (line.slip)
        self._sorted_slipped: list[bool] = []
        self._counts: dict[tuple[str, ...], dict[Status, int]] = {}
        self._slipped_counts: dict[tuple[str, ...], int] = {}  # kept with _counts
        self._key_cache: dict[int, list[Any]] = {}
        # Positions (in sort order) of the lines matching recent filter words: typing
        # more narrows the last match instead of scanning every line, and Backspace
        # finds the wider match it came from. Emptied whenever the lines or order change.
        self._matches: dict[tuple[str, ...], list[int]] = {}
        self._words: tuple[str, ...] = ()
        self._statuses: frozenset[Status] | None = None
        self._slipped_only = False
        self._only: frozenset[int] | None = None  # placement ids ("My visits"), or all
        self._sort_column: int | None = None
        self._descending = False
        # placement id -> place in the risk order (domain/risk.py) of the overdue lines:
        # the order while only overdue lines are shown, sorted by no column or by one
        # that cannot tell them apart (the status: set by the model)
        # (worked out the first time it is needed, from ``_risk_source``)
        self._risk_source: RiskSource | None = None
        self._risk_rank: Mapping[int, int] | None = None
        self.risk_sort_columns: frozenset[int | None] = frozenset({None})
        self.visible: list[ScheduleLine] = []
        self.counts: dict[Status, int] = {status: 0 for status in Status}
        self.slipped_count = 0  # lines matching the filter words whose visit slipped

    @property
    def total(self) -> int:
        return len(self._lines)

    @property
    def sort_order(self) -> tuple[int | None, bool]:
        """The sort column (None: register order) and whether it is descending."""
        return self._sort_column, self._descending

    @property
    def all_lines(self) -> list[ScheduleLine]:
        """Every line, in the order given (register order)."""
        return list(self._lines)

    def set_lines(self, lines: Iterable[ScheduleLine],
                  risk_rank: RiskSource | None = None) -> None:
        """The lines, and what gives the risk order of the overdue ones (placement id ->
        place), called only once the overdue filter needs it."""
        self._risk_source, self._risk_rank = risk_rank, None
        self._lines = list(lines)
        self._texts = [search_text(self._fields(line)) for line in self._lines]
        number = {status: i for i, status in enumerate(_STATUSES)}
        self._status_of = [number[line.status] for line in self._lines]
        self._slipped_of = [line.slip is not None for line in self._lines]
        self._key_cache = {}
        self._sort()
        self._refilter()

    def changes_filter(self, text: str) -> bool:
        """Would filtering by ``text`` change anything (not just a trailing space)?"""
        return search_words(text) != self._words

    def set_filter_text(self, text: str) -> None:
        """Show lines whose search text contains every word of ``text``."""
        words = search_words(text)
        if words:
            self._matching(words)  # while self._words still holds the last words
        self._words = words
        self._refilter()

    def set_statuses(self, statuses: Collection[Status] | None, *,
                     slipped_only: bool = False) -> None:
        """Show only these statuses (None: every status) and, with ``slipped_only``,
        only the lines whose visit slipped (date passed, or not written up)."""
        was_by_risk = self._by_risk()
        self._statuses = None if statuses is None else frozenset(statuses)
        self._slipped_only = slipped_only
        if self._by_risk() != was_by_risk:
            self._sort()
        self._refilter()

    def _by_risk(self) -> bool:
        """Is the overdue filter on, sorted by no column or the status (riskiest first,
        then)?"""
        return (self._sort_column in self.risk_sort_columns
                and self._statuses == {Status.OVERDUE}
                and self._risk_source is not None)

    def set_placements(self, placement_ids: Collection[int] | None) -> None:
        """Show only these placements (None: every placement); the counts follow."""
        self._only = None if placement_ids is None else frozenset(placement_ids)
        self._counts, self._slipped_counts = {}, {}
        self._refilter()

    def set_sort(self, column: int | None, descending: bool = False) -> None:
        """Sort by a column's key (None: register order); None keys go last either way."""
        self._sort_column, self._descending = column, descending
        self._sort()
        self._refilter()

    def _keys(self, column: int) -> list[Any]:
        if column not in self._key_cache:
            key = self._sort_keys[column]
            self._key_cache[column] = [key(line) for line in self._lines]
        return self._key_cache[column]

    def _sort(self) -> None:
        count = len(self._lines)
        if self._by_risk():
            if self._risk_rank is None and self._risk_source is not None:
                self._risk_rank = self._risk_source()
            rank = self._risk_rank or {}
            last = len(rank)
            self._order = sorted(range(count), key=lambda i: rank.get(
                self._lines[i].placement.placement_id, last))
        elif self._sort_column is None:
            self._order = list(range(count))
        else:
            keys = self._keys(self._sort_column)
            present = [i for i in range(count) if keys[i] is not None]
            missing = [i for i in range(count) if keys[i] is None]
            # Stable either way, so equal keys keep register order.
            present.sort(key=keys.__getitem__, reverse=self._descending)
            self._order = present + missing
        # The lines, their search texts and statuses in sort order, so filtering walks
        # three lists in step instead of looking each line up by index.
        self._sorted_lines = list(map(self._lines.__getitem__, self._order))
        self._sorted_texts = list(map(self._texts.__getitem__, self._order))
        self._sorted_status = list(map(self._status_of.__getitem__, self._order))
        self._sorted_slipped = list(map(self._slipped_of.__getitem__, self._order))
        self._matches = {}
        self._counts, self._slipped_counts = {}, {}

    def _matching(self, words: tuple[str, ...]) -> list[int]:
        """Positions of the lines whose search text contains every one of ``words``."""
        if words in self._matches:
            return self._matches[words]
        texts = self._sorted_texts
        # Lines matching the last words are a superset when each of those words is
        # part of one of these: start from them. Otherwise one pass over every line.
        previous = self._words if self._words in self._matches else ()
        narrows = bool(previous) and all(any(old in new for new in words) for old in previous)
        if narrows:
            kept, rest = self._matches[previous], words
        else:
            first, *rest = words
            # map/compress keep the loop in C: 3x a comprehension on 700,000 lines.
            kept = list(compress(range(len(texts)), map(contains, texts, repeat(first))))
        for word in rest:
            kept = list(compress(kept, map(contains, map(texts.__getitem__, kept),
                                           repeat(word))))
        if len(self._matches) >= MATCHES_KEPT:
            self._matches.pop(next(iter(self._matches)))
        self._matches[words] = kept
        return kept

    def _refilter(self) -> None:
        lines, words = self._sorted_lines, self._words
        kept = self._matching(words) if words else None
        if self._only is not None:
            only = self._only
            kept = [i for i in (range(len(lines)) if kept is None else kept)
                    if lines[i].placement.placement_id in only]
        if words not in self._counts:  # the counts of a set of words never change
            status_of = self._sorted_status
            if kept is not None:
                status_of = list(map(status_of.__getitem__, kept))
            tally = Counter(status_of)
            if len(self._counts) >= MATCHES_KEPT:
                self._slipped_counts.pop(next(iter(self._counts)))
                self._counts.pop(next(iter(self._counts)))
            self._counts[words] = {status: tally[i] for i, status in enumerate(_STATUSES)}
            flags = self._sorted_slipped
            self._slipped_counts[words] = sum(flags if kept is None
                                              else map(flags.__getitem__, kept))
        if self._statuses is not None:
            wanted = {i for i, status in enumerate(_STATUSES) if status in self._statuses}
            codes = self._sorted_status
            kept = [i for i in (range(len(lines)) if kept is None else kept)
                    if codes[i] in wanted]
        if self._slipped_only:
            flags = self._sorted_slipped
            kept = [i for i in (range(len(lines)) if kept is None else kept) if flags[i]]
        # Lines are picked once, at the end (a national register has 700,000).
        visible = list(lines) if kept is None else list(map(lines.__getitem__, kept))
        self.counts, self.visible = dict(self._counts[words]), visible
        self.slipped_count = self._slipped_counts[words]
