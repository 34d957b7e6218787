"""The register's settings, described as data: what each is, its default, what it allows.

Each :class:`RegisterSetting` says what a user sees (key, label, help), its type, its
default and how a typed-in value is checked (``check``: text to value, or a
:class:`SettingError` naming the setting and saying what is allowed) and shown again
(``show``: value to text that ``check`` reads back). The Settings dialog makes one
field per setting from this list; ``placement-qa settings get|set`` reads and writes
them by key. How the register keeps them is :mod:`placement_qa.store.settings`.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from .dates import InvalidDate, parse_date, uk
from .planning import PlanningError, check_school_holidays

T = TypeVar("T")
Periods = list[tuple[date, date]]

# The types of setting (each has its own field in the Settings dialog).
TEXT, WEEKS, COUNT, PERIODS = "text", "weeks", "count", "periods"

NO_PERIODS = "none"
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_PERIOD_SEPARATOR = re.compile(r"[;,]")
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


class SettingError(ValueError):
    """A value a setting cannot take: ``key`` names the setting, ``reason`` says why."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"{key}: {reason}")


class UnknownSetting(SettingError):
    """A key that is not one of the register's settings."""

    def __init__(self, key: str, known: tuple[str, ...]) -> None:
        super().__init__(key, "is not a register setting; the settings are "
                         + ", ".join(known))


@dataclass(frozen=True)
class RegisterSetting(Generic[T]):
    """One register setting. ``default_from`` makes the default from another setting
    until this one is set: ``(its key, how)``, where ``how`` gives None to mean the
    plain ``default``. ``limits`` and ``unit`` are a whole number's range and unit."""

    key: str
    label: str
    type: str  # TEXT | WEEKS | COUNT | PERIODS
    default: T
    check: Callable[[str], T]
    help: str
    show: Callable[[T], str]
    limits: tuple[int, int] | None = None
    unit: str = ""
    default_from: tuple[str, Callable[[Any], T | None]] | None = None

    def checked(self, value: T) -> T:
        """``value`` as the setting keeps it (a made value checked as if typed)."""
        return self.check(self.show(value))

    def number_range(self) -> tuple[int, int]:
        """A whole number's smallest and largest value (TypeError for other types)."""
        if self.limits is None:
            raise TypeError(f"{self.key} is not a whole number")
        return self.limits


# --- the types: how each is checked and shown -----------------------------------------

def _text_check(key: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        value = text.strip()
        if not value:
            raise SettingError(key, "is required")
        return value
    return check


def text_setting(key: str, label: str, default: str, help: str, *,
                 default_from: tuple[str, Callable[[Any], str | None]] | None = None,
                 ) -> RegisterSetting[str]:
    """A line of text that may not be left blank."""
    return RegisterSetting(key, label, TEXT, default, _text_check(key), help, str,
                           default_from=default_from)


def _whole_number_check(key: str, limits: tuple[int, int], unit: str) -> Callable[[str], int]:
    low, high = limits

    def check(text: str) -> int:
        typed = text.strip()
        if not _WHOLE_NUMBER.fullmatch(typed) or not low <= int(typed) <= high:
            raise SettingError(
                key, f"'{typed}' is not a whole number of {unit} ({low} to {high})")
        return int(typed)
    return check


def whole_number_setting(key: str, label: str, type: str, default: int, help: str, *,
                         limits: tuple[int, int], unit: str) -> RegisterSetting[int]:
    """A whole number of ``unit`` between ``limits`` (both included)."""
    return RegisterSetting(key, label, type, default, _whole_number_check(key, limits, unit),
                           help, str, limits=limits, unit=unit)


def show_periods(periods: Periods) -> str:
    """``26/10/2026 to 30/10/2026; 21/12/2026 to 01/01/2027``, or ``none``."""
    return "; ".join(f"{uk(start)} to {uk(end)}" for start, end in periods) or NO_PERIODS


def _period(key: str, number: int, text: str) -> tuple[date, date]:
    ends = _TO.split(text.strip())
    if len(ends) != 2:
        raise SettingError(key, f"'{text.strip()}' is not a period: type each as "
                           "DD/MM/YYYY to DD/MM/YYYY, periods separated by ';'")
    try:
        return (parse_date(ends[0], field=f"period {number} start"),
                parse_date(ends[1], field=f"period {number} end"))
    except InvalidDate as exc:
        raise SettingError(key, str(exc)) from None


def _periods_check(key: str) -> Callable[[str], Periods]:
    def check(text: str) -> Periods:
        typed = text.strip()
        if typed.lower() in ("", NO_PERIODS):
            return []
        parts = [part for part in _PERIOD_SEPARATOR.split(typed) if part.strip()]
        periods = [_period(key, number, part) for number, part in enumerate(parts, 1)]
        try:
            return check_school_holidays(periods)
        except PlanningError as exc:
            raise SettingError(key, str(exc)) from None
    return check


def periods_setting(key: str, label: str, help: str) -> RegisterSetting[Periods]:
    """Periods of days, first and last included; none unless set."""
    return RegisterSetting(key, label, PERIODS, [], _periods_check(key), help, show_periods)


# --- the register's settings -----------------------------------------------------------

DEFAULT_HOME_AUTHORITY = "Home authority"
DEFAULT_COUNCIL_NAME = "Westbridge Council"


def council_from_home(home: str) -> str | None:
    """The council named after the home authority ("Kent" -> "Kent Council"); None
    while the home authority is still the default."""
    if home == DEFAULT_HOME_AUTHORITY:
        return None
    return home if "council" in home.lower() else f"{home} Council"


HOME_AUTHORITY = text_setting(
    "home_authority", "Home authority", DEFAULT_HOME_AUTHORITY,
    "Placements outside this local authority need monitoring visits")
ADDITIONAL_VISIT_WEEKS = whole_number_setting(
    "additional_visit_weeks", "Additional visit after a downgrade", WEEKS, 6,
    "Weeks within which a placement must be visited after its provider falls below good",
    limits=(1, 52), unit="weeks")
SCHOOL_HOLIDAYS = periods_setting(
    "school_holidays", "School holidays to avoid when proposing visit dates",
    "Proposed visit dates skip these periods (first and last day included)")
COUNCIL_NAME = text_setting(
    "council_name", "Council name on printed notes", DEFAULT_COUNCIL_NAME,
    "Printed at the top of every page of a visit note",
    default_from=(HOME_AUTHORITY.key, council_from_home))
PROTECTIVE_MARKING = text_setting(
    "protective_marking", "Protective marking", "OFFICIAL-SENSITIVE",
    "Printed at the top and foot of every page of a visit note (e.g. OFFICIAL-SENSITIVE)")
BACKUP_KEEP = whole_number_setting(
    "backup_keep", "Backups to keep", COUNT, 14,
    "A backup is taken when the app closes and at least daily; older ones beyond this "
    "number are deleted", limits=(1, 365), unit="backups")
IDLE_LOCK_MINUTES = whole_number_setting(
    "idle_lock_minutes", "Lock an encrypted register after", COUNT, 10,
    "Minutes without use after which the app hides the register and asks for the "
    "passphrase again", limits=(1, 240), unit="minutes")

DRAFT_SIGNOFF_WORKING_DAYS = whole_number_setting(
    "draft_signoff_working_days", "Draft notes overdue for sign-off after", COUNT, 10,
    "Working days after a visit by which its note should be signed off; a draft older "
    "than this counts against its officer's caseload", limits=(1, 60), unit="working days")

COUNTERSIGN_WORKING_DAYS = whole_number_setting(
    "countersign_working_days", "Notes awaiting countersign too long after", COUNT, 10,
    "Working days after sign-off by which a note should be countersigned; the dashboard "
    "counts the notes awaiting countersign longer, the board report the share countersigned "
    "in time", limits=(1, 60), unit="working days")


def _optional_text(text: str) -> str:
    return " ".join(text.split())


COUNTERSIGN_DEPUTY: RegisterSetting[str] = RegisterSetting(
    "countersign_deputy", "Who may countersign besides the managers", TEXT, "", _optional_text,
    "The name of the deputy who, besides the managers (File ▸ Officers…), may "
    "countersign or return signed-off notes; blank: the managers only", str)


CONCERN_INTERVAL_MONTHS = whole_number_setting(
    "concern_interval_months", "Visits at a provider causing concern every", COUNT, 3,
    "While a provider is marked as causing concern, its monitored placements are visited at "
    "least this often, counted from the day it was set", limits=(1, 12), unit="months")
CHASE_REMINDER_WORKING_DAYS = whole_number_setting(
    "chase_reminder_working_days", "Remind an action's owner after", COUNT, 1,
    "Working days past its due date after which an open follow-up action's owner is sent "
    "a reminder", limits=(1, 120), unit="working days")
CHASE_CHASED_WORKING_DAYS = whole_number_setting(
    "chase_chased_working_days", "Chase an action again after", COUNT, 10,
    "Working days past its due date after which an open follow-up action is chased",
    limits=(1, 120), unit="working days")
CHASE_ESCALATED_WORKING_DAYS = whole_number_setting(
    "chase_escalated_working_days", "Escalate an action to the contract manager after",
    COUNT, 20,
    "Working days past its due date after which an open follow-up action is escalated to "
    "the contract manager", limits=(1, 120), unit="working days")

REGISTER_SETTINGS: tuple[RegisterSetting[Any], ...] = (
    HOME_AUTHORITY, ADDITIONAL_VISIT_WEEKS, SCHOOL_HOLIDAYS, COUNCIL_NAME,
    PROTECTIVE_MARKING, BACKUP_KEEP, IDLE_LOCK_MINUTES, DRAFT_SIGNOFF_WORKING_DAYS,
    COUNTERSIGN_WORKING_DAYS, COUNTERSIGN_DEPUTY, CONCERN_INTERVAL_MONTHS,
    CHASE_REMINDER_WORKING_DAYS, CHASE_CHASED_WORKING_DAYS, CHASE_ESCALATED_WORKING_DAYS,
)
SETTING_KEYS = tuple(setting.key for setting in REGISTER_SETTINGS)


def setting_spec(key: str) -> RegisterSetting[Any]:
    """The setting called ``key``; :class:`UnknownSetting` (listing the keys) if none is."""
    for setting in REGISTER_SETTINGS:
        if setting.key == key:
            return setting
    raise UnknownSetting(key, SETTING_KEYS)


def shown_value(spec: RegisterSetting[T], value: T) -> str:
    """``value`` written as a user would type it (what the CLI prints)."""
    return spec.show(value)
