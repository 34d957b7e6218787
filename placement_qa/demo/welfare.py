"""What demo visits found for each child they cover: the welfare section of the note.

A completed visit has every child's section filled in: seen (or why not), spoken
with, their views in their own words and how they were gathered, attendance this
term, any safeguarding concern with what was done, progress towards their EHCP
outcomes and whether an early review is needed. A draft visit is partly filled
in; planned and cancelled visits are empty. Children placed with weaker providers,
or covered by a visit after a concern, more often have problems recorded.

Each child's section takes one draw of random bits from the builder's stream, cut
into the choices it needs, so the national register stays quick to write.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from ..domain.judgement import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT
from ..domain.register import VISIT_COMPLETED, VISIT_DRAFT
from ..domain.visit_note import CHILD_FIELDS
from .visits import CONCERN, DemoVisit

VISIT_PLACEMENT_COLUMNS = ["id", "visit_id", "placement_id", *CHILD_FIELDS]
EMPTY_SECTION = tuple(None if name in ("seen", "spoken_with", "safeguarding_concern",
                                       "early_review") else ""
                      for name in CHILD_FIELDS)

NOT_SEEN_SHARE = 0.06
WITHOUT_SPEECH_SHARE = 0.12
CONCERN_SHARE = {CONCERN: 0.15}
USUAL_CONCERN_SHARE = 0.02
BEHIND_SHARE = {OUTSTANDING: 0.05, GOOD: 0.08, REQUIRES_IMPROVEMENT: 0.25, INADEQUATE: 0.4}
EARLY_REVIEW_SHARE = {"on track": 0.02, "behind": 0.35, "concern": 0.5}
# (running share, lowest %, highest %): 7% of children below 85%, 18% 85-91%, the rest 92%+
ATTENDANCE_BANDS = ((0.07, 65, 84), (0.25, 85, 91), (1.0, 92, 100))
RANDOM_BITS = 192


class _Draw:
    """Choices cut from one big random number (one call to the builder's stream)."""

    def __init__(self, rng: random.Random) -> None:
        self.value = rng.getrandbits(RANDOM_BITS)

    def below(self, n: int) -> int:
        self.value, chosen = divmod(self.value, n)
        return chosen

    def chance(self, share: float) -> bool:
        return self.below(1000) < share * 1000

    def pick(self, items: Sequence[Any]) -> Any:
        return items[self.below(len(items))]


class WelfareWriter:
    """The visit_placements rows (in VISIT_PLACEMENT_COLUMNS order) for the demo visits."""

    def __init__(self, rng: random.Random, words: Mapping[str, Any]) -> None:
        self.rng, self.words = rng, words

    def rows(self, visits: Sequence[DemoVisit], rag_by_visit: Mapping[int, str | None]
             ) -> list[tuple]:
        rows: list[tuple] = []
        for visit in visits:
            for placement_id in visit.placement_ids:
                rows.append((len(rows) + 1, visit.id, placement_id,
                             *self.section(visit, rag_by_visit.get(visit.id))))
        return rows

    def section(self, visit: DemoVisit, rag: str | None) -> tuple:
        """One child's welfare section as stored (yes/no as 1/0, unanswered None)."""
        if visit.status not in (VISIT_COMPLETED, VISIT_DRAFT):
            return EMPTY_SECTION
        draw = _Draw(self.rng)
        full = self._filled(draw, visit, rag)
        if visit.status == VISIT_COMPLETED:
            return full
        typed_so_far = 1 + draw.below(len(full))  # a draft: the first few answers only
        return full[:typed_so_far] + EMPTY_SECTION[typed_so_far:]

    def _filled(self, draw: _Draw, visit: DemoVisit, rag: str | None) -> tuple:
        home = visit.provider_id is None
        seen, reason, spoken, views, how = self._voice(draw, home)
        attendance = (draw.pick(self.words["home_attendance"]) if home
                      else self._attendance(draw))
        concern = draw.chance(CONCERN_SHARE.get(visit.visit_type, USUAL_CONCERN_SHARE))
        action = draw.pick(self.words["safeguarding_actions"]) if concern else ""
        behind = draw.chance(BEHIND_SHARE.get(rag or GOOD, BEHIND_SHARE[GOOD]))
        progress = draw.pick(self.words["progress_behind" if behind else "progress_on_track"])
        outlook = "concern" if concern else "behind" if behind else "on track"
        early = draw.chance(EARLY_REVIEW_SHARE[outlook])
        return (int(seen), reason, int(spoken), views, how, attendance, int(concern), action,
                progress, int(early))

    def _voice(self, draw: _Draw, home: bool) -> tuple[bool, str, bool, str, str]:
        """Seen, why not, spoken with, their views and how they were gathered."""
        words = self.words
        if draw.chance(NOT_SEEN_SHARE):
            missed = draw.pick(words["home_not_seen" if home else "not_seen"])
            return False, missed["reason"], missed["spoken_with"], missed["views"], missed["how"]
        if home:
            return True, "", True, draw.pick(words["home_views"]), draw.pick(
                words["home_views_how"])
        if draw.chance(WITHOUT_SPEECH_SHARE):
            gathered = draw.pick(words["views_without_speech"])
            return True, "", gathered["spoken_with"], gathered["views"], gathered["how"]
        return True, "", True, draw.pick(words["views"]), draw.pick(words["views_how"])

    def _attendance(self, draw: _Draw) -> str:
        roll = draw.below(1000) / 1000
        band = next(b for b in ATTENDANCE_BANDS if roll < b[0])
        percent = band[1] + draw.below(band[2] - band[1] + 1)
        if band is ATTENDANCE_BANDS[0]:
            return f"{percent}% this term — {draw.pick(self.words['attendance_notes'])}"
        return f"{percent}% this term"
