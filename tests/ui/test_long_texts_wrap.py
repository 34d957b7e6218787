"""Long texts wrap instead of being cut or widening a window past a laptop's screen:
the guardrail notice, a sign-off's list of what is missing, a follow-up action's "What",
the new-passphrase warning."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QTableView
from test_laptop_screen import laptop  # noqa: F401  (a fixture: the laptop's room)

from placement_qa.domain.guardrail import PlacementBlocked
from placement_qa.domain.inspection import Concern
from placement_qa.store.actions import NewAction, raise_action
from placement_qa.ui.guardrail_dialog import GuardrailDialog
from placement_qa.ui.pages.actions_page import open_follow_up_actions
from placement_qa.ui.passphrase_dialog import NewPassphraseDialog
from placement_qa.ui.visit_note.sign_off import MissingDialog

LONG_NAME = ("The Northshire and Eastmoor Independent Specialist College for Autism, "
             "Communication and Complex Learning Needs (Residential, Day and Outreach "
             "Provision at the Upper Fenwick, Lower Fenwick and Saltmarsh Sites)")
LONG_WHAT = ("Send the restraint log for the autumn term, with the debrief notes for each "
             "incident, the names of the staff trained in positive handling and the dates "
             "their training runs out, and the governors' minutes that reviewed them")


def test_the_guardrail_notice_of_a_long_provider_name_wraps_on_a_laptop(
        qtbot, laptop):  # noqa: F811
    blocked = PlacementBlocked(Concern("The provider has not been inspected yet."),
                               ["give the reason"])
    dialog = GuardrailDialog(LONG_NAME, blocked)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    heading = dialog.findChild(QLabel, "guardrailHeading")
    assert LONG_NAME in heading.text()
    assert dialog.width() <= laptop.width()
    assert all_in_sight(heading)


def all_in_sight(label: QLabel) -> bool:
    """Every word of the label is shown: on one line that is wide enough, or wrapped
    on as many lines as its width needs."""
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.width() >= label.sizeHint().width()


def test_a_long_missing_line_wraps_in_the_sign_off_list(qtbot):
    line = f"Safeguarding: {LONG_WHAT}"
    dialog = MissingDialog([line, "Overall: no judgement"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    listed = dialog.findChild(QListWidget, "missingList")
    shown = listed.visualItemRect(listed.item(0))
    assert shown.right() <= listed.viewport().width()  # the end of the line is in sight
    assert shown.height() > 2 * listed.fontMetrics().height()  # on several lines


def test_a_long_follow_up_action_wraps_in_the_actions_list(qtbot, builder, as_of):
    provider = builder.provider("Brookside School")
    builder.placement("Amara Okafor", provider, start=date(2024, 9, 1))
    raise_action(builder.db, NewAction(
        provider_id=provider, description=LONG_WHAT, owner_kind="provider",
        owner="Head teacher", due_date=date(2026, 12, 15), priority="high",
        raised_on=date(2026, 9, 1)))
    dialog: QDialog = open_follow_up_actions(builder.db, as_of, None)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    table = dialog.findChild(QTableView, "actionsTable")
    assert table.wordWrap()
    assert table.rowHeight(0) > 2 * table.fontMetrics().height()  # the words on more lines


def test_the_new_passphrase_warning_reads_in_a_few_lines_and_fits_a_laptop(
        qtbot, laptop, tmp_path):  # noqa: F811
    dialog = NewPassphraseDialog(tmp_path / "placement-register-westbridge.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    [warning] = [label for label in dialog.findChildren(QLabel)
                 if label.text().startswith("The register and its backups")]
    assert all_in_sight(warning)
    assert warning.height() <= 4 * warning.fontMetrics().lineSpacing()  # not a thin column
    assert dialog.width() <= laptop.width() and dialog.height() <= laptop.height()
