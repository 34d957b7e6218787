"""On the team register a cause for concern is a manager's: the server holds an officer's
back (it is undone on their laptop), and a manager's reaches everyone."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from team_registers import OFFICERS, contents, server_contents

from placement_qa.domain.sync import HELD
from placement_qa.store.concerns import providers_causing_concern, set_concern
from placement_qa.store.server import list_conflicts


def _provider(laptop) -> int:
    return laptop.one("SELECT id FROM providers ORDER BY id")[0]


def test_an_officers_cause_for_concern_waits_for_the_manager(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    set_concern(amira.db, _provider(amira), reason="Heard of restraints",
                since=date(2026, 3, 1), review_on=date(2026, 6, 1), by="Amira")
    result = amira.synced()
    assert result.conflicts == 1
    assert "only a manager may set or lift a provider's cause for concern" in (
        result.status.notice)
    assert providers_causing_concern(amira.db, date(2026, 3, 2)) == {}   # undone here
    with closing(team.server(OFFICERS[0])) as conn:
        [held] = list_conflicts(conn, raised_by=OFFICERS[0])
    assert (held.table, held.kind) == ("provider_concerns", HELD)

    set_concern(manager.db, _provider(manager), reason="Restraints not recorded",
                since=date(2026, 3, 1), review_on=date(2026, 6, 1), by="Jo Manager")
    manager.synced(), amira.synced()
    [cause] = providers_causing_concern(amira.db, date(2026, 3, 2)).values()
    assert cause.reason == "Restraints not recorded"
    assert contents(amira.db) == server_contents(team) == contents(manager.db)
