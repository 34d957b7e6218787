"""The register as the change log's words need it (:class:`~placement_qa.domain.change_log.
LogRegister`): a record by its uuid, the children a visit covers, who an account is.

Read when the log is read, so a record shows its name as it is now (a renamed provider
reads by its new name in older changes too); a record removed since reads as "a removed
record". Each record is read once per page of the log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from .records import BY_FAMILY_NAME
from .schema import _row_json

# The records others refer to, most referred to first.
_REFERRED = ("children", "providers", "placements", "monitoring_visits", "officers",
             "provider_returns", "follow_up_actions", "qa_framework_versions", "qa_frameworks")

_VISIT_CHILDREN = f"""
SELECT trim(c.given_name || ' ' || c.family_name)
FROM visit_placements vp
JOIN monitoring_visits v ON v.id = vp.visit_id
JOIN placements p ON p.id = vp.placement_id
JOIN children c ON c.id = p.child_id
WHERE v.uuid = ?
ORDER BY {BY_FAMILY_NAME}, p.id
"""


class LoggedRegister:
    """The register's records for the change log's words; ``accounts`` maps an account
    (as the log names who made a change) to the officer's name it is known to be."""

    def __init__(self, db: Database, accounts: Mapping[str, str] | None = None) -> None:
        self._db = db
        self._accounts = dict(accounts or {})
        self._records: dict[str, dict[str, Any] | None] = {}
        self._selects = {table: f"SELECT {_row_json(db, table, 'r')} FROM {table} AS r "
                                "WHERE r.uuid = ?" for table in _REFERRED}

    def record(self, uuid: str) -> dict[str, Any] | None:
        if not uuid:
            return None
        if uuid not in self._records:
            self._records[uuid] = self._find(uuid)
        return self._records[uuid]

    def _find(self, uuid: str) -> dict[str, Any] | None:
        for select in self._selects.values():
            row = self._db.execute(select, [uuid]).fetchone()
            if row is not None:
                return json.loads(row[0])
        return None

    def visit_children(self, visit_uuid: str) -> tuple[str, ...]:
        return tuple(r[0] for r in self._db.execute(_VISIT_CHILDREN, [visit_uuid]).fetchall())

    @property
    def accounts(self) -> dict[str, str]:
        return dict(self._accounts)

    def who(self, account: str) -> str:
        return self._accounts.get(account, account)
