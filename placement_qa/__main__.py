"""``python -m placement_qa``: the same as the ``placement-qa`` command."""

from .app import main

raise SystemExit(main())
