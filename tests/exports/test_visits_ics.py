"""The visits calendar (ICS), read back with icalendar: one event per planned visit,
stable UIDs, all-day dates, escaped text, and no child's name anywhere in the file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from placement_qa.domain.planning import VisitForExport
from placement_qa.exports.visits_ics import NoVisits, visit_uid, visits_ics, write_visits_ics
from placement_qa.store import register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_exports import visits_between
from placement_qa.store.visits import add_visit

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
STAMP = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
CHILD_NAMES = ("Zoë", "Łukasiewicz", "Aled", "Ap-Rhys", "Siân", "O'Brien-Dąbrowska")
ST_AIDANS = "St Aidan's; Hall, North"
YSGOL = "Ysgol Penrhyn Dŵr"


def _provider(db, name, host, postcode, urn=None) -> int:
    provider_id = register.add_provider(db, name=name, provider_type="independent_special",
                                        host_authority=host, postcode=postcode, urn=urn)
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider_id


def _placement(db, provider_id, given, family) -> int:
    child_id = register.add_child(db, given_name=given, family_name=family)
    return register.add_placement(db, child_id=child_id, provider_id=provider_id,
                                  start_date=date(2025, 9, 1), arrangement="day")


def build_register(db) -> dict[str, int]:
    """Three providers, four children, planned visits in December and others around them."""
    oak = _provider(db, "Oakfield House School", "Kent", "TN1 2AB", urn="123456")
    ysgol = _provider(db, YSGOL, "Gwynedd", "LL53 5AB")
    aidan = _provider(db, ST_AIDANS, "Northumberland", "NE1 4XY")
    zoe = _placement(db, oak, "Zoë", "Łukasiewicz")
    sian = _placement(db, oak, "Siân", "O'Brien-Dąbrowska")
    aled = _placement(db, ysgol, "Aled", "Ap-Rhys")
    other = _placement(db, aidan, "Zoë", "Ap-Rhys")

    def visit(provider, day, placements, **fields) -> int:
        return add_visit(db, provider_id=provider, visit_date=day, placement_ids=placements,
                         **fields)

    return {
        "oak": visit(oak, date(2026, 12, 3), [zoe, sian], visitors="A. Officer, B. Smith"),
        "ysgol": visit(ysgol, date(2026, 12, 10), [aled], visit_type="joint_regional",
                       visitors="C. Jones"),
        "aidan": visit(aidan, date(2026, 12, 31), [other], visit_type="additional_concern"),
        "draft": visit(oak, date(2026, 12, 1), [zoe], status="draft"),
        "completed": visit(ysgol, date(2026, 12, 2), [aled], status="completed"),
        "cancelled": visit(aidan, date(2026, 12, 15), [other], status="cancelled"),
        "november": visit(oak, date(2026, 11, 30), [zoe, sian]),
        "january": visit(ysgol, date(2027, 1, 1), [aled]),
    }


@pytest.fixture
def visit_ids(db):
    return build_register(db)


def _export(db, stamp=STAMP) -> bytes:
    return visits_ics(visits_between(db, *DECEMBER), stamp)


def _events(raw: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(raw)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _uuid(db, visit_id) -> str:
    return db.execute("SELECT uuid FROM monitoring_visits WHERE id = ?", [visit_id]).fetchone()[0]


def test_the_store_gives_the_months_planned_visits_with_no_child_data(db, visit_ids):
    visits = visits_between(db, *DECEMBER)
    assert [v.visit_id for v in visits] == [visit_ids["oak"], visit_ids["ysgol"],
                                            visit_ids["aidan"]]
    oak = visits[0]
    assert (oak.provider_name, oak.urn, oak.host_authority, oak.postcode) == (
        "Oakfield House School", "123456", "Kent", "TN1 2AB")
    assert (oak.visit_date, oak.visit_type, oak.visitors, oak.status,
            oak.placements_covered) == (date(2026, 12, 3), "annual_monitoring",
                                        "A. Officer, B. Smith", "planned", 2)
    assert not any("child" in name for name in VisitForExport.__dataclass_fields__)


def test_the_file_parses_with_one_all_day_event_per_planned_visit(db, visit_ids):
    raw = _export(db)
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Placement QA" in str(calendar["PRODID"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = _events(raw)
    expected = {visit_ids[k]: _uuid(db, visit_ids[k]) for k in ("oak", "ysgol", "aidan")}
    assert set(events) == {f"{uuid}@placement-qa" for uuid in expected.values()}
    starts = sorted(event.decoded("DTSTART") for event in events.values())
    assert starts == [date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 31)]
    for event in events.values():
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert not isinstance(start, datetime) and end == start + timedelta(days=1)
        assert event.decoded("DTSTAMP") == STAMP
    assert raw.count(b"DTSTART;VALUE=DATE:") == 3
    assert b"\r\n" in raw


def test_events_name_the_provider_type_visitors_and_placements_covered(db, visit_ids):
    events = _events(_export(db))
    oak = events[f"{_uuid(db, visit_ids['oak'])}@placement-qa"]
    assert str(oak["SUMMARY"]) == "Monitoring visit: Oakfield House School (annual monitoring)"
    assert str(oak["LOCATION"]) == "Oakfield House School, TN1 2AB"
    description = str(oak["DESCRIPTION"])
    assert "Visitors: A. Officer, B. Smith" in description
    assert "Covers 2 placements" in description
    ysgol = events[f"{_uuid(db, visit_ids['ysgol'])}@placement-qa"]
    assert str(ysgol["SUMMARY"]) == f"Monitoring visit: {YSGOL} (joint / regional visit)"
    assert "Covers 1 placement at" in str(ysgol["DESCRIPTION"])


def test_commas_semicolons_and_accents_are_escaped_and_read_back(db, visit_ids):
    raw = _export(db)
    unfolded = raw.replace(b"\r\n ", b"")
    assert b"St Aidan's\\; Hall\\, North\\, NE1 4XY" in unfolded  # LOCATION, escaped
    assert YSGOL.encode("utf-8") in unfolded
    events = _events(raw)
    aidan = events[f"{_uuid(db, visit_ids['aidan'])}@placement-qa"]
    assert str(aidan["LOCATION"]) == f"{ST_AIDANS}, NE1 4XY"
    assert str(aidan["SUMMARY"]) == f"Monitoring visit: {ST_AIDANS} (additional (concern-led))"
    assert "Visitors: A. Officer, B. Smith" in str(
        events[f"{_uuid(db, visit_ids['oak'])}@placement-qa"]["DESCRIPTION"])


def test_no_childs_name_appears_anywhere_in_the_file(db, visit_ids):
    raw = _export(db)
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for name in CHILD_NAMES:
        for encoded in (name.encode("utf-8"), name.encode("utf-8").replace(b"'", b"\\'")):
            assert encoded not in raw
            assert encoded not in unfolded
        assert name.casefold() not in unfolded.decode("utf-8").casefold()


def test_uids_are_the_same_in_two_exports_and_the_bytes_too_with_the_same_stamp(db, visit_ids):
    first = _export(db, STAMP)
    later = _export(db, STAMP + timedelta(days=3))
    assert set(_events(first)) == set(_events(later))
    assert _export(db, STAMP) == first


def test_a_rescheduled_visit_keeps_its_uid_and_its_start_moves(db, visit_ids):
    uid = f"{_uuid(db, visit_ids['oak'])}@placement-qa"
    before = _events(_export(db))[uid]
    with db.atomic():
        db["monitoring_visits"].update(visit_ids["oak"], {"visit_date": "2026-12-17"})
    after = _events(_export(db))[uid]
    assert after.decoded("DTSTART") == date(2026, 12, 17)
    assert after.decoded("DTEND") == date(2026, 12, 18)
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert len(_events(_export(db))) == 3


def test_a_cancelled_visit_leaves_the_calendar_and_drafts_never_enter_it(db, visit_ids):
    from placement_qa.store.visits import set_visit_status

    set_visit_status(db, visit_ids["ysgol"], "cancelled", reason="provider closed for a day")
    uids = set(_events(_export(db)))
    assert f"{_uuid(db, visit_ids['ysgol'])}@placement-qa" not in uids
    assert f"{_uuid(db, visit_ids['draft'])}@placement-qa" not in uids
    assert len(uids) == 2


def test_an_empty_month_makes_no_calendar_and_writes_no_file(tmp_path):
    # RFC 5545: a VCALENDAR holds at least one component, so there is no valid empty file.
    with pytest.raises(NoVisits, match="no visits planned"):
        visits_ics([], STAMP)
    target = tmp_path / "january.ics"
    with pytest.raises(NoVisits):
        write_visits_ics([], target, STAMP)
    assert list(tmp_path.iterdir()) == []


def test_uid_is_the_visits_uuid_at_placement_qa():
    visit = VisitForExport(1, "0f6c1c1e-1111-4aaa-8bbb-123456789abc", "Oakfield", None, "Kent",
                           None, date(2026, 12, 3), "annual_monitoring", "", "planned", 0)
    assert visit_uid(visit) == "0f6c1c1e-1111-4aaa-8bbb-123456789abc@placement-qa"
