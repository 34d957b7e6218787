"""``placement-qa return form | import``: the pre-visit provider return, headless.

``return form --visit ID -o FILE`` writes the form for a planned visit (and records
it as sent); ``return import FILE`` imports the provider's filled-in form as
provider-reported values. Both write, so both hold the register's lock; a refused
file is one line on stderr (its reasons after it) and nothing changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import EXIT_OK, CommandError, as_of_arg, db_option
from .cli_options import NEEDED
from .domain.dates import council_today, uk


def add_return_parser(commands) -> None:
    returns = commands.add_parser("return", help="the pre-visit provider return (XLSX)")
    what = returns.add_subparsers(dest="what", metavar="WHAT", required=True)
    form = what.add_parser("form", help="write the pre-visit form for a planned visit")
    db_option(form)
    form.add_argument("--visit", type=int, default=NEEDED, metavar="ID",
                      help="the planned (or draft) visit the form is for")
    form.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file to write")
    form.add_argument("--as-of", type=as_of_arg,
                      help="the date the form is sent (default today)")
    imported = what.add_parser(
        "import", help="import a returned form: its answers are recorded as provider-reported")
    imported.add_argument("file", type=Path, help="the filled-in .xlsx form")
    db_option(imported)
    imported.add_argument("--as-of", type=as_of_arg,
                          help="the date of the import (default today)")
    imported.add_argument("--by", default="", help="who imported it (default: your user name)")


def provider_return(args: argparse.Namespace) -> int:
    from .store.connection import current_os_user, open_register
    from .store.provider_returns import ReturnRefused
    from .store.return_import import import_return_file, make_return_form

    as_of = args.as_of or council_today()
    db = open_register(args.db)
    try:
        if args.what == "form":
            output = args.output
            if output.suffix.lower() != ".xlsx":
                raise CommandError(f"{output}: the form is an Excel workbook: name it .xlsx")
            form = make_return_form(db, args.visit, output, as_of=as_of)
            count = len(form.children)
            children = f"{count} child" if count == 1 else f"{count} children"
            print(f"Pre-visit form for {form.provider_name} (visit on {uk(form.visit_date)}, "
                  f"{children} named by initials) written to {output}", file=sys.stderr)
            return EXIT_OK
        imported = import_return_file(db, args.file, as_of=as_of,
                                      imported_by=args.by or current_os_user())
    except ReturnRefused as exc:
        where = args.file if args.what == "import" else f"visit {args.visit}"
        raise CommandError(f"{where}: refused, nothing changed: {exc}") from None
    finally:
        db.close()
    print(imported.message())
    return EXIT_OK


RETURN_HANDLERS = {"return": provider_return}

