"""Where the top-level ``resources/`` folder is, in a checkout and in an installed copy.

``pyproject.toml`` installs ``resources/`` as the package ``placement_qa.resources``;
running from a source checkout without installing, it is found beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resources_dir() -> Path:
    try:
        return Path(str(resources.files("placement_qa.resources")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``, e.g. ``resource_path("demo", "names.json")``."""
    return resources_dir().joinpath(*parts)
