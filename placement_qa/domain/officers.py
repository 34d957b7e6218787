"""Officers as people: the team's officers and its manager, as the register keeps them.

An officer has a name, initials and a role (officer or manager) and is active until
ended (someone who left the team). Visits planned from now on are assigned to an
active officer; the free-text "visitors" of older visits stay as they were written.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .names import same_name
from .validation import FieldError, printable_name, required_text

OFFICER, MANAGER = "officer", "manager"
ROLES: dict[str, str] = {OFFICER: "Officer", MANAGER: "Manager"}

# The fields' names, as the dialogs label them and the checks name them.
NAME, INITIALS, ROLE, OFFICER_FIELD = "Name", "Initials", "Role", "Officer"
MAX_INITIALS = 4
_INITIALS = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True)
class Officer:
    officer_id: int
    uuid: str
    name: str
    initials: str
    role: str = OFFICER
    active: bool = True

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    @property
    def label(self) -> str:
        """"Amira Patel (AP)", as lists of officers to choose from show them."""
        return f"{self.name} ({self.initials})"


def suggested_initials(name: str) -> str:
    """"Amira Patel" -> "AP"; "Jean-Luc O'Neill" -> "JO" (at most MAX_INITIALS letters)."""
    words = _INITIALS.findall(name)
    return "".join(word[0].upper() for word in words)[:MAX_INITIALS]


def checked_officer(
    name: str, initials: str, role: str, others: Iterable[Officer],
) -> tuple[str, str, str]:
    """``(name, initials, role)`` as kept, or a :class:`FieldError` at the field.

    ``others`` are the register's other officers: an active one with the same name
    (ignoring case, accents, spaces and punctuation) or the same initials is refused, since the
    names and initials are how people pick an officer from a list.
    """
    name = " ".join(printable_name(NAME, name).split())
    initials = required_text(INITIALS, initials).upper()
    if len(initials) > MAX_INITIALS or not initials.isalpha():
        raise FieldError(INITIALS, f"'{initials}' is not initials: up to {MAX_INITIALS} "
                                   "letters, e.g. AP")
    if role not in ROLES:
        raise FieldError(ROLE, f"'{role}' is not a role: choose Officer or Manager")
    for other in others:
        if not other.active:
            continue
        if same_name(other.name, name):
            raise FieldError(NAME, f"{other.name} is already an officer in the register")
        if other.initials.upper() == initials:
            raise FieldError(INITIALS, f"{initials} are already {other.name}'s initials: "
                                       "add a letter to tell them apart")
    return name, initials, role


def active_officers(officers: Iterable[Officer]) -> list[Officer]:
    """The officers a new visit can be assigned to, in the order given."""
    return [officer for officer in officers if officer.active]


def officer_called(officers: Iterable[Officer], uuid: str | None) -> Officer | None:
    """The officer with this uuid (how a laptop remembers who "I am"), or None."""
    return next((officer for officer in officers if uuid and officer.uuid == uuid), None)


def someone_elses(assigned: Officer | None, me_uuid: str | None) -> Officer | None:
    """The officer a visit is assigned to, if that is someone else still in the team: the
    visit is theirs to record (two people writing up one visit overwrite each other).
    None if it is assigned to me (``me_uuid``), to nobody, or to someone who has left."""
    if assigned is None or not assigned.active or assigned.uuid == me_uuid:
        return None
    return assigned


def assigned_question(officer: Officer) -> str:
    """The question before recording a visit assigned to ``officer``: "This visit is
    assigned to Sam Patel. Record it anyway?"."""
    return f"This visit is assigned to {officer.name}. Record it anyway?"
