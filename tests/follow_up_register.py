"""A provider with open actions to review on a follow-up visit (store and GUI tests).

Oakfield House School has three live actions (two open, one in progress — that one
for Zoë's placement), one done and one cancelled, and an annual visit planned for
01/03/2027; Brookside Academy has an open action of its own. Importable from any
test folder (``tests/`` is on the path).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from recorded_visits import record_and_sign

from placement_qa.domain.actions import NewAction
from placement_qa.store import planning, register
from placement_qa.store.actions import raise_action, set_action_status
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.provider_returns import ReportedValue, record_form_sent, record_return
from placement_qa.store.visit_notes import save_draft, start_recording

AS_OF = date(2026, 11, 25)
NEXT_PLANNED = date(2027, 3, 1)


@dataclass(frozen=True)
class FollowUpRegister:
    provider: int
    other_provider: int
    placements: tuple[int, ...]  # Ayşe's, Zoë's (Oakfield)
    live: tuple[int, ...]  # the three live actions, by due date
    done: int
    cancelled: int
    elsewhere: int
    planned_visit: int


def _action(db, provider: int, text: str, due: date, placement: int | None = None) -> int:
    return raise_action(db, NewAction(
        provider_id=provider, description=text, owner_kind="provider", owner="Head",
        due_date=due, priority="medium", placement_id=placement,
        raised_on=date(2026, 6, 10)))


def build_follow_up_register(db) -> FollowUpRegister:
    ensure_default_framework(db)
    providers = []
    for name in ("Oakfield House School", "Brookside Academy"):
        provider = register.add_provider(db, name=name, provider_type="independent_special",
                                         host_authority="Kent")
        add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                       inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                       outcome={"overall": "Good"})
        providers.append(provider)
    oakfield, brookside = providers
    placements = []
    for given, provider in (("Ayşe", oakfield), ("Zoë", oakfield), ("Tom", brookside)):
        child = register.add_child(db, given_name=given, family_name="Łukasiewicz")
        placements.append(register.add_placement(
            db, child_id=child, provider_id=provider, start_date=date(2025, 9, 1),
            arrangement="day"))
    fire = _action(db, oakfield, "Update the fire risk assessment", date(2026, 9, 30))
    attendance = _action(db, oakfield, "Send attendance records monthly", date(2026, 12, 31),
                         placements[1])
    set_action_status(db, attendance, "in_progress", "", date(2026, 7, 1))
    training = _action(db, oakfield, "Train staff in de-escalation", date(2027, 1, 29))
    done = _action(db, oakfield, "Fix the playground gate", date(2026, 8, 1))
    set_action_status(db, done, "done", "Gate replaced", date(2026, 7, 20))
    cancelled = _action(db, oakfield, "Repaint the hall", date(2026, 8, 1))
    set_action_status(db, cancelled, "cancelled", "Not needed", date(2026, 7, 20))
    elsewhere = _action(db, brookside, "Brookside: review the timetable", date(2026, 10, 1))
    planned = planning.plan_visit(db, provider_id=oakfield, visit_date=NEXT_PLANNED,
                                  visit_type="annual_monitoring", visitors="J. Okafor",
                                  placement_ids=placements[:2])
    return FollowUpRegister(oakfield, brookside, tuple(placements[:2]),
                            (fire, attendance, training), done, cancelled, elsewhere, planned)


# --- a history for the provider's timeline ---------------------------------------------

HISTORY_VISIT_DAY = date(2026, 6, 10)

EXPECTED_HISTORY = [
    "01/03/2027 — Visit: Annual monitoring, planned",
    "20/07/2026 — Action closed: Repaint the hall — cancelled: Not needed",
    "20/07/2026 — Action closed: Fix the playground gate — done: Gate replaced",
    "10/06/2026 — Action opened: Repaint the hall (due 01/08/2026)",
    "10/06/2026 — Action opened: Fix the playground gate (due 01/08/2026)",
    "10/06/2026 — Action opened: Train staff in de-escalation (due 29/01/2027)",
    "10/06/2026 — Action opened: Send attendance records monthly (due 31/12/2026)",
    "10/06/2026 — Action opened: Update the fire risk assessment (due 30/09/2026)",
    "10/06/2026 — Reported vs verified: Attendance this academic year (%) (Z. Ł.): "
    "reported 97 — not verified (Register not available on the day)",
    "10/06/2026 — Reported vs verified: Vacancies: reported 3, found 5 — disputed "
    "(Two rooms empty since Easter)",
    "10/06/2026 — Visit: Annual monitoring, completed — overall judgement Good",
    "02/06/2026 — Provider return: Imported, returned 01/06/2026, completed by Mrs Head",
    "01/05/2019 — Inspection: Ofsted (education) — Good",
]


def build_history(db):
    """The follow-up register, plus a visit on 10/06/2026 that checked the provider's
    return (vacancies disputed, Zoë's attendance not verified) and was signed off."""
    reg = build_follow_up_register(db)
    visit_id = planning.plan_visit(db, provider_id=reg.provider, visit_date=HISTORY_VISIT_DAY,
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=reg.placements)
    record_form_sent(db, visit_id=visit_id, provider_id=reg.provider, form_id="F-1",
                     sent_on=date(2026, 5, 20))
    record_return(db, form_id="F-1", returned_on=date(2026, 6, 1), completed_by="Mrs Head",
                  values=[ReportedValue("vacancies", "3"), ReportedValue("on_roll", "40"),
                          ReportedValue("attendance_percent", "97", reg.placements[1])],
                  at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    note = start_recording(db, visit_id)
    checks = {"vacancies": ("disputed", "5", "Two rooms empty since Easter"),
              "on_roll": ("verified", "", ""),
              "attendance_percent": ("not_verified", "", "Register not available on the day")}
    items = tuple(replace(i, verification=checks[i.item_key][0],
                          verified_value=checks[i.item_key][1],
                          verification_note=checks[i.item_key][2])
                  for i in note.reported_items)
    save_draft(db, replace(note, reported_items=items))
    record_and_sign(db, visit_id)
    return reg, visit_id
