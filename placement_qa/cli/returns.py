"""``placement-qa return form | import``: the pre-visit provider return, headless.

``return form --visit ID -o FILE`` writes the form for a planned visit (and records
it as sent); ``return import FILE`` imports the provider's filled-in form as
provider-reported values. Both write, so both hold the register's lock; a refused
file is one line on stderr (its reasons after it) and nothing changes.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..domain.dates import council_today, uk
from .command import RegisterCommand
from .errors import EXIT_OK, CommandError
from .options import PATH, as_of_option, db_option, output_option


@click.group("return", help="the pre-visit provider return (XLSX)")
def provider_return() -> None:
    """``return form | import``."""


@provider_return.command("form", cls=RegisterCommand, writes=True, needs=("db", "visit"),
                         help="write the pre-visit form for a planned visit")
@db_option()
@click.option("--visit", type=int, metavar="ID",
              help="the planned (or draft) visit the form is for")
@output_option("the .xlsx file to write", required=True)
@as_of_option("the date the form is sent (default today)")
def return_form(db: Path, visit: int, output: Path, as_of: date | None) -> int:
    from ..store.connection import open_register
    from ..store.provider_returns import ReturnRefused
    from ..store.return_import import make_return_form

    if output.suffix.lower() != ".xlsx":
        raise CommandError(f"{output}: the form is an Excel workbook: name it .xlsx")
    register = open_register(db)
    try:
        form = make_return_form(register, visit, output, as_of=as_of or council_today())
    except ReturnRefused as exc:
        raise CommandError(f"visit {visit}: refused, nothing changed: {exc}") from None
    finally:
        register.close()
    count = len(form.children)
    children = f"{count} child" if count == 1 else f"{count} children"
    print(f"Pre-visit form for {form.provider_name} (visit on {uk(form.visit_date)}, "
          f"{children} named by initials) written to {output}", file=sys.stderr)
    return EXIT_OK


@provider_return.command(
    "import", cls=RegisterCommand, writes=True, short_help="import a returned form",
    help="import a returned form: its answers are recorded as provider-reported")
@click.argument("file", type=PATH)
@db_option()
@as_of_option("the date of the import (default today)")
@click.option("--by", default="", metavar="NAME",
              help="who imported it (default: your user name)")
def return_import(file: Path, db: Path, as_of: date | None, by: str) -> int:
    from ..store.connection import current_os_user, open_register
    from ..store.provider_returns import ReturnRefused
    from ..store.return_import import import_return_file

    register = open_register(db)
    try:
        imported = import_return_file(register, file, as_of=as_of or council_today(),
                                      imported_by=by or current_os_user())
    except ReturnRefused as exc:
        raise CommandError(f"{file}: refused, nothing changed: {exc}") from None
    finally:
        register.close()
    print(imported.message())
    return EXIT_OK


COMMANDS = (provider_return,)
