"""Fixtures for designer tests: documents, a shown canvas, the abandoned-cart flow, leak checks.

``no_leaked_widgets`` (autouse, napari-style) fails a test that leaves a top-level widget alive:
register windows with ``qtbot.addWidget`` (pytest-qt closes and deletes them) or close and
delete them yourself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from designer.canvas.scene import FlowScene
from designer.canvas.view import FlowView
from designer.document import FlowDocument
from runtime.service import Flow

from designer_flows import abandoned_cart_flow

# Qt creates these helpers itself and keeps them for the whole process.
_QT_OWNED = {"QTipLabel", "QComboBoxPrivateContainer", "QShapedPixmapWidget"}


def _live_top_levels() -> set[int]:
    return {
        id(w)
        for w in QApplication.topLevelWidgets()
        if type(w).__name__ not in _QT_OWNED and w.objectName() != "qt_scrollarea_viewport"
    }


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """Fail the test when it leaves new top-level widgets behind."""
    before = _live_top_levels()
    yield
    # let deleteLater() from pytest-qt's teardown (which runs before this) do its work
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    leaked = [
        w
        for w in QApplication.topLevelWidgets()
        if id(w) not in before and id(w) in _live_top_levels()
    ]
    if leaked:
        names = ", ".join(f"{type(w).__name__}({w.objectName()!r})" for w in leaked)
        for w in leaked:  # do not poison the next test
            w.close()
            w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pytest.fail(f"test leaked top-level widgets: {names}")


@pytest.fixture
def document(qapp: QApplication) -> FlowDocument:
    """An empty flow document named "Test flow"."""
    return FlowDocument(Flow(name="Test flow"))


@pytest.fixture
def scene(document: FlowDocument) -> Iterator[FlowScene]:
    s = FlowScene(document)
    yield s
    s.set_document(None)
    s.deleteLater()


@pytest.fixture
def view(qtbot, scene: FlowScene) -> FlowView:  # noqa: ANN001 - qtbot is pytest-qt's
    """A shown 1000x700 FlowView on ``scene`` at 100 % zoom."""
    v = FlowView(scene)
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def cart_flow() -> Flow:
    return abandoned_cart_flow()
