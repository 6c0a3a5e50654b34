"""Canvas benchmark: a 500-step flow, offscreen. Prints one JSON object (medians in ms).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_canvas.py [--steps 500] [--repeat 7]``

Measures
- ``open_to_first_paint_ms``: FlowDocument + FlowScene + FlowView shown, fitted and painted once;
- ``frame_pan_1to1_ms``: scroll 40 px at 100 % zoom and render the viewport into a QImage;
- ``frame_pan_zoomed_out_ms``: the same at the minimum zoom (the whole flow visible);
- ``relabel_all_counts_ms``: ``CountsOverlay.set_counts`` for every step, and
  ``relabel_all_counts_and_paint_ms``: that plus rendering the viewport.
Targets: open < 1000 ms, frames at 1:1 < 16 ms, relabel all < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.canvas.counts_overlay import CountsOverlay  # noqa: E402
from designer.canvas.layout import tidy_layout  # noqa: E402
from designer.canvas.scene import FlowScene  # noqa: E402
from designer.canvas.steptypes import ports_of  # noqa: E402
from designer.canvas.view import MIN_ZOOM, FlowView  # noqa: E402
from designer.document import FlowDocument  # noqa: E402
from runtime.service import Edge, Flow, Step  # noqa: E402

LANE_TYPES = [
    ("wait", {"duration": "PT1H"}, "next"),
    ("send_email", {"subject": "Hello {{ contact.first_name }}", "body": "Hi"}, "next"),
    ("condition", {"if": {"event": "purchase", "since": "entry"}}, "no"),
    ("send_sms", {"text": "Your cart is waiting"}, "next"),
    ("add_tag", {"tag": "nudged"}, "next"),
    ("send_push", {"title": "Still there?", "body": "Come back"}, "next"),
    ("update_contact", {"set": {"stage": "warm"}}, "next"),
]


def big_flow(n_steps: int) -> Flow:
    """A realistic wide flow: two levels of 5-way A/B splits feeding 25 lanes of mixed steps."""
    steps: list[Step] = []
    edges: list[Edge] = []
    groups = [{"name": g, "share": 20} for g in "abcde"]
    steps.append(Step("split", "ab_split", {"groups": groups}))
    lanes: list[tuple[str, str]] = []  # (last step id, port to continue from)
    for g in "abcde":
        sid = f"split_{g}"
        steps.append(Step(sid, "ab_split", {"groups": groups}))
        edges.append(Edge("split", sid, g))
        lanes.extend((sid, h) for h in "abcde")
    n = 0
    while len(steps) < n_steps:
        for lane, (last, port) in enumerate(lanes):
            if len(steps) >= n_steps:
                break
            type_, config, out_port = LANE_TYPES[(n + lane) % len(LANE_TYPES)]
            sid = f"s{len(steps)}"
            steps.append(Step(sid, type_, dict(config)))
            edges.append(Edge(last, sid, port))
            lanes[lane] = (sid, out_port)
        n += 1
    flow = Flow(name="Bench", trigger={"type": "event", "event": "signup"}, steps=steps, edges=edges)
    for step_id, pos in tidy_layout(flow, lambda s: ports_of(s.type, s.config)).items():
        flow.step(step_id).position = pos
    return flow


_frame: QImage | None = None


def render_viewport(view: FlowView) -> None:
    """Paint the viewport into a QImage (kept between frames, as a window's backing store is)."""
    global _frame
    viewport = view.viewport()
    if _frame is None or _frame.size() != viewport.size():
        _frame = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    viewport.render(_frame)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    template = big_flow(args.steps)

    open_times = []
    view: FlowView | None = None
    for _ in range(args.repeat):
        if view is not None:
            view.close()
            view.deleteLater()
            app.processEvents()
        flow = template.copy()
        t0 = time.perf_counter()
        doc = FlowDocument(flow)
        scene = FlowScene(doc)
        view = FlowView(scene)
        view.resize(1280, 800)
        view.show()
        view.fit_to_view()
        view.viewport().repaint()  # synchronous first paint
        app.processEvents()
        open_times.append(time.perf_counter() - t0)
    assert view is not None
    scene = view.flow_scene

    def pan_frames(zoom: float) -> list[float]:
        view.set_zoom(zoom)
        first = scene.steps_bounding_rect()
        view.centerOn(QPointF(first.left() + 600, first.center().y()))
        render_viewport(view)  # warm the item caches at this zoom
        times = []
        h = view.horizontalScrollBar()
        direction = 1
        for _ in range(args.frames):
            t0 = time.perf_counter()
            if h.value() + 40 > h.maximum() or h.value() - 40 < h.minimum():
                direction = -direction
            h.setValue(h.value() + 40 * direction)
            render_viewport(view)
            times.append(time.perf_counter() - t0)
        return times

    frames_1to1 = pan_frames(1.0)
    frames_out = pan_frames(MIN_ZOOM)

    view.set_zoom(1.0)
    overlay = CountsOverlay(scene)
    ids = doc_ids = [s.id for s in view.document.flow.steps]
    relabel, relabel_paint = [], []
    for k in range(args.repeat * 3):
        counts = {sid: {"entered": 100 + k + i, "waiting": k, "completed": 90 + i, "failed": k % 3} for i, sid in enumerate(ids)}
        t0 = time.perf_counter()
        overlay.set_counts(counts)
        t1 = time.perf_counter()
        render_viewport(view)
        t2 = time.perf_counter()
        relabel.append(t1 - t0)
        relabel_paint.append(t2 - t0)
    result = {
        "steps": len(doc_ids),
        "edges": len(view.document.flow.edges),
        "viewport": [view.viewport().width(), view.viewport().height()],
        "open_to_first_paint_ms": ms(statistics.median(open_times)),
        "frame_pan_1to1_ms": ms(statistics.median(frames_1to1)),
        "frame_pan_1to1_p95_ms": ms(sorted(frames_1to1)[int(len(frames_1to1) * 0.95) - 1]),
        "frame_pan_zoomed_out_ms": ms(statistics.median(frames_out)),
        "zoomed_out_scale": MIN_ZOOM,
        "relabel_all_counts_ms": ms(statistics.median(relabel)),
        "relabel_all_counts_and_paint_ms": ms(statistics.median(relabel_paint)),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "targets": {"open_ms": 1000, "frame_1to1_ms": 16, "relabel_all_ms": 50},
    }
    print(json.dumps(result, indent=2))
    view.close()


if __name__ == "__main__":
    main()
