"""Planned monitoring visits as an iCalendar file (RFC 5545) for Outlook.

One all-day VEVENT per visit. The UID comes from the visit's own UUID
(``<uuid>@placement-qa``), so importing a later export of the same month
updates the events already in a calendar instead of adding copies; a
rescheduled visit keeps its UID, its DTSTART moves and its SEQUENCE (the
number of changes to the visit in the change log) goes up, so the newer copy
wins.

Only *planned* visits are exported. Cancelled visits are left out rather
than sent as ``STATUS:CANCELLED``: in a published file (``METHOD:PUBLISH``)
Outlook does not reliably remove an event on that status (removal is the
meeting-request ``METHOD:CANCEL``), and a cancelled entry would be one more
event in the file that is not a visit to make. Delete a cancelled visit from
the calendar by hand.

No child's name or details appear: the event names the provider, the visit
type, the visitors and how many placements the visit covers.

A month with no planned visits has no calendar: RFC 5545 requires at least one
component in a VCALENDAR, so :class:`NoVisits` is raised and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from ..atomic_file import write_atomically
from ..domain.planning import VisitForExport
from ..domain.register import VISIT_TYPES

PRODID = "-//Placement QA//Monitoring visits//EN"
UID_DOMAIN = "placement-qa"
CALENDAR_NAME = "Monitoring visits"
NO_PROVIDER = "no provider recorded"


class NoVisits(ValueError):
    """No visits to put in a calendar: an iCalendar file needs at least one event."""

    def __init__(self) -> None:
        super().__init__("no visits planned: an iCalendar file needs at least one event")


def visit_uid(visit: VisitForExport) -> str:
    """The event's UID: stable for the life of the visit, whatever its date."""
    return f"{visit.uuid}@{UID_DOMAIN}"


def visit_type_words(code: str) -> str:
    """"annual monitoring", "additional (concern-led)", as it reads inside a sentence."""
    label = VISIT_TYPES.get(code, code.replace("_", " "))
    return label[:1].lower() + label[1:]


def visit_summary(visit: VisitForExport) -> str:
    """"Monitoring visit: Oakfield House School (annual monitoring)"."""
    provider = visit.provider_name or NO_PROVIDER
    return f"Monitoring visit: {provider} ({visit_type_words(visit.visit_type)})"


def visit_location(visit: VisitForExport) -> str:
    """The provider's name and postcode, e.g. "Oakfield House School, TN1 2AB"."""
    parts = [visit.provider_name, visit.postcode or ""]
    return ", ".join(part for part in parts if part)


def visit_description(visit: VisitForExport) -> str:
    covered = visit.placements_covered
    noun = "placement" if covered == 1 else "placements"
    lines = [
        f"Visitors: {visit.visitors or 'not yet named'}",
        f"Covers {covered} {noun} at this provider",
    ]
    if visit.host_authority:
        lines.append(f"Host authority: {visit.host_authority}")
    if visit.urn:
        lines.append(f"URN: {visit.urn}")
    return "\n".join(lines)


def visit_event(visit: VisitForExport, stamp: datetime) -> Event:
    """An all-day event (DTSTART;VALUE=DATE, DTEND the next day) for one visit."""
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("dtstamp", stamp)
    event.add("sequence", visit.revision)
    event.add("dtstart", visit.visit_date)
    event.add("dtend", visit.visit_date + timedelta(days=1))
    event.add("summary", visit_summary(visit))
    location = visit_location(visit)
    if location:
        event.add("location", location)
    event.add("description", visit_description(visit))
    event.add("status", "CONFIRMED")
    return event


def visits_calendar(visits: Iterable[VisitForExport], stamp: datetime | None = None) -> Calendar:
    """A VCALENDAR with one VEVENT per visit; ``stamp`` (UTC) is each DTSTAMP, default now.

    Raises :class:`NoVisits` when there are none."""
    visits = list(visits)
    if not visits:
        raise NoVisits()
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for visit in visits:
        calendar.add_component(visit_event(visit, stamp))
    return calendar


def visits_ics(visits: Iterable[VisitForExport], stamp: datetime | None = None) -> bytes:
    """The calendar as RFC 5545 bytes (UTF-8, CRLF line ends, long lines folded)."""
    return visits_calendar(visits, stamp).to_ical()


def write_visits_ics(visits: list[VisitForExport], path: Path,
                     stamp: datetime | None = None) -> int:
    """Write the calendar file (privately and atomically); returns the number of events.

    Raises :class:`NoVisits`, writing nothing, when there are none."""
    write_atomically(path, visits_ics(visits, stamp))
    return len(visits)
