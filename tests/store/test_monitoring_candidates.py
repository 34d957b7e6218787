"""The dashboard reads only placements that may need monitoring; its figures must not change.

``monitoring_candidates`` narrows the placements in SQL before the domain rules run
(issue 8: the overdue list at large scale). These tests build registers with every
kind of placement, including host authorities that differ from the home authority
only in case or spaces, and check that the narrowed reads give exactly the lines and
tiles that reading every placement gives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from placement_qa.domain.dashboard import dashboard_figures, monitored, month_ends
from placement_qa.domain.register import ARRANGEMENTS, PROVIDER_TYPES
from placement_qa.store import register
from placement_qa.store.dashboard import dashboard_as_of, dashboard_inputs
from placement_qa.store.records import register_placements
from placement_qa.store.schedule import monitored_schedule_as_of, schedule_as_of
from placement_qa.store.settings import set_setting
from placement_qa.store.visits import add_visit, visit_coverage

AS_OF = date(2026, 11, 22)
HOSTS = ["Northshire", " northshire ", "NORTHSHIRE", "Northshire\t", "Kent", "Kent ", "Łódź"]
FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # new_register makes one per example
STATUSES = ["completed", "planned", "draft", "cancelled"]

placements = st.lists(
    st.fixed_dictionaries({
        "provider": st.none() | st.integers(0, len(HOSTS) * 2 - 1),
        "arrangement": st.sampled_from(sorted(ARRANGEMENTS)),
        "state": st.sampled_from(["placed", "placed", "awaiting_provision"]),
        "start": st.integers(-1500, 60),
        "length": st.none() | st.integers(0, 900),
        "interval": st.integers(1, 12),
        "visits": st.lists(st.tuples(st.integers(-1500, 90), st.sampled_from(STATUSES)),
                           max_size=3),
    }),
    min_size=1, max_size=25,
)


def build(db: Database, rows: list[dict]) -> Database:
    """The new register ``db`` (home authority Northshire) holding ``rows``' placements."""
    set_setting(db, "home_authority", "Northshire")
    types = sorted(PROVIDER_TYPES)
    providers = [
        register.add_provider(db, name=f"Provider {i}", provider_type=types[i % len(types)],
                              host_authority=HOSTS[i % len(HOSTS)])
        for i in range(len(HOSTS) * 2)
    ]
    for number, row in enumerate(rows):
        child = register.add_child(db, given_name="Child", family_name=str(number))
        start = AS_OF + timedelta(days=row["start"])
        end = None if row["length"] is None else start + timedelta(days=row["length"])
        provider = None if row["provider"] is None else providers[row["provider"]]
        placement = db["placements"].insert({
            "child_id": child, "provider_id": provider, "start_date": start.isoformat(),
            "end_date": end and end.isoformat(), "arrangement": row["arrangement"],
            "state": row["state"], "visit_interval_months": row["interval"],
        }).last_pk
        for offset, status in row["visits"]:
            add_visit(db, provider_id=provider, visit_date=AS_OF + timedelta(days=offset),
                      placement_ids=[placement], status=status)
    return db


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(rows=placements, back=st.integers(0, 400))
def test_the_narrowed_read_gives_every_monitored_line_of_the_full_schedule(tmp_path_factory,
                                                                            new_register, rows,
                                                                            back):
    db = build(new_register(tmp_path_factory.mktemp("reg") / "register.db"), rows)
    try:
        as_of = AS_OF - timedelta(days=back)
        assert monitored(monitored_schedule_as_of(db, as_of)) == monitored(
            schedule_as_of(db, as_of))
    finally:
        db.close()


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(rows=placements)
def test_the_dashboard_shows_what_it_would_from_every_placement(tmp_path_factory, new_register,
                                                                rows):
    db = build(new_register(tmp_path_factory.mktemp("reg") / "register.db"), rows)
    try:
        inputs = dashboard_inputs(db, AS_OF, month_ends(AS_OF)[0].replace(day=1))
        everything = replace(inputs, placements=register_placements(db),
                             coverage=visit_coverage(db), review_placements=None)
        expected = dashboard_figures(everything, AS_OF)
        shown = dashboard_as_of(db, AS_OF)
        assert shown.tiles == expected.tiles
        assert shown.history == expected.history
    finally:
        db.close()
