"""What an officer's name, initials and role may be, checked before anything is written."""

from __future__ import annotations

import pytest

from placement_qa.domain.officers import (
    INITIALS,
    MANAGER,
    NAME,
    ROLE,
    Officer,
    active_officers,
    assigned_question,
    checked_officer,
    officer_called,
    someone_elses,
    suggested_initials,
)
from placement_qa.domain.validation import FieldError

PATEL = Officer(1, "u-1", "Amira Patel", "AP")
LEFT = Officer(2, "u-2", "Jo Moss", "JM", active=False)


def test_an_officer_is_kept_tidied():
    assert checked_officer("  Zoë   Brennan ", " zb", MANAGER, [PATEL]) == (
        "Zoë Brennan", "ZB", MANAGER)


@pytest.mark.parametrize(("name", "initials", "role", "field", "why"), [
    ("", "AB", "officer", NAME, "is required"),
    ("Ann Bee", "", "officer", INITIALS, "is required"),
    ("Ann Bee", "A.B.", "officer", INITIALS, "'A.B.' is not initials"),
    ("Ann Bee", "ABCDE", "officer", INITIALS, "up to 4 letters"),
    ("Ann Bee", "AB", "boss", ROLE, "'boss' is not a role"),
    ("amira  PATEL", "AMP", "officer", NAME, "Amira Patel is already an officer"),
    ("Anil Pillai", "ap", "officer", INITIALS, "AP are already Amira Patel's initials"),
])
def test_a_bad_officer_is_refused_at_its_field(name, initials, role, field, why):
    with pytest.raises(FieldError) as refused:
        checked_officer(name, initials, role, [PATEL])
    assert refused.value.field == field
    assert why in refused.value.message


def test_someone_who_left_does_not_block_their_name_or_initials():
    assert checked_officer("Jo Moss", "JM", "officer", [LEFT]) == ("Jo Moss", "JM", "officer")


def test_initials_are_suggested_from_the_name():
    assert suggested_initials("Amira Patel") == "AP"
    assert suggested_initials("Jean-Luc O'Neill") == "JO"
    assert suggested_initials("Łukasz Nowak") == "ŁN"
    assert suggested_initials("Ann Mary Jo Lee Smith") == "AMJL"


def test_only_active_officers_are_offered_and_one_is_found_by_its_uuid():
    assert active_officers([PATEL, LEFT]) == [PATEL]
    assert officer_called([PATEL, LEFT], "u-2") == LEFT
    assert officer_called([PATEL, LEFT], None) is None
    assert PATEL.label == "Amira Patel (AP)" and not PATEL.is_manager


def test_a_visit_is_someone_elses_only_if_assigned_to_another_active_officer():
    assert someone_elses(PATEL, "u-9") == PATEL
    assert someone_elses(PATEL, None) == PATEL  # who I am is not known: it may be theirs
    assert someone_elses(PATEL, "u-1") is None  # mine
    assert someone_elses(None, "u-1") is None  # nobody's
    assert someone_elses(LEFT, "u-1") is None  # they have left
    assert assigned_question(PATEL) == ("This visit is assigned to Amira Patel. Record it "
                                        "anyway?")
