"""A countersign prints on every copy of the note, read back from the PDF."""

from __future__ import annotations

from datetime import UTC, datetime

from test_visit_note_pdf import build_visit, flat, make

from placement_qa.domain.countersign import COUNTERSIGNED, RETURNED
from placement_qa.domain.note_copy import PROVIDER_COPY, child_copy
from placement_qa.store.countersign import add_step

COMMENT = "Checked <b>all</b> & agreed with Zoë's views"


def test_a_countersign_prints_on_every_copy_of_the_note(db):
    visit_id, placements = build_visit(db)
    add_step(db, visit_id, COUNTERSIGNED, "Priya Shah <Manager>", COMMENT,
             at=datetime(2025, 12, 8, 10, 15, tzinfo=UTC))
    copies = [None, PROVIDER_COPY, *(child_copy(p) for p in placements.values())]
    for copy in copies:
        text = flat("\n".join(make(db, visit_id, copy)))
        assert flat("Countersigned by Priya Shah <Manager> on 08/12/2025 10:15") in text, copy
    full = flat("\n".join(make(db, visit_id)))
    assert flat(f"Comment: {COMMENT}") in full
    provider = flat("\n".join(make(db, visit_id, PROVIDER_COPY)))
    assert flat(COMMENT) not in provider   # the comment may name any child: full note only


def test_a_note_not_countersigned_says_so(db):
    visit_id, _ = build_visit(db)
    assert flat("Not countersigned yet: awaiting countersign.") in flat(
        "\n".join(make(db, visit_id)))
    add_step(db, visit_id, RETURNED, "Priya Shah", "Say more about attendance",
             at=datetime(2025, 12, 8, 10, 15, tzinfo=UTC))
    text = flat("\n".join(make(db, visit_id)))
    assert flat("Not countersigned yet: returned for amendment.") in text
    assert "Countersignedby" not in text
