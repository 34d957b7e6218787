"""An installed (non-editable) copy carries every module and finds resources/."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    [built] = out.glob("placement_qa-*.whl")
    return built


def test_wheel_has_every_module_and_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "placement_qa").rglob("*.py")}
    assert modules <= names, f"missing from the wheel: {sorted(modules - names)}"
    resources = {
        "placement_qa/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert resources <= names, f"resources missing from the wheel: {sorted(resources - names)}"
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_copy_finds_resources_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    code = (
        "import placement_qa.assets as a\n"
        "print(a.__file__)\n"
        "print(a.resource_path('demo', '__init__.py').is_file())\n"
    )
    # -S: no site-packages, so the editable install of the checkout cannot answer
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target)}, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    module_file, found = result.stdout.split()
    assert module_file.startswith(str(target))
    assert found == "True"


def test_the_wheel_ships_the_readme_as_the_in_app_user_guide(wheel):
    shipped = zipfile.ZipFile(wheel).read("placement_qa/resources/user-guide.md")
    assert shipped == (ROOT / "README.md").read_bytes()
