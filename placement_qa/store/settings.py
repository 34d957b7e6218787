"""Reading and writing the register's settings (described in :mod:`placement_qa.domain.settings`).

The settings are rows of ``register_meta`` (key, value as text): this module is the
only code that reads or writes that table, so every default lives in one place. A
setting never set, or holding a value the app would not have written, reads as its
default. Every write is one transaction and, like any edit, the change-log triggers
record it (table ``register_meta``, the setting's key, who and when); writing the
value a setting already has writes nothing.

The CLI and the Settings dialog use :func:`get_setting`, :func:`set_setting` (text as
typed), :func:`set_values` (values, several in one transaction) and :func:`all_settings`;
the rest of the app reads a setting through its own function (:func:`home_authority`...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.settings import (
    ADDITIONAL_VISIT_WEEKS,
    BACKUP_KEEP,
    CHASE_CHASED_WORKING_DAYS,
    CHASE_ESCALATED_WORKING_DAYS,
    CHASE_REMINDER_WORKING_DAYS,
    CONCERN_INTERVAL_MONTHS,
    COUNCIL_NAME,
    COUNTERSIGN_DEPUTY,
    COUNTERSIGN_WORKING_DAYS,
    DRAFT_SIGNOFF_WORKING_DAYS,
    HOME_AUTHORITY,
    IDLE_LOCK_MINUTES,
    PERIODS,
    PROTECTIVE_MARKING,
    REGISTER_SETTINGS,
    SCHOOL_HOLIDAYS,
    Periods,
    RegisterSetting,
    SettingError,
    UnknownSetting,
    setting_spec,
    shown_value,
)

__all__ = [
    "REGISTER_SETTINGS", "RegisterSetting", "SettingError", "UnknownSetting",
    "all_settings", "get_setting", "set_setting", "set_value", "set_values",
    "setting_spec", "shown_value", "value_of",
    "additional_visit_weeks", "backup_keep", "council_name", "draft_signoff_working_days",
    "countersign_working_days", "countersign_deputy",
    "concern_interval_months", "concern_interval_from_text", "CONCERN_INTERVAL_SQL",
    "chase_working_days", "home_authority",
    "idle_lock_minutes", "protective_marking", "school_holidays",
    "register_id", "stored_text", "store_text", "is_demo", "mark_as_demo",
]

T = TypeVar("T")


# --- the register_meta table ---------------------------------------------------------

def stored_text(db: Database, key: str) -> str | None:
    """The text kept under ``key`` (a setting, or the register's own id), None if none."""
    row = db.execute("SELECT value FROM register_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def store_text(db: Database, key: str, text: str) -> None:
    """Keep ``text`` under ``key`` (one transaction); the same text again writes nothing."""
    with db.atomic():
        if stored_text(db, key) != text:
            db.execute(
                "INSERT INTO register_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, text],
            )


def register_id(db: Database) -> str:
    """The register's own id, made when it was created ("" for a register without one)."""
    return stored_text(db, "register_id") or ""


DEMO_KEY = "demo_register"


def mark_as_demo(db: Database) -> None:
    """Mark the register as a demo of made-up records, so every window on it says so."""
    store_text(db, DEMO_KEY, "yes")


def is_demo(db: Database) -> bool:
    """A demo register (made by the demo builder), not a council's own."""
    return stored_text(db, DEMO_KEY) == "yes"


# --- how a value is kept as text -------------------------------------------------------

def _periods_as_json(periods: Periods) -> str:
    return json.dumps([[iso(start), iso(end)] for start, end in periods])


def _periods_from_json(text: str) -> Periods:
    return [(date.fromisoformat(start), date.fromisoformat(end))
            for start, end in json.loads(text)]


# Types not kept as they are shown: (to text, from text). Others keep their shown text.
_KEPT_AS: dict[str, tuple[Callable[[Any], str], Callable[[str], Any]]] = {
    PERIODS: (_periods_as_json, _periods_from_json),
}


def _kept_text(spec: RegisterSetting[T], value: T) -> str:
    to_text, _ = _KEPT_AS.get(spec.type, (spec.show, spec.check))
    return to_text(value)


def _kept_value(spec: RegisterSetting[T], text: str) -> T:
    kept = _KEPT_AS.get(spec.type)
    return spec.checked(kept[1](text)) if kept else spec.check(text)


# --- reading ----------------------------------------------------------------------------

def value_of(db: Database, spec: RegisterSetting[T]) -> T:
    """The setting's value in this register, or its default."""
    text = stored_text(db, spec.key)
    if text:
        try:
            return _kept_value(spec, text)
        except (ValueError, TypeError):  # not written by the app: the default instead
            pass
    if spec.default_from is not None:
        source, made_from = spec.default_from
        made = made_from(value_of(db, setting_spec(source)))
        if made is not None:
            return made
    return spec.default


def get_setting(db: Database, key: str) -> Any:
    """The value of the setting called ``key`` (:class:`UnknownSetting` if none is)."""
    return value_of(db, setting_spec(key))


def all_settings(db: Database) -> list[tuple[RegisterSetting[Any], Any]]:
    """Every setting with its value in this register, in the order the dialog shows them."""
    return [(spec, value_of(db, spec)) for spec in REGISTER_SETTINGS]


# --- writing ----------------------------------------------------------------------------

def set_setting(db: Database, key: str, text: str) -> Any:
    """Set ``key`` to the value ``text`` is typed as; returns the value kept.

    :class:`UnknownSetting` or :class:`SettingError` (saying what is allowed) when it
    cannot be, and then nothing is written.
    """
    spec = setting_spec(key)
    value = spec.check(text)
    store_text(db, spec.key, _kept_text(spec, value))
    return value


def set_value(db: Database, spec: RegisterSetting[T], value: T) -> T:
    """Set the setting to ``value`` (checked as if typed); returns the value kept."""
    checked = spec.checked(value)
    store_text(db, spec.key, _kept_text(spec, checked))
    return checked


def set_values(db: Database, changes: Iterable[tuple[RegisterSetting[Any], Any]]) -> None:
    """Set several settings in one transaction: one refused leaves all as they were."""
    with db.atomic():
        for spec, value in changes:
            set_value(db, spec, value)


# --- each setting, read by the code that needs it ---------------------------------------

def home_authority(db: Database) -> str:
    """The local authority whose own maintained placements need no monitoring visits."""
    return value_of(db, HOME_AUTHORITY)


def council_name(db: Database) -> str:
    """The council named on printed notes: the setting, else made from the home authority."""
    return value_of(db, COUNCIL_NAME)


def protective_marking(db: Database) -> str:
    """The protective marking printed on every page of a note (OFFICIAL-SENSITIVE)."""
    return value_of(db, PROTECTIVE_MARKING)


def additional_visit_weeks(db: Database) -> int:
    """Weeks within which a placement at a provider that fell below good must be visited."""
    return value_of(db, ADDITIONAL_VISIT_WEEKS)


def school_holidays(db: Database) -> Periods:
    """The school holiday periods proposed visit dates avoid, sorted (first and last day)."""
    return value_of(db, SCHOOL_HOLIDAYS)


def backup_keep(db: Database) -> int:
    """How many backups to keep (the oldest beyond it are deleted)."""
    return value_of(db, BACKUP_KEEP)


def idle_lock_minutes(db: Database) -> int:
    """Minutes without use after which the app locks an encrypted register."""
    return value_of(db, IDLE_LOCK_MINUTES)


def draft_signoff_working_days(db: Database) -> int:
    """Working days after a visit by which its note should be signed off."""
    return value_of(db, DRAFT_SIGNOFF_WORKING_DAYS)


def countersign_working_days(db: Database) -> int:
    """Working days after sign-off by which a note should be countersigned."""
    return value_of(db, COUNTERSIGN_WORKING_DAYS)


def countersign_deputy(db: Database) -> str:
    """The deputy who may countersign besides the managers ("" for none)."""
    return value_of(db, COUNTERSIGN_DEPUTY)


def concern_interval_months(db: Database) -> int:
    """Months within which a monitored placement at a provider causing concern is visited."""
    return concern_interval_from_text(stored_text(db, CONCERN_INTERVAL_MONTHS.key))


# The setting's stored text, as a column of a query (the register's placements query).
CONCERN_INTERVAL_SQL = (
    f"(SELECT value FROM register_meta WHERE key = '{CONCERN_INTERVAL_MONTHS.key}')")


def concern_interval_from_text(text: str | None) -> int:
    """:func:`concern_interval_months` from the setting's stored text (None: never set),
    for the register's placements query, which reads it with each placement."""
    if text:
        try:
            return _kept_value(CONCERN_INTERVAL_MONTHS, text)
        except (ValueError, TypeError):
            pass
    return CONCERN_INTERVAL_MONTHS.default


def chase_working_days(db: Database) -> tuple[int, int, int]:
    """Working days past its due date at which an open action's owner is reminded, chased
    and the action escalated to the contract manager."""
    return (value_of(db, CHASE_REMINDER_WORKING_DAYS), value_of(db, CHASE_CHASED_WORKING_DAYS),
            value_of(db, CHASE_ESCALATED_WORKING_DAYS))
