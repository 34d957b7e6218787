"""A throw-away PostgreSQL server for the team register's tests and benchmarks.

The tests (``tests/conftest.py``) and the bench's sync figures both start theirs here.

:class:`PostgresServer` makes a new cluster in a temporary folder with the machine's own
``initdb`` and starts it with ``pg_ctl``, listening only on a Unix socket in that folder
(no TCP port, so it never meets another server); :meth:`~PostgresServer.new_database`
gives each test its own empty database. As root the cluster runs as the ``postgres``
user (PostgreSQL refuses to run as root), through ``runuser``. It is stopped, and its
folder removed, at the end; a server it did not start is never touched.

Where PostgreSQL is not installed :func:`find_postgres_bin` says so, and the tests are
skipped with that reason (``bash scripts/test.sh`` installs it first); a sync figure of
the bench fails, saying the same.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "postgres"


class PostgresMissing(Exception):
    """PostgreSQL is not installed here (or cannot be run as another user); the message
    says why. (A server that is installed but fails to start is an error, not a skip.)"""


def find_postgres_bin(root: Path = Path("/usr/lib/postgresql")) -> Path:
    """The newest ``<root>/*/bin`` holding initdb (Debian's layout), else initdb's folder on
    PATH; PostgresMissing, saying so, where there is neither."""
    found = sorted(root.glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise PostgresMissing(f"PostgreSQL is not installed ({root}/*/bin/initdb not found, nor "
                          "initdb on PATH); the README's test command (bash scripts/test.sh) "
                          "installs it")


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PostgresServer:
    """A cluster of this test run's own (see the module's notes)."""

    def __init__(self) -> None:
        self.bin = find_postgres_bin()
        self.prefix: list[str] = []
        if _as_root():
            try:
                owner = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise PostgresMissing("running as root, and there is no postgres user to "
                                      "run PostgreSQL as") from None
            runuser = shutil.which("runuser")
            if runuser is None:
                raise PostgresMissing("running as root, and runuser is missing")
            self.prefix = [runuser, "-u", SUPERUSER, "--"]
        # /tmp: every user can reach it, and the socket's path stays short
        self.folder = Path(tempfile.mkdtemp(prefix="pqa-pg-", dir="/tmp"))
        self.folder.chmod(0o700)
        if self.prefix:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.data = self.folder / "data"
        self.port = 5432  # names the socket file only: there is no TCP listener
        self._numbers = itertools.count(1)
        self.started = False

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: "
                                  f"{(done.stderr or done.stdout).strip()[-500:]}")

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                  "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self.resume()

    def resume(self) -> None:
        """Start the cluster (again, after :meth:`pause`)."""
        options = (f"-k {self.folder} -p {self.port} -c listen_addresses='' "
                   "-c fsync=off -c max_connections=60")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "server.log"), "-w", "start")
        self.started = True

    def pause(self) -> None:
        """Stop the server, keeping its cluster (as a server that went down would)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.started = False

    def stop(self) -> None:
        try:
            if self.started:
                self.pause()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """The connection string of database ``dbname`` as ``user``, over the socket."""
        return f"host={self.folder} port={self.port} dbname={dbname} user={user}"

    def new_database(self) -> str:
        """A new, empty database of this cluster: its connection string (as postgres)."""
        name = f"t_{next(self._numbers)}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def require_password(self, role: str) -> None:
        """From now on the server asks ``role`` for its password (scram-sha-256) on the
        socket, as a real server asks everyone; the other roles still need none. A line
        in this cluster's own pg_hba.conf, before the trust line, and a reload."""
        hba = self.data / "pg_hba.conf"
        line = f"local all {role} scram-sha-256\n"
        text = hba.read_text()
        if line not in text:
            hba.write_text(line + text)  # the first line that matches decides
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "reload")

    def kill_connections(self, dbname: str) -> None:
        """End every session on ``dbname``, as a network cut would (the client finds out on
        its next call)."""
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", [dbname])
