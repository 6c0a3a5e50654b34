"""Copy and paste steps as flow-file JSON on the system clipboard.

A copied selection is a small flow file (format ``flowcanvas/1``: the steps with their configs
and positions, and the edges among them), put on the clipboard under :data:`MIME_TYPE` and as
plain text. So paste works between flows, between windows and between FlowCanvas processes, and
pasting into a text editor shows readable JSON; a flow file's text copied from an editor pastes
as steps too.

API: ``fragment_to_mime(fragment)``, ``fragment_from_mime(mime) -> Flow | None``,
``copy_steps(document, step_ids, clipboard=None) -> int``,
``clipboard_fragment(clipboard=None) -> Flow | None``,
``paste_command(document, fragment, at=None) -> PasteCommand`` (``at``: scene point for the
fragment's top-left; default: where the copied steps were, shifted until nothing overlaps).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, QStringListModel
from PySide6.QtGui import QClipboard, QGuiApplication

from designer.commands import PasteCommand, fragment_of
from designer.document import FlowDocument
from runtime.service import Flow, InputError, dumps_flow, flow_from_dict

MIME_TYPE = "application/x-flowcanvas-fragment+json"
PASTE_OFFSET = 40.0


def _qt_made_mime_data() -> QMimeData:
    """An empty QMimeData allocated by Qt itself rather than by Python.

    ``QMimeData()`` called from Python builds PySide's C++ subclass, whose destructor calls back
    into the interpreter. The clipboard takes ownership of what it is given, and Qt's generic
    clipboard (the offscreen and minimal platforms) keeps it in a process-wide static that is
    only freed by the C runtime's exit handlers, after Python has finalized: deleting a
    Python-made QMimeData there segfaults. A plain QMimeData made by Qt (here by an item model,
    the one public factory) never calls into Python when it dies, whoever deletes it, whenever.
    """
    model = QStringListModel([""])
    mime = model.mimeData([model.index(0, 0)])
    for fmt in mime.formats():
        mime.removeFormat(fmt)  # the model's own row format
    return mime


def fragment_to_mime(fragment: Flow) -> QMimeData:
    """Clipboard data for a fragment: our MIME type plus the same JSON as text.

    The QMimeData is owned by nobody until handed to a clipboard or a drag, which take it.
    """
    text = dumps_flow(fragment)
    mime = _qt_made_mime_data()
    mime.setData(MIME_TYPE, text.encode("utf-8"))
    mime.setText(text)
    return mime


def fragment_from_mime(mime: QMimeData | None) -> Flow | None:
    """The fragment on the clipboard, or None when it holds no flow JSON."""
    if mime is None:
        return None
    if mime.hasFormat(MIME_TYPE):
        text = bytes(mime.data(MIME_TYPE).data()).decode("utf-8", "replace")
    elif mime.hasText():
        text = mime.text()
        if '"flowcanvas/1"' not in text:
            return None  # ordinary text: not worth parsing
    else:
        return None
    try:
        fragment = flow_from_dict(json.loads(text), "<clipboard>")
    except (ValueError, InputError):
        return None
    return fragment if fragment.steps else None


def _clipboard(clipboard: QClipboard | None) -> QClipboard:
    return clipboard if clipboard is not None else QGuiApplication.clipboard()


def copy_steps(document: FlowDocument, step_ids: Iterable[str], clipboard: QClipboard | None = None) -> int:
    """Put those steps (and the edges among them) on the clipboard; returns how many."""
    fragment = fragment_of(document.flow, step_ids)
    if not fragment.steps:
        return 0
    fragment.name = QCoreApplication.translate("canvas.clipboard",
            "Steps copied from {name}").format(name=document.flow.name) if document.flow.name \
            else QCoreApplication.translate("canvas.clipboard", "Copied steps")
    _clipboard(clipboard).setMimeData(fragment_to_mime(fragment))
    return len(fragment.steps)


def clipboard_fragment(clipboard: QClipboard | None = None) -> Flow | None:
    """The fragment currently on the clipboard (None when there is none)."""
    return fragment_from_mime(_clipboard(clipboard).mimeData())


def _top_left(fragment: Flow) -> tuple[float, float]:
    xs = [s.position[0] for s in fragment.steps if s.position is not None]
    ys = [s.position[1] for s in fragment.steps if s.position is not None]
    return (min(xs) if xs else 0.0, min(ys) if ys else 0.0)


def paste_command(document: FlowDocument, fragment: Flow, at: QPointF | None = None) -> PasteCommand:
    """A PasteCommand placing ``fragment`` at ``at`` or, by default, just off any overlap."""
    for step in fragment.steps:
        if step.position is None:
            step.position = (0.0, 0.0)
    if at is not None:
        x0, y0 = _top_left(fragment)
        offset = (round((at.x() - x0) / 20) * 20, round((at.y() - y0) / 20) * 20)
    else:
        taken = {s.position for s in document.flow.steps if s.position is not None}
        k = 0
        while any(
            (s.position[0] + k * PASTE_OFFSET, s.position[1] + k * PASTE_OFFSET) in taken
            for s in fragment.steps
            if s.position is not None
        ):
            k += 1
        offset = (k * PASTE_OFFSET, k * PASTE_OFFSET)
    return PasteCommand(document, fragment, offset)
