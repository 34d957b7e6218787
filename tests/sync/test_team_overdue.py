"""After a sync the manager sees the whole team's overdue visits: on the dashboard, and in
``placement-qa export overdue`` run on the manager's own laptop."""

from __future__ import annotations

import csv
import io
from datetime import date

from command_line import run_cli

from placement_qa.domain.dashboard import OVERDUE
from placement_qa.store import register
from placement_qa.store.dashboard import dashboard_as_of
from placement_qa.store.planning import plan_visit

AS_OF = date(2026, 11, 22)


def _overdue_rows(path) -> dict[str, dict[str, str]]:
    result = run_cli("export", "overdue", "--db", str(path), "--as-of", "22/11/2026")
    assert result.returncode == 0, result.stderr
    return {row["Child"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_the_managers_dashboard_and_overdue_export_show_the_teams_work(team):
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    # Amira adds a child placed in January 2025 and never visited: overdue
    child = register.add_child(amira.db, given_name="Ngozi", family_name="Okafor")
    register.add_placement(amira.db, child_id=child, provider_id=amira.provider("The Meadows"),
                           start_date=date(2025, 1, 6), arrangement="day")
    # Ben plans the overdue visit to Oakfield House School
    oakfield = ben.provider("Oakfield House School")
    plan_visit(ben.db, provider_id=oakfield, visit_date=date(2026, 12, 8),
               visit_type="annual_monitoring", visitors="Ben",
               placement_ids=[ben.placement("Zoë"), ben.placement("Ayşe")])
    before = dashboard_as_of(manager.db, AS_OF).tile(OVERDUE).count
    assert "Ngozi Okafor" not in _overdue_rows(manager.path)
    amira.synced(), ben.synced(), manager.synced()

    assert dashboard_as_of(manager.db, AS_OF).tile(OVERDUE).count == before + 1
    rows = _overdue_rows(manager.path)
    assert rows["Ngozi Okafor"]["Provider"] == "The Meadows"
    assert rows["Ngozi Okafor"]["Start"] == "06/01/2025"
    planned = {name: " ".join(row.values()) for name, row in rows.items()}
    assert "08/12/2026" in planned["Zoë Łukasiewicz"]  # Ben's planned visit
    assert "08/12/2026" in planned["Ayşe Yılmaz"]
    assert "08/12/2026" not in planned["Siobhán Ó Briain"]
