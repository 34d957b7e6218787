"""Status words shown on screen and in the CSV export."""

from datetime import date

import pytest

from placement_qa.domain.register import PLACED, RegisterPlacement
from placement_qa.domain.schedule import ScheduleLine, Status
from placement_qa.domain.wording import status_explanation, status_text

PLACEMENT = RegisterPlacement(
    placement_id=1, child_id=1, child_name="Ayşe Yılmaz", provider_id=1,
    provider_name="Oakfield", provider_type="independent_special", host_authority="Kent",
    start_date=date(2024, 9, 1), end_date=None, arrangement="day", state=PLACED,
)


def line(**kw) -> ScheduleLine:
    base = dict(placement=PLACEMENT, requires_monitoring=True, last_visit=date(2025, 10, 1),
                next_due=date(2026, 10, 1), status=Status.OVERDUE)
    return ScheduleLine(**{**base, **kw})


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({}, "Overdue"),
        ({"planned_visit": date(2026, 12, 3), "planned_late": True},
         "Overdue · planned 03/12/2026, after the due date"),
        ({"planned_visit": date(2026, 11, 19), "planned_is_draft": True},
         "Overdue · draft 19/11/2026"),
    ],
)
def test_status_text(changes, text):
    assert status_text(line(**changes)) == text


def test_explanation_of_a_draft_says_the_note_is_unfinished():
    words = status_explanation(line(planned_visit=date(2026, 11, 19), planned_is_draft=True))
    assert words == ("Next visit was due 01/10/2026; last visit 01/10/2025. "
                     "Visited 19/11/2026: the visit note is still a draft")
