"""An event recorded on an officer's laptop reaches the team register and the manager's
laptop, with its follow-up action, and lists on the manager's next visit note."""

from __future__ import annotations

from datetime import date

from team_registers import contents, server_contents

from placement_qa.domain.actions import NewAction
from placement_qa.domain.note_copy import events_in_copy
from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.store.notifiable_events import (
    event_counts_since,
    events_since_last_visit,
    record_event,
)
from placement_qa.store.planning import plan_visit


def test_an_officers_event_reaches_the_manager_and_the_next_visits_note(team):
    manager = team.manager_laptop()
    officer = team.officer_laptop()
    provider, placement = officer.provider("The Meadows"), officer.placement("Siobhán")
    record_event(officer.db, NewEvent(provider, "missing_home", date(2026, 11, 2), "social_care",
                                      "J. Patel", "Police told", placement),
                 as_of=date(2026, 11, 22),
                 action=NewAction(provider, "Review the missing-from-care plan", "provider",
                                  "", date(2026, 12, 1), "high", placement_id=placement))
    officer.synced()
    manager.synced()
    assert contents(manager.db) == server_contents(team) == contents(officer.db)
    mine = manager.placement("Siobhán")
    assert event_counts_since(manager.db, date(2026, 11, 1)) == {mine: {"missing_home": 1}}
    visit = plan_visit(manager.db, provider_id=manager.provider("The Meadows"),
                       visit_date=date(2026, 11, 25), visit_type="annual_monitoring",
                       visitors="P. Manager", placement_ids=[mine])
    assert events_in_copy(events_since_last_visit(manager.db, visit)) == [
        "Siobhán Ó Briain, so far (no completed visit yet): 1 episode missing from the home"]
