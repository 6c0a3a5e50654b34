"""Fixtures for designer tests: documents, a shown canvas, the abandoned-cart flow, leak checks.

``no_leaked_widgets`` (autouse, napari-style) fails a test that leaves a top-level widget alive:
register windows with ``qtbot.addWidget`` (pytest-qt closes and deletes them) or close and
delete them yourself.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
from PySide6.QtWidgets import QApplication

from designer.canvas.scene import FlowScene
from designer.canvas.view import FlowView
from designer.document import FlowDocument
from designer.i18n import current_language, install_translator
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


def _live_threads() -> set[int]:
    """Our worker threads (bridge, runner) and any running QThread."""
    threads = {id(t) for t in threading.enumerate() if t.name.startswith("flowcanvas")}
    qthreads = {id(o) for o in gc.get_objects() if isinstance(o, QThread) and o.isRunning()}
    return threads | qthreads


def _active_timers() -> set[int]:
    """QTimers still ticking whose owner is gone or never existed (they fire into freed objects)."""
    found = set()
    for o in gc.get_objects():
        if isinstance(o, QTimer):
            try:
                if o.isActive():
                    found.add(id(o))
            except RuntimeError:  # its C++ object is already deleted
                continue
    return found


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """Fail the test when it leaves new top-level widgets, worker threads or timers behind."""
    before = _live_top_levels()
    threads_before = _live_threads()
    timers_before = _active_timers()
    # as the app does (designer.app.collect_on_gui_thread): no automatic collection while the
    # test runs, so a cycle holding Qt objects is never destroyed on a worker thread (that
    # crashed the test process at random, long after the test that made the garbage)
    collecting = gc.isenabled()
    gc.disable()
    yield
    # let deleteLater() from pytest-qt's teardown (which runs before this) do its work
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()  # this test's garbage dies here, on the GUI thread
    if collecting:
        gc.enable()
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
    leaked_threads = [
        t.name for t in threading.enumerate()
        if t.name.startswith("flowcanvas") and id(t) not in threads_before
    ]
    if leaked_threads or (_live_threads() - threads_before):
        pytest.fail(f"test left worker threads running: {leaked_threads or 'a QThread'}")
    leaked_timers = _active_timers() - timers_before
    if leaked_timers:
        pytest.fail(f"test left {len(leaked_timers)} QTimer(s) running")


@pytest.fixture(autouse=True)
def english_interface(qapp: QApplication) -> Iterator[None]:
    """Every test starts and ends in English (a test that switches the language, as the settings
    dialog does, must not leave the next test reading Russian)."""
    yield
    if current_language() != "en":
        install_translator(qapp, "en")


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


@pytest.fixture
def russian(qapp: QApplication) -> Iterator[None]:
    """The interface in Russian for one test, English again afterwards."""
    assert install_translator(qapp, "ru"), "the Russian catalogue did not load (pyside6-lrelease missing?)"
    try:
        yield
    finally:
        install_translator(qapp, "en")
