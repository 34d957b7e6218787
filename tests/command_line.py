"""Running ``placement-qa`` in the test's own process, with click's CliRunner.

``run_cli("check", "--db", path)`` runs the command as typed and gives back what a user
sees: the exit status, stdout and stderr. stdin is empty (not a terminal), so a
passphrase comes only from the environment: ``env`` sets variables for the run (None
removes one). An error the command did not expect is raised, not hidden in the result.
Tests of what only a real process shows (a closed pipe, Qt never loaded, a killed
process, file permissions that bind only another user) run ``python -m placement_qa``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from click.testing import CliRunner

from placement_qa.cli import command_line

PASSPHRASE_VARIABLES = ("PLACEMENT_QA_PASSPHRASE", "PLACEMENT_QA_NEW_PASSPHRASE",
                        "PLACEMENT_QA_BACKUP_PASSPHRASE", "PLACEMENT_QA_SERVER_PASSWORD",
                        "PLACEMENT_QA_NEW_PASSWORD")


@dataclass(frozen=True)
class Ran:
    """What a run of the command line showed (named as subprocess names them)."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(*args: object, env: Mapping[str, str | None] | None = None,
            input: str | None = None) -> Ran:
    """Run ``placement-qa ARGS``; no passphrase or password variable is set unless ``env``
    sets it; ``input`` is what is typed (stdin, still not a terminal)."""
    variables: dict[str, str | None] = dict.fromkeys(PASSPHRASE_VARIABLES)
    variables.update(env or {})
    result = CliRunner().invoke(command_line, [str(arg) for arg in args], env=variables,
                                input=input, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)
