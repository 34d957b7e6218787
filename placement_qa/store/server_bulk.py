"""The first push into an empty team register, in bulk.

A register that starts a team register sends every record it holds as a new change
(:func:`placement_qa.store.outbox.snapshot_into_outbox`). Merged one by one
(:func:`placement_qa.store.server.push`) that is about ten statements a change: minutes
for the large demo register's 112,000. Here each change is decided by the same rule,
:func:`placement_qa.domain.sync.merge_change`, against what the changes before it in the
batch have written (the server held nothing before them), and the rows go to the server
with ``COPY``, in the push's one transaction: the same changes with the same sequence
numbers (taken from the same sequence, in the batch's order), the same records, unique
keys and conflicts as one by one.

It is used only where that is certain (:func:`plan`): the server has no change yet
(checked under the team's lock), every change is a new record, no record comes twice and
no unique key is shared by two (the same record made twice, which the one-by-one path
merges into one). Anything else goes the one-by-one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.conflict_words import refusal_words
from ..domain.sync import (
    INSERT,
    Context,
    Incoming,
    Raised,
    Record,
    merge_change,
    natural_keys,
    references,
)
from .server_records import (
    CHANGE_COLUMNS,
    CONFLICT_COLUMNS,
    KEY_COLUMNS,
    RECORD_COLUMNS,
    ChangeRow,
    Outgoing,
    Pushed,
    change_values,
    conflict_rows,
    key_rows,
    record_values,
)
from .server_schema import PgConnection, scalar


@dataclass
class Plan:
    """What the batch leaves on the server: its changes, in order, and the records and
    conflicts each one (by its position in the batch) leaves."""

    changes: list[ChangeRow] = field(default_factory=list)
    records: list[tuple[int, Record]] = field(default_factory=list)
    conflicts: list[tuple[int, tuple[Raised, ...]]] = field(default_factory=list)


def server_is_empty(conn: PgConnection) -> bool:
    """True if no change has reached the team register yet (ask holding the lock)."""
    return not scalar(conn, "SELECT EXISTS (SELECT 1 FROM changes)")


def plan(outgoing: Sequence[Outgoing], *, origin: str, officer: str,
         manager: bool) -> Plan | None:
    """What ``outgoing`` leaves on an empty team register; None when the batch must be
    merged one by one (see the module's notes)."""
    if not _bulk_safe(outgoing):
        return None
    made, live = Plan(), set[str]()
    for position, change in enumerate(outgoing):
        after = change.after or {}
        missing = frozenset(k for k, v in references(after).items() if v not in live)
        merge = merge_change(None, Incoming(change.table, change.record_uuid, INSERT,
                                            change.before, after),
                             Context(by_manager=manager, missing_refs=missing))
        made.changes.append(ChangeRow(
            change.change_uuid, origin, change.table, change.record_uuid, change.record_uuid,
            INSERT, change.before, after, merge.applied, change.os_user, officer,
            change.changed_at))
        if merge.data is not None:
            live.add(change.record_uuid)
            made.records.append((position, merge.data))
        if merge.conflicts:
            made.conflicts.append((position, merge.conflicts))
    return made


def _bulk_safe(outgoing: Sequence[Outgoing]) -> bool:
    """True if every change is a new record, none twice, no unique key shared."""
    records, keys = set[tuple[str, str]](), set[tuple[str, str]]()
    for change in outgoing:
        if change.operation != INSERT or change.after is None \
                or (change.table, change.record_uuid) in records:
            return False
        records.add((change.table, change.record_uuid))
        for key in natural_keys(change.table, change.after):
            if (change.table, key) in keys:
                return False
            keys.add((change.table, key))
    return True


def write(conn: PgConnection, made: Plan) -> Pushed:
    """Write ``made`` into the empty team register, in the caller's transaction."""
    with conn.cursor() as cursor:
        # the sequence numbers one by one would give, in the batch's order
        seqs = sorted(int(seq) for (seq,) in cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('changes', 'seq')) "
            "FROM generate_series(1, %s)", [len(made.changes)]).fetchall())
        with cursor.copy(f"COPY changes (seq, {CHANGE_COLUMNS}) FROM STDIN") as copy:
            for seq, change in zip(seqs, made.changes, strict=True):
                copy.write_row((seq, *change_values(change)))
        with cursor.copy(f"COPY records ({RECORD_COLUMNS}) FROM STDIN") as copy:
            for position, data in made.records:
                change = made.changes[position]
                copy.write_row(record_values(change.table, change.target_uuid, data,
                                             seqs[position]))
        with cursor.copy(f"COPY record_keys ({KEY_COLUMNS}) FROM STDIN") as copy:
            for position, data in made.records:
                change = made.changes[position]
                for row in key_rows(change.table, change.target_uuid, data):
                    copy.write_row(row)
        raised = [row for position, conflicts in made.conflicts
                  for row in conflict_rows(made.changes[position].table,
                                           made.changes[position].target_uuid, conflicts,
                                           seqs[position], made.changes[position].officer)]
        with cursor.copy(f"COPY conflicts ({CONFLICT_COLUMNS}) FROM STDIN") as copy:
            for row in raised:
                copy.write_row(row)
    return Pushed({c.change_uuid: seq for c, seq in zip(made.changes, seqs, strict=True)},
                  len(seqs), len(raised), _refusals(made))


def _refusals(made: Plan) -> tuple[str, ...]:
    """Why each change only a manager may make was held back, in words (as
    :func:`placement_qa.store.server.push` says it change by change)."""
    kept = dict(made.records)
    words = []
    for position, conflicts in made.conflicts:
        change = made.changes[position]
        data = kept.get(position) or change.after or change.before
        words += [refusal_words(change.table, raised, data) for raised in conflicts]
    return tuple(word for word in words if word)
