"""Issue 3, must show 3: an inspections import that downgrades a provider flags its
active placements and moves their next due date forward."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from placement_qa.domain.guardrail import GuardrailException
from placement_qa.domain.schedule import Status
from placement_qa.importing.ofsted_mi import MiFileError
from placement_qa.store import register
from placement_qa.store.inspection_import import import_inspections
from placement_qa.store.inspections import add_inspection, provider_inspections
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.settings import additional_visit_weeks, set_setting
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 1, 20)
SIX_WEEKS = AS_OF + timedelta(weeks=6)
EIF = "Ofsted EIF 2019 (graded)"
OFSTED = "Ofsted (education)"

HEADERS = ["Web link", "URN", "LAESTAB", "School name", "Local authority",
           "Inspection start date", "Publication date", "Overall effectiveness",
           "Category of concern"]
TITLE = [["Management information - state-funded schools - latest inspections as at "
          "31 December 2025"], ["Source: Ofsted. Open Government Licence."], []]
OAKFIELD_RI = ["https://reports.ofsted.gov.uk/provider/21/111111", "111111", "886/6001",
               "Oakfield House School", "Kent", "08/12/2025", "14/01/2026", "3", ""]
BROOKSIDE_SAME = ["https://reports.ofsted.gov.uk/provider/21/222222", "222222", "936/7002",
                  "Brookside School", "Surrey", "14/03/2021", "20/04/2021", "2", ""]
UNKNOWN = ["https://reports.ofsted.gov.uk/provider/21/999999", "999999", "660/4001",
           "Ysgol Gŵyr Ffordd", "Cheshire West", "02/10/2025", "01/11/2025", "4",
           "Special measures"]


def write_mi(path, rows, headers=HEADERS, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(TITLE + [headers] + rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


class Register:
    """A small register: two Good providers, four placements (one ended), two visits,
    written into the new register ``db``."""

    def __init__(self, db):
        self.db = db
        set_setting(db, "home_authority", "Westbridge")
        self.oakfield = self.provider("Oakfield House School", "111111", date(2022, 3, 1))
        self.brookside = self.provider("Brookside School", "222222", date(2021, 3, 14))
        self.p1 = self.placement("Amira", self.oakfield, date(2024, 9, 2))
        self.p2 = self.placement("Ben", self.oakfield, date(2025, 1, 6),
                                 arrangement="residential_weekly")
        self.ended = self.placement("Cara", self.oakfield, date(2023, 9, 4),
                                    end_date=date(2025, 7, 18))
        self.p4 = self.placement("Dev", self.brookside, date(2024, 9, 2))
        add_visit(db, provider_id=self.oakfield, visit_date=date(2025, 10, 15),
                  placement_ids=[self.p1, self.p2], status="completed")
        add_visit(db, provider_id=self.brookside, visit_date=date(2025, 11, 3),
                  placement_ids=[self.p4], status="completed")

    def provider(self, name, urn, inspected_on):
        provider_id = register.add_provider(db=self.db, name=name, urn=urn,
                                            provider_type="independent_special",
                                            host_authority="Kent")
        add_inspection(self.db, provider_id=provider_id, inspectorate=OFSTED,
                       inspected_on=inspected_on, framework=EIF, outcome={"overall": "Good"})
        return provider_id

    def placement(self, given, provider_id, start, arrangement="day", **fields):
        child = register.add_child(self.db, given_name=given, family_name="Example")
        return register.add_placement(self.db, child_id=child, provider_id=provider_id,
                                      start_date=start, arrangement=arrangement, **fields)

    def lines(self, as_of=AS_OF):
        return {line.placement.placement_id: line for line in schedule_as_of(self.db, as_of)}

    def flags(self):
        rows = self.db.execute("SELECT id, additional_visit_flagged_on, additional_visit_due, "
                               "additional_visit_reason FROM placements ORDER BY id").fetchall()
        return {r[0]: r[1:] for r in rows}

    def changes(self):
        return self.db.execute("SELECT count(*) FROM change_log").fetchone()[0]


@pytest.fixture
def reg(new_register, tmp_path):
    return Register(new_register(tmp_path / "r.db", os_user="p.manager"))


def test_a_downgrade_flags_active_placements_and_brings_their_next_visit_forward(reg, tmp_path):
    before = reg.lines()
    assert before[reg.p1].next_due == date(2026, 10, 15)
    assert before[reg.p1].status is Status.IN_SCHEDULE
    assert reg.lines(AS_OF + timedelta(days=43))[reg.p1].status is Status.IN_SCHEDULE
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI, BROOKSIDE_SAME, UNKNOWN])

    seen = []
    result = import_inspections(reg.db, file, as_of=AS_OF, progress=lambda *a: seen.append(a))

    assert result.written and seen[-1] == (3, 3)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 1)
    assert result.skipped_unknown_urn == 1
    [fallen] = result.fell_below_good
    assert (fallen.name, fallen.urn) == ("Oakfield House School", "111111")
    assert "08/12/2025" in fallen.reason and "Requires improvement" in fallen.reason
    assert fallen.placements_flagged == (reg.p1, reg.p2)
    flags = reg.flags()
    for placement in (reg.p1, reg.p2):
        assert flags[placement][:2] == (AS_OF.isoformat(), SIX_WEEKS.isoformat())
        assert flags[placement][2] == fallen.reason
    assert flags[reg.ended] == flags[reg.p4] == (None, None, None)
    after = reg.lines()
    assert after[reg.p1].next_due == after[reg.p2].next_due == SIX_WEEKS
    assert after[reg.p4].next_due == before[reg.p4].next_due
    assert after[reg.ended].status is Status.ENDED
    # the status follows: due soon a fortnight on, overdue once the six weeks are up
    assert reg.lines(AS_OF + timedelta(days=14))[reg.p1].status is Status.DUE_SOON
    assert reg.lines(AS_OF + timedelta(days=43))[reg.p1].status is Status.OVERDUE
    assert reg.lines(AS_OF + timedelta(days=43))[reg.p4].status is Status.IN_SCHEDULE
    history = provider_inspections(reg.db, reg.oakfield)
    assert [i.outcome for i in history] == [{"overall": "Requires improvement"},
                                            {"overall": "Good"}]
    assert "Oakfield House School (URN 111111): 2 placement(s)" in "\n".join(
        result.summary_lines())


def test_importing_the_same_file_again_changes_nothing(reg, tmp_path):
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI, BROOKSIDE_SAME, UNKNOWN])
    import_inspections(reg.db, file, as_of=AS_OF)
    changes, flags = reg.changes(), reg.flags()

    again = import_inspections(reg.db, file, as_of=AS_OF + timedelta(days=7))

    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert again.fell_below_good == ()
    assert reg.changes() == changes and reg.flags() == flags


def test_a_file_with_a_bad_row_writes_nothing_and_names_the_row(reg, tmp_path):
    bad = BROOKSIDE_SAME[:5] + ["30/02/2021", "", "Good-ish", ""]
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI, bad, UNKNOWN])
    changes = reg.changes()

    result = import_inspections(reg.db, file, as_of=AS_OF)

    assert not result.written
    assert [(r.row, r.column, r.value) for r in result.rejected] == [
        (6, "Inspection start date", "30/02/2021"), (6, "Overall effectiveness", "Good-ish")]
    assert result.fell_below_good == ()
    assert reg.changes() == changes
    assert reg.flags()[reg.p1] == (None, None, None)
    assert "row 6, Overall effectiveness, 'Good-ish': is not a grade" in "\n".join(
        result.summary_lines())


def test_the_weeks_setting_is_honoured_and_can_be_overridden(reg, tmp_path):
    assert additional_visit_weeks(reg.db) == 6
    set_setting(reg.db, "additional_visit_weeks", "3")
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI])

    import_inspections(reg.db, file, as_of=AS_OF)

    assert reg.flags()[reg.p1][1] == (AS_OF + timedelta(weeks=3)).isoformat()
    assert reg.lines()[reg.p1].next_due == AS_OF + timedelta(weeks=3)
    with pytest.raises(ValueError):
        set_setting(reg.db, "additional_visit_weeks", "0")


def test_weeks_given_for_one_import_override_the_setting(reg, tmp_path):
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI])
    result = import_inspections(reg.db, file, as_of=AS_OF, weeks=2)
    assert result.weeks == 2
    assert reg.flags()[reg.p2][1] == (AS_OF + timedelta(weeks=2)).isoformat()


@pytest.mark.parametrize("how", ["dry_run", "cancelled_at_once", "cancelled_at_the_end"])
def test_a_dry_run_or_a_cancelled_import_writes_nothing(reg, tmp_path, how):
    file = write_mi(tmp_path / "mi.csv", [OAKFIELD_RI, BROOKSIDE_SAME])
    changes = reg.changes()
    calls = []

    def cancelled():
        calls.append(1)
        return how == "cancelled_at_once" or (how == "cancelled_at_the_end" and len(calls) > 2)

    result = import_inspections(reg.db, file, as_of=AS_OF, dry_run=how == "dry_run",
                                cancelled=cancelled)

    assert reg.changes() == changes and not result.written
    if how == "dry_run":
        assert [p.name for p in result.fell_below_good] == ["Oakfield House School"]
        assert "would be flagged" in "\n".join(result.summary_lines())
    else:
        assert result.cancelled


def test_a_changed_outcome_for_the_same_inspection_updates_it(reg, tmp_path):
    regraded = BROOKSIDE_SAME[:7] + ["4", "Serious weaknesses"]
    result = import_inspections(reg.db, write_mi(tmp_path / "mi.csv", [regraded]), as_of=AS_OF)
    assert (result.added, result.updated) == (0, 1)
    assert provider_inspections(reg.db, reg.brookside)[0].outcome == {
        "overall": "Inadequate", "category_of_concern": "Serious weaknesses"}
    assert result.fell_below_good[0].placements_flagged == (reg.p4,)


def test_an_older_inspection_in_the_file_does_not_move_a_provider(reg, tmp_path):
    old = OAKFIELD_RI[:5] + ["01/02/2018", "01/03/2018", "3", ""]
    result = import_inspections(reg.db, write_mi(tmp_path / "mi.csv", [old]), as_of=AS_OF)
    assert result.added == 1 and result.fell_below_good == ()
    history = provider_inspections(reg.db, reg.oakfield)
    assert history[-1].framework == "Ofsted common inspection framework 2015 (graded)"


def test_a_provider_already_below_good_is_not_listed_again(reg, tmp_path):
    add_inspection(reg.db, provider_id=reg.oakfield, inspectorate=OFSTED,
                   inspected_on=date(2024, 5, 1), framework=EIF,
                   outcome={"overall": "Requires improvement"})
    result = import_inspections(reg.db, write_mi(tmp_path / "mi.csv", [OAKFIELD_RI]),
                                as_of=AS_OF)
    assert result.added == 1 and result.fell_below_good == ()


def test_a_first_inspection_below_good_counts_as_falling(reg, tmp_path):
    new = register.add_provider(reg.db, name="Cedar Lodge", urn="333333",
                                provider_type="independent_special", host_authority="Devon")
    child = register.add_child(reg.db, given_name="Eli", family_name="Example")
    placement = register.add_placement(
        reg.db, child_id=child, provider_id=new, start_date=date(2025, 9, 1), arrangement="day",
        guardrail=GuardrailException("Tribunal order", "J. Manager"))
    headers = ["URN", "School name", "Inspection start date", "Inclusion", "Achievement",
               "Safeguarding standards"]
    rows = [["333333", "Cedar Lodge", "12/01/2026", "Expected standard", "Urgent improvement",
             "Met"]]
    result = import_inspections(reg.db, write_mi(tmp_path / "mi.csv", rows, headers),
                                as_of=AS_OF)
    [fallen] = result.fell_below_good
    assert "Achievement: Urgent improvement" in fallen.reason
    assert fallen.placements_flagged == (placement,)
    assert reg.lines()[placement].next_due == SIX_WEEKS


def test_an_earlier_outstanding_flag_is_kept(reg, tmp_path):
    reg.db["placements"].update(reg.p1, {"additional_visit_flagged_on": "2026-01-05",
                                         "additional_visit_due": "2026-02-01",
                                         "additional_visit_reason": "Complaint"})
    import_inspections(reg.db, write_mi(tmp_path / "mi.csv", [OAKFIELD_RI]), as_of=AS_OF)
    assert reg.flags()[reg.p1] == ("2026-01-05", "2026-02-01", "Complaint")
    assert reg.flags()[reg.p2][1] == SIX_WEEKS.isoformat()


def test_a_cp1252_file_is_read(reg, tmp_path):
    # (Ŵ is not in cp1252: Excel's file would hold a name that is)
    rows = [OAKFIELD_RI, UNKNOWN[:3] + ["École Saint-Benoît"] + UNKNOWN[4:]]
    file = write_mi(tmp_path / "mi.csv", rows, encoding="cp1252")
    result = import_inspections(reg.db, file, as_of=AS_OF)
    assert result.written and result.added == 1 and result.skipped_unknown_urn == 1


def test_a_file_that_is_not_ofsted_mi_is_refused(reg, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Name,Grade\nA,2\n", encoding="utf-8")
    with pytest.raises(MiFileError, match="URN"):
        import_inspections(reg.db, path, as_of=AS_OF)
    path.write_text("URN,Name\n111111,A\n", encoding="utf-8")
    with pytest.raises(MiFileError, match="outcome columns"):
        import_inspections(reg.db, path, as_of=AS_OF)


def test_an_inspection_after_the_import_date_is_rejected(reg, tmp_path):
    future = OAKFIELD_RI[:5] + ["01/02/2026", "", "3", ""]
    result = import_inspections(reg.db, write_mi(tmp_path / "mi.csv", [future]), as_of=AS_OF)
    assert [(r.row, r.column) for r in result.rejected] == [(5, "Inspection start date")]
    assert "after the import date" in result.rejected[0].reason


FIXTURES = Path(__file__).parent / "fixtures_ofsted"


def test_the_sample_mi_files_import_in_each_form(new_register, tmp_path):
    db = new_register(tmp_path / "r.db")
    ids = {}
    for urn, name in [("111111", "Oakfield House School"), ("222222", "Brookside School"),
                      ("333333", "Riverside Free School"), ("444444", "Ysgol Penrhyn Academy"),
                      ("555555", "The Meadows School"), ("666666", "Hillcrest College"),
                      ("777777", "École Sainte-Thérèse")]:
        ids[urn] = register.add_provider(db, name=name, urn=urn, provider_type="other",
                                         host_authority="Kent")
    add_inspection(db, provider_id=ids["222222"], inspectorate=OFSTED,
                   inspected_on=date(2019, 11, 5), framework=EIF, outcome={"overall": "Good"})

    state = import_inspections(db, FIXTURES / "state_funded_latest_inspections.csv", as_of=AS_OF)
    independent = import_inspections(db, FIXTURES / "independent_schools_latest_inspections.csv",
                                      as_of=AS_OF)

    assert (state.rows_read, state.added, state.skipped_unknown_urn,
            state.skipped_no_outcome) == (5, 3, 1, 1)
    assert [p.name for p in state.fell_below_good] == ["Brookside School"]
    assert (independent.added, independent.skipped_no_outcome) == (2, 1)
    assert [p.name for p in independent.fell_below_good] == ["The Meadows School"]
    frameworks = {urn: [i.framework for i in provider_inspections(db, pid)]
                  for urn, pid in ids.items()}
    assert frameworks["222222"][0] == "Ofsted report card 2025"
    assert frameworks["444444"] == [EIF]
    assert frameworks["666666"] == ["Ofsted independent school standards"]
    assert provider_inspections(db, ids["444444"])[0].outcome["safeguarding"] == "Yes"
