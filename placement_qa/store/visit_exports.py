"""Visits in a date range as the schedule exports need them (ICS, month CSV).

One frozen :class:`~placement_qa.domain.planning.VisitForExport` per visit, with its
provider and how many placements it covers: never which children. Calendars and schedules handed
round a team are not the place for personal data, so the query does not even
touch the children table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.planning import VisitForExport
from ..domain.register import VISIT_PLANNED

_VISITS_SQL = """
SELECT v.id, v.uuid, coalesce(p.name, ''), p.urn, coalesce(p.host_authority, ''),
       p.postcode, v.visit_date, v.visit_type, v.visitors, v.status,
       (SELECT count(*) FROM visit_placements vp WHERE vp.visit_id = v.id),
       (SELECT count(*) FROM change_log cl
         WHERE cl.table_name = 'monitoring_visits' AND cl.record_uuid = v.uuid
           AND cl.operation = 'update'),
       v.provider_id, coalesce(o.name, ''), v.assigned_officer_id
FROM monitoring_visits v
LEFT JOIN providers p ON p.id = v.provider_id
LEFT JOIN officers o ON o.id = v.assigned_officer_id
WHERE v.visit_date BETWEEN ? AND ?
  AND v.status IN ({statuses})
ORDER BY v.visit_date, p.name COLLATE name_order, v.id
"""


def visits_between(
    db: Database,
    first: date,
    last: date,
    statuses: Iterable[str] = (VISIT_PLANNED,),
) -> list[VisitForExport]:
    """Visits dated ``first`` .. ``last`` (inclusive) in ``statuses``, by date then provider.

    By default only planned visits: drafts have taken place, and cancelled
    visits never count.
    """
    wanted = list(statuses)
    if not wanted:
        return []
    # Only the number of placeholders is formatted in; every value is a parameter.
    sql = _VISITS_SQL.format(statuses=", ".join("?" for _ in wanted))
    rows = db.execute(sql, [iso(first), iso(last), *wanted]).fetchall()
    return [_visit(row) for row in rows]


def _visit(row: tuple) -> VisitForExport:
    return VisitForExport(
        visit_id=row[0], uuid=row[1], provider_name=row[2], urn=row[3],
        host_authority=row[4], postcode=row[5], visit_date=date.fromisoformat(row[6]),
        visit_type=row[7], visitors=row[8], status=row[9], placements_covered=row[10],
        revision=row[11], provider_id=row[12], officer=row[13],
        officer_id=row[14],
    )
