"""The command line, a thin layer over the store, reports and exports (built with click).

``placement-qa`` with no command starts the app; each command works headless and never
imports Qt. One module per group of commands: :mod:`.register` (new, demo, check,
import, schedule), :mod:`.exports`, :mod:`.reports`, :mod:`.returns`, :mod:`.backup`,
:mod:`.sync` and :mod:`.server` (the team register); what every command does around its
work is in :mod:`.command`, the shared options in :mod:`.options`, the root of it all in
:mod:`.main`.
"""

from .errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .main import AppOptions, command_line, main

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "AppOptions", "command_line", "main"]
