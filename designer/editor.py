"""One flow open for editing: the canvas with its toolbar, header and live counts.

The editor owns the flow's :class:`~designer.document.FlowDocument` (and so its undo stack),
the scene and view, a :class:`~designer.problems.ProblemChecker` and the live-count overlay.
Saving, publishing and the lifecycle buttons go through the bridge. Editing a live (active or
paused) flow changes its draft only; the banner says so, and publishing makes a new version
while contacts already inside stay on the version they entered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs, webhook_approval, widgets
from designer.board_table import LIVE_STATUSES, STATUS_COLORS, status_label
from designer.bridge import RuntimeBridge
from designer.canvas.counts_overlay import CountsOverlay
from designer.canvas.scene import FlowScene
from designer.canvas.view import FlowView
from designer.counts import counted
from designer.document import FlowDocument
from designer.flow_layout import FlowLayout, stretchy
from designer.impact_dialog import ImpactDialog
from designer.problems import ProblemChecker
from designer.send_test import SendTestTools
from designer.stuck_inspector import LiveTools
from designer.trial_dialogs import RehearseDialog, TestContactDialog
from designer.version_diff import VersionDiffDialog
from runtime.service import ChangeSet, FlowInfo, FlowStats, FlowStatus, get_step_type

_plural = counted  # "5 errors" / "5 ошибок"


#: Below this height the live banner shrinks to one sentence (the canvas needs the room).
COMPACT_HEIGHT = 420


class FlowEditorWidget(QWidget):
    """A canvas tab: header, toolbar, live banner and the canvas of one flow."""

    #: The tab title changed (flow name, with a "•" while modified).
    title_changed = Signal(str)
    #: Something worth a status bar message happened.
    message = Signal(str)
    #: Publishing was refused because of errors (the window shows the problems panel).
    publish_blocked = Signal()
    #: The user asked to import a flow file (handled by the main window).
    import_requested = Signal()
    #: Status or version changed (the window updates its actions).
    info_changed = Signal()

    def __init__(self, bridge: RuntimeBridge, info: FlowInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FlowEditor")
        self.bridge = bridge
        self.info = info
        self.flow_id = info.id
        self.stats: FlowStats | None = None
        self.closing = False
        self.document = FlowDocument(info.draft, self)
        self.scene = FlowScene(self.document, self)
        self.view = FlowView(self.scene)
        self.view.setObjectName("FlowView")
        self.counts = CountsOverlay(self.scene)
        self.checker = ProblemChecker(self.document, self)
        self.impact_shown = False  # the impact preview was accepted: the next publish goes ahead
        self.live_tools = LiveTools(self)  # stuck contacts from a card's menu; clicks on counts
        self.send_test = SendTestTools(self)  # "Send me a test" on a message step's menu

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.banner = self._banner()
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)

        self.checker.checked.connect(self._checked)
        self.document.modified_changed.connect(lambda _m: self._update_title())
        self.document.modified_changed.connect(lambda _m: self._update_publish_enabled())
        self.document.flow_changed.connect(self._flow_attr_changed)
        self.scene.status_message.connect(self.message)
        bridge.changed.connect(self._on_change)
        bridge.stats_changed.connect(self._on_stats)
        self._checked(self.checker.report)
        self._call(self.bridge.api.lint_context, self.flow_id, on_done=self.checker.set_lint_context, on_error=lambda _e: None)
        self._update_info()
        self._fitted = False

    def showEvent(self, event: Any) -> None:  # Qt override
        super().showEvent(event)
        if not self._fitted:
            # the view has its real size only once shown: fit the whole flow then
            self._fitted = True
            QTimer.singleShot(0, self.view.fit_to_view)

    # -- layout --------------------------------------------------------------------------------

    def _header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("EditorHeader")
        # left: name, status and version over a line of live numbers; right: the tool bar, which
        # moves under the names when both do not fit (a laptop screen, 150 % scaling)
        row = FlowLayout(header, spacing=10)
        row.setContentsMargins(16, 6, 10, 6)
        titles_box = QWidget()
        titles = QVBoxLayout(titles_box)
        titles.setContentsMargins(0, 0, 0, 0)
        titles.setSpacing(0)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.name_label = widgets.ElidedLabel()  # a long name ends in "…" instead of widening the window
        self.name_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.name_label.setObjectName("EditorFlowName")
        self.name_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        top.addWidget(self.name_label)
        self.status_pill = QLabel()
        self.status_pill.setObjectName("EditorStatus")
        self.status_pill.setProperty("role", "pill")
        top.addWidget(self.status_pill)
        self.version_label = QLabel()
        self.version_label.setProperty("role", "subtitle")
        top.addWidget(self.version_label)
        top.addStretch(1)
        titles.addLayout(top)
        self.live_label = QLabel()
        self.live_label.setObjectName("EditorLiveCounts")
        self.live_label.setProperty("role", "hint")
        self.live_label.setWordWrap(True)  # a narrow canvas gets the numbers on two lines
        self.live_label.hide()
        titles.addWidget(self.live_label)
        row.addWidget(stretchy(titles_box))

        row.addWidget(self._build_toolbar())
        row.addWidget(self.try_bar)
        row.addWidget(self.view_bar)
        return header

    def _build_toolbar(self) -> QToolBar:
        """The editor's actions: save and lifecycle (``toolbar``), export and the "Try" menu (``try_bar``)."""
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("EditorToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar { border: none; background: transparent; padding: 0; }")
        self.actions_: dict[str, QAction] = {}
        # undo/redo live in the main tool bar (the window's QUndoGroup follows the current tab)
        self.actions_["undo"] = self._action("undo", self.tr("Undo"), self.document.undo_stack.undo)
        self.actions_["redo"] = self._action("redo", self.tr("Redo"), self.document.undo_stack.redo)
        # importing makes a new flow: File > Import flow and the main tool bar have it, not this header
        # Ctrl+S is the main window's (it must work while typing in the inspector too)
        self.toolbar.addAction(self._action("save", self.tr("Save draft"), self.save,
                                            tip=self.tr("Save the draft (Ctrl+S); running contacts are not affected")))
        self.toolbar.addAction(self._action("pause", self.tr("Pause"), self.pause, tip=self.tr("Hold every contact where it is")))
        self.toolbar.addAction(self._action("resume", self.tr("Resume"), self.resume,
                tip=self.tr("Continue from where contacts were held")))
        self.toolbar.addAction(self._action("activate", self.tr("Activate"), self.activate,
                tip=self.tr("Publish and start letting contacts in")))
        self.toolbar.addAction(self._action("publish", self.tr("Publish"), self.publish,
                                            tip=self.tr("Publish the draft as a new version (blocked while errors remain)")))
        # trying and comparing share one menu button: the tool bar must fit beside the inspector
        try_menu = QMenu(self)
        try_menu.addAction(self._action("test_contact", self.tr("Test with a contact…"), self.test_with_contact,
                                        tip=self.tr("Walk one contact through the flow on a virtual clock (nothing is sent)")))
        try_menu.addAction(self._action("rehearse", self.tr("Rehearse the next days…"), self.rehearse,
                                        tip=self.tr("Predict the next days on a copy of the contacts (nothing is sent)")))
        try_menu.addAction(self._action("compare", self.tr("Compare versions…"), self.compare_versions,
                                        tip=self.tr("Show what changed between two versions on the canvas")))
        try_button = QToolButton()
        try_button.setObjectName("EditorTryButton")
        try_button.setText(self.tr("Try"))
        try_button.setMenu(try_menu)
        try_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # export and trying in their own bar: on a narrow screen it wraps below the lifecycle buttons
        self.try_bar = QToolBar()
        self.try_bar.setObjectName("EditorTryBar")
        self.try_bar.setStyleSheet(self.toolbar.styleSheet())
        self.try_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.try_bar.addAction(self._action("export", self.tr("Export…"), self.export,
                tip=self.tr("Export this flow to a flow file")))
        self.try_bar.addWidget(try_button)
        # the canvas's own fit and tidy (they act on the view below), in a bar that wraps alone
        self.view_bar = QToolBar()
        self.view_bar.setObjectName("EditorViewBar")
        self.view_bar.setStyleSheet(self.toolbar.styleSheet())
        self.view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("fit", "tidy"):
            self.view_bar.addAction(self.view.canvas_actions[name])
        for name in ("publish", "activate", "pause", "resume", "save"):
            button = self.toolbar.widgetForAction(self.actions_[name])
            if isinstance(button, QToolButton):
                button.setObjectName(f"Editor{name.capitalize()}Button")
        return self.toolbar

    def _action(self, name: str, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        """A named editor action (kept in ``actions_``) that runs ``slot``."""
        act = QAction(text, self)
        act.setObjectName(f"editor_{name}")
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setToolTip(tip or text)
        act.triggered.connect(slot)
        self.actions_[name] = act
        return act

    def _fit_toolbar(self) -> None:
        """The tool bar never folds actions into its overflow menu: its header wraps instead."""
        for bar in (self.toolbar, self.try_bar, self.view_bar):
            bar.layout().invalidate()
            bar.setMinimumWidth(bar.sizeHint().width())

    def _banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("LiveBanner")
        banner.setProperty("role", "banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 7, 12, 7)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("LiveBannerText")
        self.banner_label.setWordWrap(True)
        row.addWidget(self.banner_label, 1)
        wrapper = QFrame()
        outer = QVBoxLayout(wrapper)
        outer.setContentsMargins(12, 8, 12, 0)
        outer.addWidget(banner)
        wrapper.setStyleSheet("QFrame { background: #f4f6f9; }")
        banner.setStyleSheet("")
        return wrapper

    # -- state ---------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return self.info.status

    @property
    def title(self) -> str:
        return self.document.flow.name + (" •" if self.document.is_modified() else "")

    def _update_title(self) -> None:
        self.name_label.setText(self.document.flow.name)
        self.actions_["save"].setEnabled(self.document.is_modified())
        self.title_changed.emit(self.title)
        self._update_banner()

    def _flow_attr_changed(self, attr: str) -> None:
        if attr == "name":
            self._update_title()

    def _update_info(self) -> None:
        status = self.info.status
        fg, bg = STATUS_COLORS.get(status, ("#344054", "#eceef2"))
        self.status_pill.setText(status_label(status))
        self.status_pill.setStyleSheet(f"color: {fg}; background: {bg}; border-radius: 9px; padding: 2px 9px;"
                                       " font-size: 9pt; font-weight: 600;")
        self.version_label.setText(f"v{self.info.version}" if self.info.version else self.tr("not published yet"))
        allowed = self.info.actions  # the runtime's lifecycle table decides, never a copy of it here
        self.actions_["pause"].setVisible("pause" in allowed)
        self.actions_["resume"].setVisible("resume" in allowed)
        self.actions_["activate"].setVisible("activate" in allowed and status not in LIVE_STATUSES)
        self.actions_["publish"].setText(self.tr("Publish changes") if status in LIVE_STATUSES else self.tr("Publish"))
        # one primary button: Activate while the flow has never run, then Publish
        for name in ("publish", "activate"):
            button = self.toolbar.widgetForAction(self.actions_[name])
            if isinstance(button, QToolButton):
                primary = (name == "activate") == (status not in LIVE_STATUSES)
                button.setProperty("primary", primary)
                widgets.restyle(button)
        self._update_title()
        self._update_publish_enabled()
        self._fit_toolbar()
        self.info_changed.emit()

    def _update_banner(self) -> None:
        if self.info.status not in LIVE_STATUSES:
            self.banner.hide()
            return
        version = self.info.version or 0
        inside = sum(self.info.active_by_version.values())
        older = {v: n for v, n in self.info.active_by_version.items() if n}
        status = status_label(self.info.status).lower()
        text = self.tr("<b>This flow is {status} (version {version}).</b> You are editing a draft; contacts keep "
                       "running on the published version. Publishing makes <b>version {next}</b> for new entries; "
                       ).format(status=status, version=version, next=version + 1)
        if inside:
            by_version = " (" + ", ".join(f"v{v}: {n:,}" for v, n in sorted(older.items())) + ")" if len(older) > 1 else ""
            text += self.tr("the <b>{contacts}</b> already inside stay on the version they entered{versions} "
                            "until they finish.").format(contacts=_plural(inside, "contact"), count=inside, versions=by_version)
        else:
            text += self.tr("nobody is inside right now, so nobody stays on the version they entered.")
        self._banner_texts = (text, text[:text.index("</b>") + 4] + self.tr(" You are editing a draft."))
        self._fit_banner()
        self.banner.show()

    def _fit_banner(self) -> None:
        """A low editor (a laptop at 150 %) shows the banner's first sentence; the rest is its tool tip."""
        full, short = getattr(self, "_banner_texts", ("", ""))
        compact = self.height() < COMPACT_HEIGHT
        self.banner_label.setText(short if compact else full)
        self.banner_label.setToolTip(full if compact else "")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_banner()

    def _update_publish_enabled(self) -> None:
        report = self.checker.report
        errors = len(report.errors) if report else 0
        blocked = errors > 0 or self.info.status in (FlowStatus.TERMINATED, FlowStatus.ARCHIVED)
        for name in ("publish", "activate"):
            act = self.actions_[name]
            act.setEnabled(not blocked)
            if errors:
                act.setToolTip(self.tr("Fix the {v0} in the Problems panel first").format(v0=_plural(errors, 'error')))
        if not errors:
            self.actions_["publish"].setToolTip(self.tr("Publish the draft as a new version"))
            self.actions_["activate"].setToolTip(self.tr("Publish and start letting contacts in"))
        if self.info.version and not self.info.draft_changed and not self.document.is_modified():
            # the draft is the live version: publishing would make an identical, empty version
            self.actions_["publish"].setEnabled(False)
            self.actions_["publish"].setToolTip(self.tr("Nothing to publish: the draft is the live version v{version}")
                    .format(version=self.info.version))

    def _checked(self, report: Any) -> None:
        self.scene.set_problems(self.checker.by_step())
        self._update_publish_enabled()

    def _on_change(self, change: ChangeSet) -> None:
        if self.flow_id in change.flow_ids and change.kind in ("flow_status", "flow_published", "flow_renamed",
                                                                "flow_saved"):
            self.refresh_info()

    def refresh_info(self) -> None:
        """Reload status, version and contacts-per-version (not the draft being edited)."""
        self._call(self.bridge.api.get_flow, self.flow_id, on_done=self._info_loaded, on_error=lambda _e: None)

    def _info_loaded(self, info: FlowInfo) -> None:
        self.info = info
        self._update_info()

    def _on_stats(self, flow_id: int, stats: FlowStats) -> None:
        if flow_id != self.flow_id:
            return
        self.stats = stats
        counts = stats.to_json()
        self.counts.set_counts(counts["steps"], counts.get("edges"))
        flow = stats.flow
        if flow.entered:
            self.live_label.setText(
                self.tr("● Live: {entered:,} entered · {active:,} active · {completed:,} completed · goal conversion "
                        "{conversion:.0%}").format(entered=flow.entered, active=flow.active, completed=flow.completed,
                                conversion=flow.conversion)
            )
            self.live_label.show()
        else:
            self.live_label.setText("")
            self.live_label.hide()

    # -- actions -------------------------------------------------------------------------------

    def save(self, on_done: Any = None) -> None:
        """Save the draft; the undo stack's clean state moves to here."""
        flow = self.document.flow.copy()
        index = self.document.undo_stack.index()

        def saved(_result: Any) -> None:
            # only the state that was saved is clean: edits made meanwhile stay "modified"
            if self.document.undo_stack.index() == index:
                self.document.set_clean()
            self.message.emit(self.tr("Saved the draft of “{name}”.").format(name=flow.name))
            if callable(on_done):
                on_done()

        self._call(self.bridge.api.save_draft, self.flow_id, flow, on_done=saved,
                         on_error=lambda e: dialogs.show_error(self, self.tr("Could not save the draft"), e))

    def _check_publishable(self) -> bool:
        report = self.checker.check_now()
        if report.errors:
            self.message.emit(self.tr("Publishing is blocked: fix the {v0} listed in Problems.")
                    .format(v0=_plural(len(report.errors), 'error')))
            self.publish_blocked.emit()
            return False
        return True

    def _save_then(self, then: Any) -> None:
        if self.document.is_modified():
            self.save(on_done=then)
        else:
            then()

    def publish(self) -> None:
        """Save, validate and publish the draft as a new version (refused while errors remain)."""
        if not self._check_publishable():
            return
        staying = sum(self.info.active_by_version.values())
        live = self.info.status in LIVE_STATUSES
        if live and staying and not self.impact_shown:
            # contacts are inside: show what publishing does to them first (designer/impact_dialog.py)
            self._save_then(lambda: self._call(self.bridge.api.publish_impact, self.flow_id, on_done=self._show_impact,
                                               on_error=lambda e: dialogs.show_error(self, self.tr("Could not publish"), e)))
            return
        self.impact_shown = False

        def published(version: int) -> None:
            text = self.tr("Published version {version} of “{name}”.").format(version=version, name=self.document.flow.name)
            if live:
                text += self.tr(" New entries use it; {v0} stay on the version they entered.").format(v0=_plural(staying,
                        'contact'))
            self.message.emit(text)
            self.refresh_info()

        self._save_then(lambda: self._call(self.bridge.api.publish, self.flow_id, on_done=published,
            on_error=lambda e: dialogs.show_error(self, self.tr("Could not publish"), e)))

    def _show_impact(self, impact: dict[str, Any]) -> None:
        self.impact_dialog = ImpactDialog(impact, self)

        def go() -> None:
            if self.impact_dialog.migrate:
                self._call(self.bridge.api.publish_migrating, self.flow_id, on_done=lambda r: self._published_moved(r),
                           on_error=lambda e: dialogs.show_error(self, self.tr("Could not publish"), e))
            else:
                self.impact_shown = True
                self.publish()

        self.impact_dialog.accepted.connect(go)
        self.impact_dialog.open()

    def _published_moved(self, result: dict[str, int]) -> None:
        self.message.emit(self.tr("Published version {version}; moved {contacts} to it.").format(
            version=result["version"], contacts=_plural(result["migrated"], "waiting contact"),
                    count=result["migrated"]))
        self.refresh_info()

    def compare_versions(self) -> None:
        """Open the visual diff: the last published version against the draft (or the two last versions)."""
        numbers = [str(n) for n in self.bridge.call_sync(self.bridge.api.version_numbers, self.flow_id)]
        if not numbers:
            self.message.emit(self.tr("Nothing to compare yet: publish a first version."))
            return
        versions = [*numbers, "draft"]
        old, new = (numbers[-1], "draft") if self.document.is_modified() or len(numbers) == 1 else numbers[-2:]

        def load(version: str) -> Any:
            if version == "draft":
                return self.document.flow.copy()
            return self.bridge.call_sync(self.bridge.api.version_flow, self.flow_id, version)

        self.diff_dialog = VersionDiffDialog(self.document.flow.name, versions, load, old, new, self)
        self.diff_dialog.show()

    def test_with_contact(self) -> None:
        """Open Test with a contact (designer/trial_dialogs.py)."""
        self.test_dialog = TestContactDialog(self)
        self.test_dialog.show()

    def rehearse(self) -> None:
        """Open Rehearse (designer/trial_dialogs.py)."""
        self.rehearse_dialog = RehearseDialog(self)
        self.rehearse_dialog.show()

    def activate(self) -> None:
        """Save, publish if needed and activate: contacts start entering."""
        if not self._check_publishable():
            return
        if not dialogs.confirm(self, self.tr("Activate flow"), self.tr("Activate “{name}”?").format(name=self.document.flow.name),
                               self.tr("Contacts matching the trigger start entering it now."), self.tr("Activate")):
            return
        self._save_then(lambda: self._call(self.bridge.api.webhook_review, self.flow_id, on_done=self._activate_reviewed,
            on_error=lambda e: dialogs.show_error(self, self.tr("Could not activate"), e)))

    def _activate_reviewed(self, review: Any) -> None:
        """Activate, after the webhook approval dialog when the flow came from a file."""

        def go(_r: Any = None) -> None:
            self._call(self.bridge.api.activate, self.flow_id,
                       on_done=lambda _r: (self.message.emit(self.tr("“{name}” is active.").format(name=self.document.flow.name)),
                                           self.refresh_info()),
                       on_error=lambda e: dialogs.show_error(self, self.tr("Could not activate"), e))

        if not review.needs_approval:
            go()
            return
        hosts = webhook_approval.ask_webhook_approval(self, self.document.flow.name, review)
        if hosts is None:
            self.message.emit(self.tr("Not activated: the flow's webhooks wait for approval."))
            return
        self._call(self.bridge.api.approve_webhooks, self.flow_id, hosts, on_done=go,
                   on_error=lambda e: dialogs.show_error(self, self.tr("Could not approve the webhooks"), e))

    def pause(self) -> None:
        self._call(self.bridge.api.pause, self.flow_id,
                         on_done=lambda _r: self.message.emit(self.tr("Paused: every contact is held where it is.")),
                         on_error=lambda e: dialogs.show_error(self, self.tr("Could not pause"), e))

    def resume(self) -> None:
        self._call(self.bridge.api.resume, self.flow_id,
                         on_done=lambda _r: self.message.emit(self.tr("Resumed: contacts continue from where they were.")),
                         on_error=lambda e: dialogs.show_error(self, self.tr("Could not resume"), e))

    def export(self, path: str | None = None) -> None:
        """Write the flow as shown (including unsaved edits) to a flow file."""
        if not path:
            suggested = f"{self.document.flow.name}.json".replace("/", "-")
            path = dialogs.ask_save_file(self, self.tr("Export flow"), dialogs.FLOW_FILTER, suggested)
        if not path:
            return
        text = self.document.to_text()
        target = Path(path)

        def write() -> None:
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)

        self._submit(write, on_done=lambda _r: self.message.emit(self.tr("Exported to {target}.").format(target=target)),
                           on_error=lambda e: dialogs.show_error(self, self.tr("Could not export"), e), what="export")

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A call of a bound service method whose callbacks are dropped once this tab is closed."""
        return self.bridge.call(method, *args, owner=self, **kwargs)

    def _submit(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self.bridge.submit(fn, *args, owner=self, **kwargs)

    def teardown(self) -> None:
        """Stop following the bridge before the tab is destroyed.

        The scene's signals stay connected: the view ignores a scene that is being destroyed
        (see ``FlowView._update_actions``)."""
        self.closing = True  # results still on their way are dropped (see RuntimeBridge.submit)
        for signal, slot in ((self.bridge.changed, self._on_change), (self.bridge.stats_changed, self._on_stats)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    # -- navigation ----------------------------------------------------------------------------

    def step_entries(self) -> list[dialogs.StepEntry]:
        """Every step as the find dialog lists it."""
        out = []
        for step in self.document.flow.steps:
            try:
                step_type = get_step_type(step.type)
                kind, summary = step_type.display_name, step_type.summary(step.config)
            except KeyError:
                kind, summary = step.type, ""
            out.append(dialogs.StepEntry(step.id, step.name or summary or kind, kind, summary))
        return out

    def find_step(self, step_id: str) -> bool:
        """Select and centre a step."""
        self.view.setFocus()
        return self.view.find_step(step_id)

    def add_step(self, type_name: str) -> str | None:
        """Add a step of ``type_name`` in the middle of the visible canvas."""
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        return self.view.add_step_at(type_name, QPointF(centre))

    def step_names(self) -> dict[str, str]:
        return {e.step_id: e.title for e in self.step_entries()}
