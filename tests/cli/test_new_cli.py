"""``placement-qa new --db PATH``: an empty register, as the app makes one for a new file;
never over a file that is already there."""

from __future__ import annotations

import os
import stat

import pytest
from command_line import run_cli
from register_contents import table_contents
from register_files import another_programs_database, folder_fingerprint

from placement_qa.app import RegisterChoice, open_chosen_register


def _make_as_the_app_does(path) -> None:
    open_chosen_register(RegisterChoice(path, fill_with_demo=False)).close()


def test_new_makes_the_register_the_app_makes_for_a_new_file(tmp_path):
    path = tmp_path / "team" / "register.db"
    result = run_cli("new", "--db", path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Empty register written to {path}\n" and result.stdout == ""
    assert sorted(p.name for p in path.parent.iterdir()) == ["register.db"]  # nothing beside
    if os.name == "posix":
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    made = table_contents(path)
    _make_as_the_app_does(path)
    assert table_contents(path) == made  # the app finds nothing to add
    _make_as_the_app_does(tmp_path / "by the app.db")
    by_app = table_contents(tmp_path / "by the app.db")
    assert {t: len(rows) for t, rows in made.items()} == {
        t: len(rows) for t, rows in by_app.items()}
    assert made["qa_frameworks"] and not made["children"] and not made["placements"]
    checked = run_cli("check", "--db", path)
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout


@pytest.mark.parametrize("what", ["empty file", "register", "another program's database"])
def test_new_never_writes_over_a_file_that_is_there(tmp_path, what):
    path = tmp_path / "register.db"
    if what == "empty file":
        path.touch()
    elif what == "register":
        _make_as_the_app_does(path)
    else:
        another_programs_database(path)
    before = folder_fingerprint(tmp_path)
    result = run_cli("new", "--db", path)
    assert result.returncode == 1
    assert result.stderr == (f"placement-qa new: {path} already exists; give a new file name "
                             "for a new register\n")
    assert folder_fingerprint(tmp_path) == before


def test_new_starts_afresh_after_an_interrupted_one(tmp_path):
    path = tmp_path / "register.db"
    (tmp_path / "register.db.part").write_bytes(b"half made")
    result = run_cli("new", "--db", path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.db"]
    assert table_contents(path)["qa_frameworks"]
