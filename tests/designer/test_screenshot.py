"""A real window under Xvfb: the main window with a 12-step flow saved as a PNG and checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def test_main_window_screenshot_under_xvfb() -> None:
    xvfb = shutil.which("xvfb-run")
    assert xvfb, "xvfb-run is missing: run `make system-deps` (the Makefile installs xvfb)"
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "main_window.png"
    out.unlink(missing_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [xvfb, "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "designer.screenshot", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert out.exists() and out.stat().st_size > 50_000

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    # not one colour: sample a grid and expect many distinct colours (cards, text, panels)
    colours = {image.pixel(x, y) for x in range(0, 1600, 23) for y in range(0, 1000, 19)}
    assert len(colours) > 40
    # the canvas (middle) is not blank: it holds cards of several colours
    canvas = {image.pixel(x, y) for x in range(300, 1150, 7) for y in range(250, 800, 7)}
    assert len(canvas) > 15
