"""One writer per register: a second process is refused in words; a crash leaves no lock."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from placement_qa.store.connection import RegisterError
from placement_qa.store.lock import RegisterInUse, RegisterLock, lock_path, try_lock_file

HOLDER = textwrap.dedent("""
    import sys, time
    from placement_qa.store.lock import RegisterLock
    lock = RegisterLock(sys.argv[1], user="a.officer").acquire()
    print("READY", flush=True)
    time.sleep(120)
""")


@pytest.fixture
def holder(tmp_path):
    """Start a process holding the lock on ``path``; killed at the end of the test."""
    started: list[subprocess.Popen] = []

    def start(path: Path) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)],
                                   stdout=subprocess.PIPE, text=True)
        started.append(process)
        assert process.stdout.readline().strip() == "READY"
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def test_a_second_process_is_refused_with_who_holds_the_register(tmp_path, holder):
    register = tmp_path / "register.db"
    process = holder(register)
    with pytest.raises(RegisterInUse) as refused:
        RegisterLock(register).acquire()
    message = str(refused.value)
    assert message.startswith("The register is open in Placement QA by a.officer")
    assert f"on {socket.gethostname()} (process {process.pid}) since " in message
    assert message.endswith("— close it there first")
    assert isinstance(refused.value, RegisterError)


def test_the_lock_file_is_private_and_says_who_holds_it(tmp_path, holder):
    register = tmp_path / "register.db"
    process = holder(register)
    held = lock_path(register)
    assert held.name == "register.db.lock"
    details = json.loads(held.read_text(encoding="utf-8"))
    assert details["user"] == "a.officer" and details["pid"] == process.pid
    assert set(details) == {"user", "host", "pid", "since"}
    if os.name == "posix":
        assert held.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_killed_holder_leaves_no_stale_lock(tmp_path, holder):
    register = tmp_path / "register.db"
    process = holder(register)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert lock_path(register).exists()  # the file is left behind, its OS lock is not
    with RegisterLock(register) as lock:
        assert lock.held
        assert json.loads(lock_path(register).read_text())["pid"] == os.getpid()


def test_a_leftover_lock_file_without_a_live_lock_is_taken_over(tmp_path):
    register = tmp_path / "register.db"
    lock_path(register).write_text('{"user": "gone", "pid": 1}', encoding="utf-8")
    with RegisterLock(register, user="b.officer"):
        assert json.loads(lock_path(register).read_text())["user"] == "b.officer"


def test_release_removes_the_lock_file_and_lets_the_next_writer_in(tmp_path):
    register = tmp_path / "register.db"
    first = RegisterLock(register).acquire()
    assert lock_path(register).exists()
    first.release()
    first.release()  # twice is harmless
    assert not lock_path(register).exists()
    with RegisterLock(register):
        assert lock_path(register).exists()
    assert not lock_path(register).exists()


def test_a_second_lock_in_the_same_process_is_refused_too(tmp_path):
    register = tmp_path / "register.db"
    with RegisterLock(register), pytest.raises(RegisterInUse):
        RegisterLock(register).acquire()


def test_two_registers_lock_independently(tmp_path, holder):
    holder(tmp_path / "north.db")
    with RegisterLock(tmp_path / "south.db") as south:
        assert south.held
    with pytest.raises(RegisterInUse):
        RegisterLock(tmp_path / "north.db").acquire()


RACER = textwrap.dedent("""
    import sys
    from placement_qa.store.lock import RegisterInUse, RegisterLock
    try:
        lock = RegisterLock(sys.argv[1]).acquire()
        print("WON", flush=True)
    except RegisterInUse:
        print("REFUSED", flush=True)
    sys.stdin.read()  # hold on until the test has heard from everyone
""")


def test_of_processes_racing_for_the_register_exactly_one_wins(tmp_path):
    register = tmp_path / "register.db"
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(register)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
              for _ in range(6)]
    try:
        results = [racer.stdout.readline().strip() for racer in racers]
    finally:
        for racer in racers:
            racer.stdin.close()
            racer.wait()
    assert sorted(results) == ["REFUSED"] * 5 + ["WON"]
    with RegisterLock(register) as lock:  # the winner has gone, and its lock with it
        assert lock.held


def test_a_folder_that_cannot_hold_the_lock_file_is_explained(tmp_path):
    missing = tmp_path / "no such folder" / "register.db"
    with pytest.raises(RegisterError, match="Cannot lock register.db"):
        RegisterLock(missing).acquire()


def _a_register(path: Path) -> Path:
    from placement_qa.store.connection import open_register

    open_register(path, create=True, os_user="a.officer").close()
    return path


def _other_names(tmp_path: Path, register: Path) -> dict[str, Path]:
    """The same register file reached two other ways (a hard link is refused: below)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    symlink = elsewhere / "shortcut.db"
    symlink.symlink_to(register)
    return {"symlink": symlink, "dotdot": elsewhere / "sub" / ".." / symlink.name}


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
@pytest.mark.parametrize("way", ["symlink", "dotdot"])
def test_the_same_file_reached_another_way_is_refused_like_its_path(tmp_path, holder, way):
    register = _a_register(tmp_path / "register.db")
    other = _other_names(tmp_path, register)[way]
    process = holder(register)
    with pytest.raises(RegisterInUse) as refused:
        RegisterLock(other).acquire()
    assert f"by a.officer on {socket.gethostname()} (process {process.pid})" in str(refused.value)
    assert [p.name for p in tmp_path.rglob("*.lock")] == ["register.db.lock"]  # the holder's


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
@pytest.mark.parametrize("way", ["symlink", "dotdot"])
def test_a_register_held_through_another_name_refuses_its_own_path(tmp_path, holder, way):
    register = _a_register(tmp_path / "register.db")
    holder(_other_names(tmp_path, register)[way])
    with pytest.raises(RegisterInUse, match="open in Placement QA by a.officer"):
        RegisterLock(register).acquire()


HARD_LINK = "has another name on this computer \\(a hard link"


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_register_with_a_hard_link_is_refused_by_either_name_and_nothing_is_made(tmp_path):
    register = _a_register(tmp_path / "register.db")
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "register.db"
    os.link(register, link)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for name in (register, link):
        with pytest.raises(RegisterError, match=HARD_LINK + ".*Remove the other name"):
            RegisterLock(name).acquire()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no lock file made
    link.unlink()
    with RegisterLock(register) as lock:
        assert lock.held


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_hard_link_beside_the_register_is_named_in_the_refusal(tmp_path):
    register = _a_register(tmp_path / "register.db")
    os.link(register, tmp_path / "register copy.db")
    with pytest.raises(RegisterError, match=HARD_LINK + ": register copy.db in the same folder"):
        RegisterLock(register).acquire()


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_hard_link_made_while_the_register_is_held_is_refused(tmp_path, holder):
    register = _a_register(tmp_path / "register.db")
    holder(register)
    link = tmp_path / "same-file.db"
    os.link(register, link)
    with pytest.raises(RegisterError, match=HARD_LINK):
        RegisterLock(link).acquire()


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_the_old_register_an_interrupted_encryption_kept_does_not_stop_the_next_start(tmp_path):
    register = _a_register(tmp_path / "register.db")
    os.link(register, tmp_path / "register.db.before-encryption")  # removed by the clean-up
    with RegisterLock(register) as lock:
        assert lock.held


FOLLOWER = textwrap.dedent("""
    import os, sys
    from placement_qa.store.lock import RegisterLock
    register, replacement = sys.argv[1:]
    lock = RegisterLock(register, user="a.officer").acquire()
    os.replace(replacement, register)  # a restore or an encryption puts a new file in place
    lock.follow_file()
    print("READY", flush=True)
    sys.stdin.read()
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the file lock is Linux's flock")
def test_after_the_register_file_is_replaced_the_lock_holds_the_new_file(tmp_path):
    register = _a_register(tmp_path / "register.db")
    replacement = _a_register(tmp_path / "restored.db")
    process = subprocess.Popen([sys.executable, "-c", FOLLOWER, str(register), str(replacement)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "READY"
        fd = os.open(register, os.O_RDONLY)  # the new file, as another process opens it
        try:
            assert try_lock_file(fd) is False  # held by the follower
        finally:
            os.close(fd)
    finally:
        process.stdin.close()
        process.wait()


VICTIM = "precious"


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_a_planted_lock_file_symlink_is_refused_and_its_target_left_alone(tmp_path):
    register = _a_register(tmp_path / "register.db")
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    victim.chmod(0o644)
    lock_path(register).symlink_to(victim)
    with pytest.raises(RegisterError, match="register.db.lock is a symbolic link, not a lock "
                       "file Placement QA made: it was left as it is"):
        RegisterLock(register).acquire()
    assert victim.read_text() == VICTIM and victim.stat().st_mode & 0o777 == 0o644
    assert lock_path(register).is_symlink()
    dangling = tmp_path / "nowhere.txt"  # a symlink to a file not there yet: not made either
    lock_path(register).unlink()
    lock_path(register).symlink_to(dangling)
    with pytest.raises(RegisterError, match="symbolic link"):
        RegisterLock(register).acquire()
    assert not dangling.exists()


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and owners as POSIX has them")
@pytest.mark.parametrize("what", ["a folder", "not a plain file", "another user's file",
                                  "a file with another name (a hard link)"])
def test_anything_but_the_users_own_lock_file_is_refused_and_left_alone(tmp_path, what):
    register = _a_register(tmp_path / "register.db")
    held = lock_path(register)
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    victim.chmod(0o666)
    if what == "a folder":
        held.mkdir()
    elif what == "not a plain file":
        os.mkfifo(held)
    elif what == "another user's file":
        os.link(victim, held)
        victim.unlink()
        victim = held
        os.chown(held, os.geteuid() + 1, -1)
    else:
        os.link(victim, held)
    with pytest.raises(RegisterError, match=f"register.db.lock is {re.escape(what)}, not a lock"):
        RegisterLock(register).acquire()
    if what not in ("a folder", "not a plain file"):
        assert victim.read_text() == VICTIM and victim.stat().st_mode & 0o777 == 0o666
