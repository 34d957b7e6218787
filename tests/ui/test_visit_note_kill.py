"""Nothing typed is lost: the app is killed with SIGKILL after the autosave interval,
restarted, and the reopened note shows every value typed, on the page left open."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from visit_note_steps import CHILDREN, planned_visit

from placement_qa.ui.visit_note.window import AUTOSAVE_MS

HERE = Path(__file__).parent
SESSION = HERE / "visit_note_session.py"


def _session(mode: str, register: Path, visit_id: int, placement_id: int,
             tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent.parent)])}
    return subprocess.Popen(
        [sys.executable, str(SESSION), mode, str(register), str(visit_id), str(placement_id)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _line(process: subprocess.Popen, prefix: str) -> dict:
    for line in process.stdout:
        if line.startswith(prefix + " "):
            return json.loads(line[len(prefix) + 1:])
    process.wait(timeout=30)
    pytest.fail(f"no {prefix} line; stderr:\n{process.stderr.read()}")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_killed_app_keeps_everything_typed_before_the_autosave_interval(
        builder, register_path, tmp_path):
    _, visit_id, placements = planned_visit(builder)
    builder.db.close()
    zoe = placements[CHILDREN[0]]

    typing = _session("type", register_path, visit_id, zoe, tmp_path)
    try:
        typed = _line(typing, "TYPED")
        time.sleep(AUTOSAVE_MS / 1000 + 0.5)  # the interval, and the write after it
        typing.send_signal(signal.SIGKILL)
        typing.wait(timeout=10)
    finally:
        if typing.poll() is None:
            typing.kill()
    assert typing.returncode == -signal.SIGKILL

    reopening = _session("report", register_path, visit_id, zoe, tmp_path)
    shown = _line(reopening, "SHOWN")
    assert reopening.wait(timeout=30) == 0
    assert shown == {**typed, "page": f"child:{zoe}"}
