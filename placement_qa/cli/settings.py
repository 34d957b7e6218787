"""``placement-qa settings get | set``: the register's settings, as the Settings dialog
shows them.

``get`` prints one setting's value as it would be typed (or, with no KEY, every setting
as ``key: value``); ``set`` checks the value as the dialog does and keeps it in one
transaction, recorded in the change log under the user who ran it. A value the setting
cannot take is refused with what it allows, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..domain.settings import REGISTER_SETTINGS, SETTING_KEYS
from .command import RegisterCommand
from .errors import EXIT_OK, CommandError
from .options import db_option

KEY = click.Choice(SETTING_KEYS)
# "\b": click keeps the list's lines as they are
_KEYS_HELP = "\b\n" + "\n".join(f"{setting.key}: {setting.label}" for setting in REGISTER_SETTINGS)


@click.group("settings", help="the register's settings (as the app's Settings dialog)")
def settings() -> None:
    """``settings get [KEY]`` and ``settings set KEY VALUE``."""


@settings.command("get", cls=RegisterCommand, short_help="print a setting, or every one",
                  help="print a setting's value as it would be typed; with no KEY, every "
                  f"setting as key: value. The settings:\n\n{_KEYS_HELP}")
@click.argument("key", type=KEY, required=False, metavar="[KEY]")
@db_option()
def get(key: str | None, db: Path) -> int:
    from ..store.settings import all_settings, setting_spec, shown_value, value_of
    from .reading import open_to_read

    register = open_to_read(db)
    try:
        if key is not None:
            spec = setting_spec(key)
            click.echo(shown_value(spec, value_of(register, spec)))
            return EXIT_OK
        for spec, value in all_settings(register):
            click.echo(f"{spec.key}: {shown_value(spec, value)}")
    finally:
        register.close()
    return EXIT_OK


@settings.command("set", cls=RegisterCommand, writes=True, short_help="change a setting",
                  help="change a setting; the value is checked as the Settings dialog "
                  "checks it (dates DD/MM/YYYY; school holidays as DD/MM/YYYY to "
                  "DD/MM/YYYY, separated by ';', or none). The settings:\n\n"
                  f"{_KEYS_HELP}")
@click.argument("key", type=KEY, metavar="KEY")
@click.argument("value")
@db_option()
def set_(key: str, value: str, db: Path) -> int:
    from ..store.connection import open_register
    from ..store.settings import SettingError, set_setting, setting_spec, shown_value

    register = open_register(db)
    try:
        kept = set_setting(register, key, value)
    except SettingError as exc:
        raise CommandError(str(exc)) from None
    finally:
        register.close()
    click.echo(f"{key}: {shown_value(setting_spec(key), kept)}")
    return EXIT_OK


COMMANDS = (settings,)
