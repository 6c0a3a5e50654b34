"""The layering rules of design.md section 1, checked by import-linter."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken" in result.stdout


def test_runtime_imports_without_qt() -> None:
    code = (
        "import sys, runtime.cli.main, runtime.storage.db, runtime.flow.model;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','qasync','designer','pyqtgraph')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _runtime_parts() -> set[str]:
    """Every top-level package and module of ``runtime`` (what ``ls runtime`` shows)."""
    parts = set()
    for path in (ROOT / "runtime").iterdir():
        if path.is_dir() and (path / "__init__.py").exists():
            parts.add(f"runtime.{path.name}")
        elif path.suffix == ".py" and path.stem != "__init__":
            parts.add(f"runtime.{path.stem}")
    return parts


@pytest.mark.parametrize("source,allowed", [
    ("designer", {"runtime.service"}),
    ("runtime.cli", {"runtime.service", "runtime.cli"}),
])
def test_front_ends_have_one_door(source: str, allowed: set[str]) -> None:
    """The front ends' contracts are allowlists: a new runtime part is forbidden until listed here."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c.get("source_modules") == [source]]
    missing = _runtime_parts() - allowed - set(contract["forbidden_modules"])
    assert not missing, f"{source} may import {sorted(missing)}: add them to its contract in pyproject.toml"
