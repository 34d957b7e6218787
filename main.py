"""Start Placement QA from a source checkout: ``python main.py [--db PATH]``."""

from placement_qa.app import main

if __name__ == "__main__":
    raise SystemExit(main())
