"""``flowcanvas --smoke`` from source: the code path ``make bundle-test`` runs inside the bundle.

A child process (``python main.py --smoke``, as the bundled binary is started) creates the demo
project, opens it in the main window offscreen, fast-forwards one virtual day through the
window's embedded runtime and prints one JSON line; the exit code says whether it all worked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from runtime.engine.lease import current_holder
from runtime.storage.db import head_revision, open_project

ROOT = Path(__file__).resolve().parents[2]


def _smoke(workdir: Path, *extra: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "main.py", "--smoke", "--dir", str(workdir), *extra], cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
                          timeout=400)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout + proc.stderr  # one JSON summary, nothing else on stdout
    return proc.returncode, json.loads(lines[0]), proc.stderr


def test_smoke_mode_runs_a_virtual_day_of_the_demo_in_the_window(tmp_path: Path) -> None:
    code, summary, err = _smoke(tmp_path)
    assert code == 0, (summary, err)
    assert summary["ok"] is True and summary["problems"] == []
    # the day's 24 sign-ups entered Welcome, the 12 cart adds Abandoned cart, and messages went to the
    # sandbox (the demo's live customers, active while the runner ticks in real time, may add a few)
    assert summary["flows"]["Welcome"]["entered"] >= 24
    assert summary["flows"]["Abandoned cart"]["entered"] >= 12
    assert summary["steps"] > 0 and summary["messages"] > 0
    # the clock moved one day; the window had the flow's canvas open beside the board
    assert summary["to"] > summary["from"]
    assert summary["window"]["tabs"] == 2 and summary["window"]["runner"] == "running"
    assert summary["schema"] == head_revision()  # the migrations ran up to the newest
    assert summary["bundled"] is False  # from source; `make bundle-test` runs the same inside the bundle
    # the window's runner let go of the project when the window closed
    project = open_project(tmp_path / "demo.fcproj")
    try:
        assert current_holder(project) is None
    finally:
        project.close()


def test_smoke_mode_fails_loudly_when_the_day_cannot_run(tmp_path: Path) -> None:
    code, summary, _ = _smoke(tmp_path, "--days", "0")  # no day to run: the fast-forward is refused
    assert code == 1
    assert summary["ok"] is False
    assert any("fast-forward failed" in problem for problem in summary["problems"])
