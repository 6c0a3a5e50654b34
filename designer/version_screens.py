"""Save PNGs of the impact preview and the version diff (for the README and their test).

Usage::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m designer.version_screens OUTDIR

A demo project's 12-step flow runs for 6 days (``designer.screenshot.populate_demo``); then its
draft is edited as a marketer would (the SMS nudge deleted, a Telegram message reworded, a tag
step added) and Publish changes is pressed: ``OUTDIR/impact_preview.png`` shows the preview.
The edit is published and Compare versions opens v1 against v2: ``OUTDIR/version_diff.png``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from designer.screenshot import _spin, populate_demo
from runtime.service import Edge, ProjectService, Step


def edit_live_flow(project: Path, flow_id: int) -> None:
    """Delete the SMS nudge, reword the Telegram nudge, add a tag step: a typical live edit."""
    with ProjectService.open(project) as service:
        flow = service.get_flow(flow_id).draft
        flow.steps = [s for s in flow.steps if s.id != "sms"]
        flow.edges = [e for e in flow.edges if "sms" not in (e.source, e.target)]
        flow.edges.append(Edge("ab", "telegram", "sms"))
        flow.step("telegram").config["text"] = "{{ contact.first_name }}, your cart is about to expire"
        tag_type = flow.step("tag_buyer").type  # a tag step like the one for buyers
        flow.steps.append(Step("tag_nudged", tag_type, {"tag": "nudged"}, name="Tag as nudged"))
        flow.edges = [e for e in flow.edges if not (e.source == "telegram" and e.target == "wait_2d")]
        flow.edges += [Edge("telegram", "tag_nudged"), Edge("tag_nudged", "wait_2d")]
        service.save_draft(flow_id, flow)


def take(outdir: Path) -> list[Path]:
    """Write ``impact_preview.png`` and ``version_diff.png`` into ``outdir``."""
    from designer.app import make_app
    from designer.main_window import MainWindow

    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="flowcanvas-versions-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    project = tmp / "demo.fcproj"
    flow_id = populate_demo(project)
    edit_live_flow(project, flow_id)
    window = MainWindow(settings)
    window.resize(1600, 1000)
    window.show()
    window.open_project(project)
    window.open_flow(flow_id)
    _spin(app, 10, lambda: window.current_editor() is not None)
    editor = window.current_editor()
    assert editor is not None, "the flow did not open"
    editor.view.tidy_layout()
    editor.view.fit_to_view()
    _spin(app, 2.0, lambda: bool(editor.info.active_by_version))
    outdir.mkdir(parents=True, exist_ok=True)
    editor.publish()
    _spin(app, 10, lambda: getattr(editor, "impact_dialog", None) is not None and editor.impact_dialog.isVisible())
    _spin(app, 0.5)
    impact = outdir / "impact_preview.png"
    _save(editor.impact_dialog.grab(), impact)
    editor.impact_dialog.publish_button.click()
    _spin(app, 10, lambda: editor.info.version == 2)
    editor.compare_versions()
    _spin(app, 1.0)
    diff = outdir / "version_diff.png"
    _save(editor.diff_dialog.grab(), diff)
    editor.diff_dialog.close()
    window.close()
    _spin(app, 0.2)
    shutil.rmtree(tmp, ignore_errors=True)
    return [impact, diff]


def _save(pixmap, path: Path) -> None:  # a QPixmap
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", help="folder for impact_preview.png and version_diff.png")
    args = parser.parse_args(argv)
    for path in take(Path(args.outdir)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
