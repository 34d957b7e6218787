"""The words the visit note window shows: checklist lines, sign-off and amendment history."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ...domain.countersign import COUNTERSIGNED, RETURNED, STEP_KINDS, ReviewedNote
from ...domain.dates import council_time
from ...domain.note_checklist import ChecklistItem
from ...store.visit_notes import Amendment


def history_html(amendments: Sequence[Amendment]) -> str:
    """Each amendment: who, when, why, and every value it replaced."""
    lines = []
    for a in amendments:
        changes = "".join(
            f"<br>&nbsp;&nbsp;{escape(c.label)}: was “{escape(c.before)}”, "
            f"now “{escape(c.after)}”" for c in a.changes)
        lines.append(f"<b>Amended by {escape(a.amended_by)} {when_text(a.amended_at)}</b> — "
                     f"reason: {escape(a.reason)}{changes}")
    return "<br>".join(lines)


def checklist_text(item: ChecklistItem) -> str:
    """"✓ Title" when nothing is left to do, "⚠ Title — 2 missing" when sign-off needs
    more, "○ Title — 0/4 rated" for optional criteria not rated yet."""
    if item.missing:
        mark = "⚠"
    elif item.total and item.rated < item.total:
        mark = "○"
    else:
        mark = "✓"
    parts = []
    if item.total:
        parts.append(f"{item.rated}/{item.total} rated")
    if item.missing:
        parts.append(f"{len(item.missing)} missing")
    return f"{mark} {item.title}" + (f" — {', '.join(parts)}" if parts else "")


def when_text(stamp: str | None) -> str:
    """"on 26/11/2026 at 15:30" (UK time, as the printed note says) for a stored UTC stamp."""
    if not stamp:
        return ""
    at = council_time(stamp)
    return f"on {at:%d/%m/%Y} at {at:%H:%M}"


def countersign_html(reviewed: ReviewedNote | None) -> str:
    """Where a signed-off note stands with the manager, for the window's header: awaiting
    countersign, countersigned (who, when, comment), or returned with the comments its
    author is to act on."""
    if reviewed is None:
        return ""
    step = reviewed.last_step
    if step is None:
        return "Awaiting countersign."
    comment = f": “{escape(step.comment)}”" if step.comment else ""
    if step.kind == COUNTERSIGNED:
        return f"Countersigned by {escape(step.by)} {when_text(step.at)}{comment}."
    if step.kind == RETURNED:
        return (f"<b>Returned for amendment by {escape(step.by)} {when_text(step.at)}"
                f"</b>{comment}. Amend… the note to send it back for countersigning.")
    return ""


def steps_html(reviewed: ReviewedNote | None) -> str:
    """Each countersign and return, oldest first: what, who, when, comments."""
    if reviewed is None:
        return ""
    return "<br>".join(
        f"<b>{STEP_KINDS[step.kind]} by {escape(step.by)} {when_text(step.at)}</b>"
        + (f" — {escape(step.comment)}" if step.comment else "") for step in reviewed.steps)
