"""Running the CLI in-process from tests: exit code and output, and the project file's hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from runtime.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """``flowcanvas ARGV...`` in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    """The SHA-256 of a file: equal before and after means a command changed nothing."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def project_with_contacts(tmp_path: Path, capsys: pytest.CaptureFixture[str], csv_text: str) -> Path:
    """A new project at ``tmp_path/p.fcproj`` with the contacts of ``csv_text`` imported."""
    path = tmp_path / "p.fcproj"
    csv = tmp_path / "c.csv"
    csv.write_text(csv_text, encoding="utf-8")
    assert run(capsys, "init", path)[0] == 0
    assert run(capsys, "contacts", "import", path, csv)[0] == 0
    return path
