"""Live operations in the designer: GUI stalls while the embedded runtime works, and canvas relabels.

Prints one JSON document:

- ``stall``: the designer opens a project (virtual clock) into whose active flow N contacts just
  entered (N = ``--contacts``, 100,000 by default; entered in bulk, as a segment or a manual add
  enters them), with the flow's tab open and its counts live. The designer's own runner moves
  everyone into a 1 h wait, then the user fast-forwards 2 h and everyone moves on to a tag step. A 5 ms QTimer probe records the longest time the GUI event
  loop went without running it (``longest_stall_ms``, target under 100 ms) and the 99th
  percentile of its gaps; ``seconds`` is the wall time from opening the project until the canvas
  showed all N tagged; ``idle_longest_stall_ms`` is the same probe on the idle window just before
  (what the machine's load alone costs).
- ``relabel``: a 1,000-step flow on the canvas; every step's four counts and every edge's count
  change at once; median time to apply them plus a repaint of the viewport
  (``relabel_and_paint_ms``, target under 50 ms) over ``--repeat`` rounds, and the process's CPU
  time for it (``relabel_and_paint_cpu_ms``: on a machine other jobs load, the wall time includes
  waiting for a core; the CPU time is what the work costs).

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_live.py [--contacts 100000] [--repeat 15]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "designer"), str(ROOT / "bench")]

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.app import collect_on_gui_thread, make_app, settle_heap  # noqa: E402
from designer.main_window import MainWindow  # noqa: E402
from designer.runtime_status import drain_runners  # noqa: E402
from live_helpers import T0, StallProbe, bulk_entered, close_loop, idle_stall_ms, new_qasync_loop, until  # noqa: E402


def bench_stall(app: QApplication, contacts: int, tmp: Path) -> dict[str, object]:
    path = tmp / "live.fcproj"
    flow_id = bulk_entered(path, contacts)
    loop = new_qasync_loop(app)
    window = MainWindow(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    probe = StallProbe()
    settle_heap()  # as the designer's main() does once its window shows
    collector = collect_on_gui_thread()  # so does this: garbage collected on the GUI thread only
    marks: dict[str, float] = {}

    async def scenario() -> None:
        marks["idle_ms"] = await idle_stall_ms()
        t0 = marks["t0"] = time.perf_counter()
        assert window.open_project(path)  # opening (migrations) is the user's wait, not a stall
        window.open_flow(flow_id)
        await until(lambda: flow_id in window.editors, 60, "the flow tab")
        editor = window.editors[flow_id]
        probe.start()
        await until(lambda: editor.counts.counts.get("hold", (0, 0))[1] == contacts, 600, "everyone waiting")
        marks["entered_s"] = time.perf_counter() - t0
        window.runtime.controller.fast_forward(T0 + timedelta(hours=2))
        await until(lambda: editor.counts.counts.get("tagged", (0, 0, 0))[2] == contacts, 600, "everyone tagged")
        marks["seconds"] = time.perf_counter() - t0
        probe.stop()
        window.close_project()
        await drain_runners()

    try:
        loop.run_until_complete(scenario())
    finally:
        window.close()
        window.deleteLater()
        close_loop(loop)
        collector.timer.stop()
    gaps = sorted(probe.gaps)
    return {
        "contacts": contacts,
        "longest_stall_ms": probe.longest_ms,
        "idle_longest_stall_ms": marks["idle_ms"],  # the same probe on the idle window: the machine's load
        "p99_gap_ms": round(gaps[int(len(gaps) * 0.99)] * 1000, 1) if gaps else 0.0,
        "probe_beats": len(gaps),
        "worst_at_s": round(probe.worst_at - marks["t0"], 2),
        "entered_seconds": round(marks["entered_s"], 2),
        "seconds": round(marks["seconds"], 2),
        "target_ms": 100,
    }


def bench_relabel(app: QApplication, steps: int, repeat: int) -> dict[str, object]:
    from bench_canvas import big_flow, render_viewport

    from designer.canvas.counts_overlay import CountsOverlay
    from designer.canvas.scene import FlowScene
    from designer.canvas.view import FlowView
    from designer.document import FlowDocument

    flow = big_flow(steps)
    view = FlowView(FlowScene(FlowDocument(flow)))
    view.resize(1280, 800)
    view.show()
    view.set_zoom(1.0)
    app.processEvents()
    overlay = CountsOverlay(view.flow_scene)
    ids = [s.id for s in flow.steps]
    ports = {(e.source, e.port) for e in flow.edges}
    apply_ms, total_ms, total_cpu_ms = [], [], []
    for k in range(repeat):
        counts = {sid: {"entered": 100 + k + i, "waiting": k, "completed": 90 + i, "failed": k % 3}
                  for i, sid in enumerate(ids)}
        edges: dict[str, dict[str, int]] = {}
        for source, port in ports:
            edges.setdefault(source, {})[port] = 50 + k
        t0, c0 = time.perf_counter(), time.process_time()
        overlay.set_counts(counts, edges)
        t1 = time.perf_counter()
        render_viewport(view)
        t2, c2 = time.perf_counter(), time.process_time()
        apply_ms.append((t1 - t0) * 1000)
        total_ms.append((t2 - t0) * 1000)
        total_cpu_ms.append((c2 - c0) * 1000)
    view.close()
    return {"steps": len(ids), "edges": len(flow.edges), "relabel_ms": round(statistics.median(apply_ms), 2),
            "relabel_and_paint_ms": round(statistics.median(total_ms), 2),
            # the process's own CPU time for the same work: what the wall time is on a quiet machine
            "relabel_and_paint_cpu_ms": round(statistics.median(total_cpu_ms), 2),
            "rounds": repeat, "target_ms": 50}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-stall", action="store_true")
    args = parser.parse_args()
    app = make_app()
    result: dict[str, object] = {"relabel": bench_relabel(app, args.steps, args.repeat)}
    if not args.skip_stall:
        with tempfile.TemporaryDirectory() as tmp:
            result["stall"] = bench_stall(app, args.contacts, Path(tmp))
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
