"""The designer runs the open project: contacts advance without the CLI, the canvas counts equal
`flowcanvas stats`, a second runner is refused with the designer named, fast-forward, clean stop."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from live_helpers import T0, live_project, live_window, run_in_window, until

from runtime.cli.main import main
from runtime.service import current_holder
from runtime.storage.db import open_project


def _stats(capsys: pytest.CaptureFixture[str], path: Path) -> dict:
    capsys.readouterr()
    assert main(["stats", str(path), "Welcome", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_open_designer_alone_advances_contacts_and_counts_equal_cli_stats(
        qtbot, qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "live.fcproj"
    flow_id = live_project(path, 30)
    loop, window = live_window(qtbot, qapp, tmp_path)

    async def scenario() -> None:
        assert window.open_project(path)
        controller = window.runtime.controller
        await until(lambda: controller.state == "running", what="the runner to start")
        window.open_flow(flow_id)
        await until(lambda: flow_id in window.editors, what="the flow tab")
        editor = window.editors[flow_id]
        # nobody ran the CLI: the designer's runner took the signups in; they wait an hour
        await until(lambda: editor.counts.counts.get("hold") == (30, 30, 0, 0), what="30 waiting at hold")
        widget = window.runtime.widget
        assert "Running" in widget.state_label.text() and "virtual 2026-03-02" in widget.detail_label.text()

        # a second runner on the same file is refused, naming the designer
        capsys.readouterr()
        assert main(["run", str(path), "--once"]) != 0
        assert "running in the designer on host" in capsys.readouterr().err

        # fast-forward the virtual clock past the wait: everyone moves on
        controller.fast_forward(T0 + timedelta(hours=2))
        await until(lambda: editor.counts.counts.get("tagged") == (30, 0, 30, 0), what="30 tagged")
        await until(lambda: controller.status.state == "running", what="running again after fast-forward")
        stats = _stats(capsys, path)
        for step_id, row in stats["steps"].items():
            assert editor.counts.counts[step_id] == (row["entered"], row["waiting"], row["completed"], row["failed"])
        assert stats["flow"]["completed"] == 30
        await until(lambda: editor.counts.edge_count("hold") == 30, what="30 on the edge hold -> tagged")
        await until(lambda: "30 completed" in editor.live_label.text(), what="the header to show completions")

    run_in_window(loop, window, scenario)
    project = open_project(path)
    try:
        assert current_holder(project) is None  # stopped cleanly: the lease was released
    finally:
        project.close()


def test_the_runner_moves_20000_contacts_off_the_gui_thread_while_the_window_keeps_running(
        qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 contacts move into a wait and, after a fast-forward, on to a tag step, while the
    designer shows the flow with live counts. Every unit of engine work (tick or fast-forward
    slice) runs off the GUI thread and the window's event loop keeps turning all along.

    How long the loop may stall is a speed target, measured by ``bench/bench_live.py`` (not here:
    a timed assertion fails on a loaded machine for reasons that are not the product's).
    """
    import threading

    from live_helpers import StallProbe, bulk_entered

    from runtime.service import EmbeddedRuntime

    work_threads: list[threading.Thread] = []
    for name in ("run_tick", "_advance_to"):
        original = getattr(EmbeddedRuntime, name)

        def recorded(self, *args, _original=original, **kwargs):
            work_threads.append(threading.current_thread())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(EmbeddedRuntime, name, recorded)

    contacts = 20_000  # enough for many ticks and relabels; the stall target itself is bench_live's
    path = tmp_path / "big.fcproj"
    flow_id = bulk_entered(path, contacts)
    loop, window = live_window(qtbot, qapp, tmp_path)
    probe = StallProbe()

    async def scenario() -> None:
        assert window.open_project(path)
        window.open_flow(flow_id)
        await until(lambda: flow_id in window.editors, what="the flow tab")
        editor = window.editors[flow_id]
        probe.start()
        await until(lambda: editor.counts.counts.get("hold", (0, 0))[1] == contacts, 300, "everyone waiting")
        window.runtime.controller.fast_forward(T0 + timedelta(hours=2))
        await until(lambda: editor.counts.counts.get("tagged", (0, 0, 0))[2] == contacts, 300, "everyone tagged")
        probe.stop()

    run_in_window(loop, window, scenario)
    gui = threading.current_thread()
    assert work_threads, "the runner did no engine work"
    assert all(thread is not gui for thread in work_threads), "engine work ran on the GUI thread"
    assert len(probe.gaps) > 100  # the window's event loop kept turning while the contacts moved
