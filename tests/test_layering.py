"""The layers are enforced: rules, storage, exports and the CLI never load Qt."""

import subprocess
import sys

HEADLESS_MODULES = [
    "placement_qa.domain.schedule",
    "placement_qa.domain.wording",
    "placement_qa.store.schedule",
    "placement_qa.store.audit",
    "placement_qa.exports.register_csv",
    "placement_qa.cli",
    "placement_qa.demo",
    "placement_qa.domain.ehcp",
    "placement_qa.domain.pages",
    "placement_qa.store.pages",
    "placement_qa.store.records",
    "placement_qa.store.downgrades",
    "placement_qa.store.planning",
    "placement_qa.store.visit_exports",
    "placement_qa.domain.planning",
    "placement_qa.exports.visits_ics",
    "placement_qa.exports.overdue_csv",
    "placement_qa.exports.schedule_csv",
    "placement_qa.domain.dashboard",
    "placement_qa.store.dashboard",
    "placement_qa.domain.framework",
    "placement_qa.store.frameworks",
    "placement_qa.domain.visit_note",
    "placement_qa.store.visit_notes",
    "placement_qa.domain.actions",
    "placement_qa.store.actions",
    "placement_qa.importing.placement_rows",
    "placement_qa.store.inspection_import",
    "placement_qa.store.placement_import",
    "placement_qa.exports.register_xlsx",
    "placement_qa.domain.note_copy",
    "placement_qa.domain.names",
    "placement_qa.reports.visit_note",
    "placement_qa.reports.page",
    "placement_qa.cli_reports",
    "placement_qa.cli_backup",
    "placement_qa.atomic_file",
    "placement_qa.domain.monthly_schedule",
    "placement_qa.reports.schedule",
    "placement_qa.reports.register_list",
    "placement_qa.reports.board",
    "placement_qa.reports.batch",
    "placement_qa.domain.provider_return",
    "placement_qa.store.note_parts",
    "placement_qa.store.provider_returns",
    "placement_qa.store.backup",
    "placement_qa.store.encryption",
    "placement_qa.domain.escalation",
    "placement_qa.store.escalation",
    "placement_qa.domain.timeline",
    "placement_qa.store.timeline",
    "placement_qa.importing.provider_return_form",
    "placement_qa.store.return_import",
    "placement_qa.cli_returns",
    "placement_qa.store.lock",
    "placement_qa.store.leftovers",
    "placement_qa.store.register_copies",
    "placement_qa.store.register_events",
]


def test_headless_code_does_not_import_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_domain_code_does_not_import_sql():
    code = (
        "import sys, placement_qa.domain.schedule, placement_qa.domain.wording\n"
        "print(sorted(m for m in sys.modules if m in ('sqlite3', 'sqlite_utils')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
