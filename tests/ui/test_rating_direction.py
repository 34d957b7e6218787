"""One direction for every rating scale in the note window (issue 17, part 4): key 1 is
always the best answer, the last judging answer the worst. Walked over every numbered
scale the window shows, so a new scale cannot break it: each criterion's rating, each
check of the provider's return, the overall judgement (an annual visit), and each
review of an open action (a follow-up visit). The judgement judges the placement."""

from __future__ import annotations

import re
from datetime import date

from follow_up_register import build_follow_up_register
from visit_note_steps import go_to

from placement_qa.domain.judgement import INADEQUATE, OUTSTANDING
from placement_qa.domain.provider_return import DISPUTED, DONE, NOT_PROGRESSING, VERIFIED
from placement_qa.store.provider_returns import ReportedValue, record_form_sent, record_return
from placement_qa.store.visit_notes import start_unplanned_visit
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import VisitNoteWindow

AS_OF = date(2026, 11, 25)


def _window(qtbot, db, visit_id: int) -> VisitNoteWindow:
    window = VisitNoteWindow(db, visit_id, AS_OF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _walk(qtbot, window: VisitNoteWindow, best: set, worst: set) -> set[str]:
    """Key 1, then the last judging key, on every numbered scale of every page; the
    kinds of scale walked (by name)."""
    walked = set()
    for page_id in list(window.pages):
        go_to(qtbot, window, page_id)
        for picker in window.pages[page_id].findChildren(ChoicePicker):
            if picker.buttons()[0].text().startswith("Yes"):  # Y / N, not a scale
                continue
            picker.setFocus()
            qtbot.keyClick(picker, "1")
            assert picker.value() in best, (picker.objectName(), picker.value())
            judging = [b for b in picker.buttons() if "Not seen" not in b.text()]
            qtbot.keyClick(picker, str(len(judging)))
            assert picker.value() in worst, (picker.objectName(), picker.value())
            walked.add(re.match(r"[A-Za-z]+?(?=\d|_|$)", picker.objectName()).group())
    return walked


def test_key_1_is_the_best_answer_on_every_scale_and_the_judgement_judges_the_placement(
        qtbot, db):
    reg = build_follow_up_register(db)
    record_form_sent(db, visit_id=reg.planned_visit, provider_id=reg.provider, form_id="F-1",
                     sent_on=date(2026, 11, 2))
    record_return(db, form_id="F-1", returned_on=date(2026, 11, 10), completed_by="Head",
                  values=[ReportedValue("vacancies", "3"), ReportedValue("on_roll", "41")])
    annual = _window(qtbot, db, reg.planned_visit)
    scale = annual.framework.scale
    best = {scale[0].key, VERIFIED, OUTSTANDING, DONE}
    worst = {r.key for r in scale if r.concern} | {DISPUTED, INADEQUATE, NOT_PROGRESSING}
    assert _walk(qtbot, annual, best, worst) == {"rating", "verification", "overallRag"}
    judgement = annual.findChild(ChoicePicker, "overallRag")
    assert [b.text() for b in judgement.buttons()] == [
        "1 Outstanding", "2 Good", "3 Requires improvement", "4 Inadequate"]
    annual.close()

    visit_id = start_unplanned_visit(db, provider_id=reg.provider, visit_date=AS_OF,
                                     visit_type="follow_up", visitors="J. Okafor",
                                     placement_ids=reg.placements)
    follow_up = _window(qtbot, db, visit_id)
    assert _walk(qtbot, follow_up, best, worst) == {"review"}
    follow_up.close()
