""""Who" in the change log is the operating system account running the app, which a
user cannot change by setting an environment variable before starting it."""

from __future__ import annotations

import os

import pytest

from placement_qa.store import register
from placement_qa.store.audit import change_log
from placement_qa.store.connection import open_register

pwd = pytest.importorskip("pwd", reason="the POSIX account database")

LOGIN_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


def test_the_change_log_names_the_real_account_whatever_logname_says(tmp_path, monkeypatch):
    for name in LOGIN_VARIABLES:
        monkeypatch.setenv(name, "someone-else")
    db = open_register(tmp_path / "register.db", create=True)
    try:
        register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
        entries = change_log(db, table="children")
    finally:
        db.close()

    account = pwd.getpwuid(os.getuid()).pw_name
    assert [e.os_user for e in entries] == [account]
    assert account != "someone-else"
