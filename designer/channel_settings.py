"""Channel settings: one page per channel, delivery rules, and the project's sandbox switch.

Pages are built from the field specs the runtime exposes (``ProjectService.channel_list``):
text, number, choice and secret fields. Secrets are typed into password fields, stored in the
OS keyring by the runtime and only ever shown back as "set" / "not set". "Test connection"
saves the page's edits and runs ``channel_test`` on the bridge's worker thread (it does network
I/O), then shows the runtime's answer on the page. Every database call goes through the
:class:`~designer.bridge.RuntimeBridge`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from designer import widgets
from designer.bridge import RuntimeBridge
from designer.i18n import tr_label
from designer.mode_indicator import confirm_going_live
from runtime.service import SETTINGS_CHANNELS
from runtime.service import gettext as runtime_text

#: channel key -> (list label, page title, one-line description)
CHANNEL_TITLES: dict[str, tuple[str, str, str]] = {
    "email": (QT_TRANSLATE_NOOP("labels", "Email (SMTP)"), QT_TRANSLATE_NOOP("labels", "Email"), QT_TRANSLATE_NOOP("labels",
            "Sends email through your SMTP server.")),
    "sms": (QT_TRANSLATE_NOOP("labels", "SMS (SMS.ru, Twilio)"), QT_TRANSLATE_NOOP("labels", "SMS"), QT_TRANSLATE_NOOP("labels",
            "Sends text messages through SMS.ru or Twilio.")),
    "telegram": (QT_TRANSLATE_NOOP("labels", "Telegram"), QT_TRANSLATE_NOOP("labels", "Telegram"), QT_TRANSLATE_NOOP("labels",
            "Sends messages from your Telegram bot (create one with @BotFather).")),
    "whatsapp": (QT_TRANSLATE_NOOP("labels", "WhatsApp"), QT_TRANSLATE_NOOP("labels", "WhatsApp"), QT_TRANSLATE_NOOP("labels",
            "Sends messages through the WhatsApp Business Cloud API.")),
    "push": (QT_TRANSLATE_NOOP("labels", "Web push"), QT_TRANSLATE_NOOP("labels", "Web push"), QT_TRANSLATE_NOOP("labels",
            "Sends browser notifications to subscribed contacts (VAPID).")),
    "vk": ("VK", "VK", QT_TRANSLATE_NOOP("labels", "Sends messages as your VK community.")),
    "webhook": (QT_TRANSLATE_NOOP("labels", "Webhook"), QT_TRANSLATE_NOOP("labels", "Webhook"), QT_TRANSLATE_NOOP("labels",
            "Calls your HTTPS endpoints; requests are signed when a secret is set.")),
}
#: SMS fields that belong to one provider only (shown for that provider)
SMS_PROVIDER_FIELDS = {"api_id": "sms_ru", "sender": "sms_ru", "account_sid": "twilio", "auth_token": "twilio",
                       "from_number": "twilio", "messaging_service_sid": "twilio"}
POLICY_CHANNELS = tuple(str(c) for c in SETTINGS_CHANNELS if c in CHANNEL_TITLES)  # VK has no settings page yet
SANDBOX_TEXT = QT_TRANSLATE_NOOP("labels", "Sandbox: nothing leaves this computer")
SANDBOX_ON_HINT = QT_TRANSLATE_NOOP("labels",
        "Messages land in the outbox with status “sandbox”. Switch it off to send for real.")
SANDBOX_OFF_HINT = QT_TRANSLATE_NOOP("labels", "Live: active flows send real messages through the channels below.")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class SecretField(QWidget):
    """A password field that never shows the stored secret: only whether one is set."""

    def __init__(self, key: str, is_set: bool | None) -> None:
        super().__init__()
        self.key = key
        self.forget_requested = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"secret_{key}")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setClearButtonEnabled(True)
        self.state = QLabel()
        self.state.setObjectName(f"secret_state_{key}")
        self.state.setProperty("role", "pill")
        self.state.setMinimumWidth(60)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.forget = QPushButton(self.tr("Forget"))
        self.forget.setProperty("flat", True)
        self.forget.setToolTip(self.tr("Remove this secret from the keyring"))
        self.forget.clicked.connect(self._forget)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.state)
        layout.addWidget(self.forget)
        self.set_state(is_set)

    def set_state(self, is_set: bool | None) -> None:
        """Show "set" / "not set" (or "unknown" when the keyring cannot be read)."""
        self.is_set = is_set
        self.forget_requested = False
        self.edit.clear()
        if is_set is None:
            text, tip = self.tr("unknown"), self.tr("The keyring cannot be read")
            self.edit.setPlaceholderText(self.tr("No keyring available"))
        elif is_set:
            text, tip = self.tr("set"), self.tr("Stored in the system keyring")
            self.edit.setPlaceholderText(self.tr("Stored in the keyring; type to replace"))
        else:
            text, tip = self.tr("not set"), ""
            self.edit.setPlaceholderText(self.tr("Not set"))
        self.state.setText(text)
        self.state.setToolTip(tip)
        self.state.setStyleSheet(
            "background:#dcfae6;color:#067647;" if is_set else "background:#f2f4f7;color:#5b6270;")
        self.forget.setVisible(bool(is_set))

    def _forget(self) -> None:
        self.forget_requested = True
        self.edit.clear()
        self.state.setText(self.tr("will be removed"))
        self.state.setStyleSheet("background:#fef3f2;color:#b42318;")

    def value(self) -> str | None:
        """What to store: the typed text, None to forget, "" when unchanged."""
        if self.edit.text():
            return self.edit.text()
        return None if self.forget_requested else ""


class ChannelPage(QWidget):
    """One channel's settings form, built from its field specs."""

    save_requested = Signal(str)
    test_requested = Signal(str)

    def __init__(self, view: dict[str, Any]) -> None:
        super().__init__()
        self.channel = str(view["channel"])
        self.setObjectName(f"ChannelPage_{self.channel}")
        _list_label, title, about = (tr_label(t) if t else t for t in CHANNEL_TITLES.get(self.channel, (self.channel,
                self.channel.title(), "")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        head = QHBoxLayout()
        heading = widgets.label(title, "title", wrap=False)
        head.addWidget(heading)
        head.addStretch(1)
        self.status = QLabel()
        self.status.setProperty("role", "pill")
        head.addWidget(self.status)
        layout.addLayout(head)
        layout.addWidget(widgets.label(about, "subtitle"))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(8)
        self.editors: dict[str, QWidget] = {}
        self.secrets: dict[str, SecretField] = {}
        self.original: dict[str, str] = {}
        self.specs = {f["key"]: f for f in view["fields"]}
        for spec in view["fields"]:
            self._add_field(spec)
        layout.addLayout(self.form)

        actions = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName(f"test_{self.channel}")
        self.test_button.setToolTip(self.tr("Saves this page, then checks the connection and credentials"))
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.channel))
        self.result = widgets.label("", "hint")
        self.result.setObjectName(f"result_{self.channel}")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.result, 1)
        layout.addSpacing(6)
        layout.addLayout(actions)
        layout.addStretch(1)
        self.load(view)
        provider = self.editors.get("provider")
        if isinstance(provider, QComboBox):
            provider.currentTextChanged.connect(self._provider_changed)
            self._provider_changed(provider.currentText())

    def _add_field(self, spec: dict[str, Any]) -> None:
        key, kind = spec["key"], spec["kind"]
        label = runtime_text(spec["label"]) + (" *" if spec.get("required") else "")
        if kind == "secret":
            editor: QWidget = SecretField(key, spec.get("is_set"))
            self.secrets[key] = editor  # type: ignore[assignment]
        elif kind == "choice":
            combo = QComboBox()
            combo.addItems(list(spec.get("choices") or []))
            editor = combo
        elif kind == "bool":
            editor = QCheckBox()
        else:
            edit = QLineEdit()
            if kind == "int":
                edit.setValidator(QIntValidator(0, 10_000_000, edit))
                edit.setMaximumWidth(160)
            elif kind == "float":
                validator = QDoubleValidator(0.0, 1e9, 3, edit)
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                edit.setValidator(validator)
                edit.setMaximumWidth(160)
            editor = edit
        editor.setObjectName(f"field_{key}")
        if spec.get("help"):
            editor.setToolTip(runtime_text(spec["help"]))
        self.editors[key] = editor
        self.form.addRow(label, editor)

    def load(self, view: dict[str, Any]) -> None:
        """Show stored values (secrets only as set / not set)."""
        for spec in view["fields"]:
            key = spec["key"]
            editor = self.editors.get(key)
            if key in self.secrets:
                self.secrets[key].set_state(spec.get("is_set"))
                continue
            value = _text(spec.get("value"))
            if isinstance(editor, QComboBox):
                if value and editor.findText(value) < 0:
                    editor.addItem(value)
                editor.setCurrentText(value or (editor.itemText(0) if editor.count() else ""))
                value = editor.currentText()
            elif isinstance(editor, QCheckBox):
                editor.setChecked(value.lower() in ("1", "true", "yes", "on"))
                value = "true" if editor.isChecked() else "false"
            elif isinstance(editor, QLineEdit):
                editor.setText(value)
            self.original[key] = value
        configured = bool(view.get("configured"))
        self.status.setText(self.tr("Configured") if configured else self.tr("Not configured"))
        self.status.setStyleSheet("background:#dcfae6;color:#067647;" if configured
                                  else "background:#fef0c7;color:#93370d;")

    def _current(self, key: str) -> str:
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QCheckBox):
            return "true" if editor.isChecked() else "false"
        return editor.text().strip() if isinstance(editor, QLineEdit) else ""

    def changes(self) -> dict[str, Any]:
        """Edited values only: non-secret fields that differ, secrets typed or forgotten."""
        values: dict[str, Any] = {}
        for key in self.editors:
            if key in self.secrets:
                value = self.secrets[key].value()
                if value != "":
                    values[key] = value
            elif self._current(key) != self.original.get(key, ""):
                values[key] = self._current(key)
        return values

    def set_field_visible(self, key: str, visible: bool) -> None:
        self.form.setRowVisible(self.editors[key], visible)

    def _provider_changed(self, provider: str) -> None:
        for key, owner in SMS_PROVIDER_FIELDS.items():
            if key in self.editors:
                self.set_field_visible(key, owner == provider)

    def show_result(self, text: str, ok: bool | None) -> None:
        """The last test or save outcome (ok True green, False red, None neutral)."""
        self.result.setText(text)
        self.result.setProperty("role", "ok" if ok else "error" if ok is False else "hint")
        widgets.restyle(self.result)


class PolicyPage(QWidget):
    """Quiet hours and frequency caps (``channel_policy``)."""

    save_requested = Signal()

    def __init__(self, policy: dict[str, Any]) -> None:
        super().__init__()
        self.setObjectName("PolicyPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(widgets.label(self.tr("Delivery rules"), "title", wrap=False))
        layout.addWidget(widgets.label(self.tr("Quiet hours hold messages until the window ends, in each contact's time zone. "
                                "Frequency caps limit how many messages one contact gets."), "subtitle"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        for col, (title, tip) in enumerate(((self.tr("Quiet hours"), self.tr("HH:MM-HH:MM in the contact's time zone, or off")),
                                            (self.tr("Max per day"), self.tr("Messages per contact per day")),
                                            (self.tr("Max per week"), self.tr("Messages per contact per week"))), start=1):
            head = widgets.label(title, "section", wrap=False)
            head.setToolTip(tip)
            grid.addWidget(head, 0, col)
        self.quiet: dict[str, QLineEdit] = {}
        self.caps: dict[str, QLineEdit] = {}
        for row, channel in enumerate(("default", *POLICY_CHANNELS), start=1):
            name = self.tr("All channels") if channel == "default" else tr_label(CHANNEL_TITLES[channel][1])
            caption = QLabel(name)
            if channel == "default":
                font = caption.font()
                font.setBold(True)
                caption.setFont(font)
            grid.addWidget(caption, row, 0)
            edit = QLineEdit()
            edit.setObjectName(f"quiet_{channel}")
            edit.setMaximumWidth(150)
            edit.setPlaceholderText("off" if channel == "default" else self.tr("as all channels"))
            edit.setToolTip(self.tr("HH:MM-HH:MM, e.g. 21:00-08:00, or off"))
            self.quiet[channel] = edit
            grid.addWidget(edit, row, 1)
            for col, period in enumerate(("per_day", "per_week"), start=2):
                cap = QLineEdit()
                key = f"cap.{period}" if channel == "default" else f"cap.{channel}.{period}"
                cap.setObjectName(key)
                cap.setValidator(QIntValidator(0, 100_000, cap))
                cap.setPlaceholderText(self.tr("no limit"))
                cap.setMaximumWidth(110)
                self.caps[key] = cap
                grid.addWidget(cap, row, col)
        grid.setColumnStretch(4, 1)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(widgets.label(self.tr("Quiet hours look like 21:00-08:00 (or “off”); a channel without its own hours "
                                               "uses "
                                "the first line. SMS defaults to 20:00-08:00."), "hint"))
        action_row = QHBoxLayout()
        action_row.addWidget(QLabel(self.tr("Over the cap:")))
        self.action = QComboBox()
        self.action.setObjectName("cap.action")
        self.action.addItem(self.tr("Delay until allowed"), "delay")
        self.action.addItem(self.tr("Skip the message"), "skip")
        action_row.addWidget(self.action)
        action_row.addStretch(1)
        layout.addLayout(action_row)
        self.result = widgets.label("", "hint")
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.original: dict[str, str] = {}
        self.load(policy)

    def load(self, policy: dict[str, Any]) -> None:
        quiet = policy.get("quiet_hours") or {}
        for channel, edit in self.quiet.items():
            edit.setText(_text(quiet.get(channel)))
        caps = policy.get("caps") or {}
        per_channel = caps.get("channels") or {}
        for key, edit in self.caps.items():
            parts = key.split(".")
            value = caps.get(parts[1]) if len(parts) == 2 else (per_channel.get(parts[1]) or {}).get(parts[2])
            edit.setText(_text(value))
        self.action.setCurrentIndex(max(0, self.action.findData(caps.get("action") or "delay")))
        self.original = self._values()

    def _values(self) -> dict[str, str]:
        values = {f"quiet_hours.{c}": e.text().strip() for c, e in self.quiet.items()}
        values.update({k: e.text().strip() for k, e in self.caps.items()})
        values["cap.action"] = str(self.action.currentData())
        return values

    def changes(self) -> dict[str, str]:
        """``key=value`` policy settings that differ from what is stored."""
        current = self._values()
        changed = {k: v for k, v in current.items() if v != self.original.get(k)}
        if "quiet_hours.default" in changed:
            changed["quiet_hours"] = changed.pop("quiet_hours.default")
        return changed

    def show_result(self, text: str, ok: bool | None) -> None:
        self.result.setText(text)
        self.result.setProperty("role", "ok" if ok else "error" if ok is False else "hint")
        widgets.restyle(self.result)


class ChannelSettingsDialog(QDialog):
    """Channels…: the sandbox switch, a page per channel and the delivery rules."""

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChannelSettingsDialog")
        self.setWindowTitle(self.tr("Channels and delivery"))
        self.resize(860, 640)
        self.bridge = bridge
        self.pages: dict[str, ChannelPage] = {}
        views: list[dict[str, Any]] = bridge.call_sync(bridge.api.channel_list)
        policy: dict[str, Any] = bridge.call_sync(bridge.api.channel_policy)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        self.sandbox_frame = QFrame()
        self.sandbox_frame.setObjectName("SandboxBanner")
        banner = QHBoxLayout(self.sandbox_frame)
        banner.setContentsMargins(12, 8, 12, 8)
        self.sandbox = QCheckBox(tr_label(SANDBOX_TEXT))
        self.sandbox.setObjectName("SandboxToggle")
        font = self.sandbox.font()
        font.setBold(True)
        self.sandbox.setFont(font)
        self.sandbox_hint = widgets.label("", "hint")
        banner.addWidget(self.sandbox)
        banner.addWidget(self.sandbox_hint, 1)
        layout.addWidget(self.sandbox_frame)

        self.keyring_banner = QFrame()
        self.keyring_banner.setObjectName("KeyringBanner")
        self.keyring_banner.setProperty("role", "banner")
        kb = QVBoxLayout(self.keyring_banner)
        kb.setContentsMargins(12, 8, 12, 8)
        kb.addWidget(widgets.label(self.tr("<b>No system keyring: credentials cannot be saved.</b>")))
        self.keyring_text = widgets.label("", "hint")
        self.keyring_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        kb.addWidget(self.keyring_text)
        self.keyring_banner.hide()
        layout.addWidget(self.keyring_banner)

        body = QHBoxLayout()
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("ChannelList")
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        for view in views:
            page = ChannelPage(view)
            page.test_requested.connect(self.test_channel)
            self.pages[page.channel] = page
            self._add_page(tr_label(CHANNEL_TITLES.get(page.channel, (page.channel,))[0]), page)
            if view.get("keyring_error"):
                self.show_keyring_error(view["keyring_error"])
        self.policy_page = PolicyPage(policy)
        self._add_page(self.tr("Delivery rules"), self.policy_page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)

        footer = QHBoxLayout()
        self.message = widgets.label("", "hint")
        self.message.setObjectName("SettingsMessage")
        footer.addWidget(self.message, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        footer.addWidget(self.buttons)
        layout.addLayout(footer)

        self._set_sandbox_view(bool(policy.get("sandbox")))
        self.sandbox.toggled.connect(self._sandbox_toggled)

    def _add_page(self, title: str, page: QWidget) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        QListWidgetItem(title, self.nav)

    def show_page(self, channel: str) -> None:
        """Select a channel's page (``"policy"`` for delivery rules)."""
        names = [*self.pages, "policy"]
        if channel in names:
            self.nav.setCurrentRow(names.index(channel))

    # -- sandbox ----------------------------------------------------------------------------------

    def _set_sandbox_view(self, on: bool) -> None:
        self.sandbox.blockSignals(True)
        self.sandbox.setChecked(on)
        self.sandbox.blockSignals(False)
        self.sandbox_hint.setText(tr_label(SANDBOX_ON_HINT if on else SANDBOX_OFF_HINT))
        self.sandbox_frame.setProperty("role", "banner-info" if on else "banner")
        widgets.restyle(self.sandbox_frame)

    def _sandbox_toggled(self, on: bool) -> None:
        if not on and not confirm_going_live(self):
            self._set_sandbox_view(True)
            return
        self.bridge.call(self.bridge.api.set_sandbox, on, on_done=lambda _r: self._sandbox_saved(on),
                         on_error=lambda exc: self._sandbox_failed(on, exc))

    def _sandbox_saved(self, on: bool) -> None:
        self._set_sandbox_view(on)
        self.message.setText(self.tr("Sandbox on: nothing leaves this computer.") if on else
                             self.tr("Sandbox off: active flows now send real messages."))

    def _sandbox_failed(self, on: bool, exc: BaseException) -> None:
        self._set_sandbox_view(not on)
        self.message.setText(self.tr("Could not change sandbox mode: {exc}").format(exc=exc))

    # -- keyring ----------------------------------------------------------------------------------

    def show_keyring_error(self, text: str) -> None:
        """Explain that no keyring backend is available (secrets cannot be stored or read)."""
        self.keyring_text.setText(text[:1].upper() + text[1:])
        self.keyring_banner.show()

    def _is_keyring_error(self, exc: BaseException) -> bool:
        from runtime.service import KeyringUnavailableError

        return isinstance(exc, KeyringUnavailableError) or "keyring" in str(exc).lower()

    # -- saving and testing -----------------------------------------------------------------------

    def dirty_channels(self) -> list[str]:
        return [c for c, page in self.pages.items() if page.changes()]

    def save(self) -> None:
        """Store every edited page (secrets to the keyring) and the delivery rules."""
        saved_any = False
        for channel in self.dirty_channels():
            self.save_channel(channel)
            saved_any = True
        changes = self.policy_page.changes()
        if changes:
            saved_any = True
            self.bridge.call(self.bridge.api.channel_set_policy, changes, on_done=self._policy_saved,
                             on_error=self._policy_failed)
        if not saved_any:
            self.message.setText(self.tr("Nothing to save."))

    def save_channel(self, channel: str, then: Any = None) -> None:
        """Store one page's edits; ``then()`` runs after a successful save."""
        page = self.pages[channel]
        changes = page.changes()
        if not changes:
            if then is not None:
                then()
            return
        page.show_result(self.tr("Saving…"), None)
        self.bridge.call(self.bridge.api.channel_set, channel, changes,
                         on_done=lambda _keys: self._reload_channel(channel, self.tr("Saved."), then),
                         on_error=lambda exc: self._channel_failed(channel, exc))

    def _reload_channel(self, channel: str, text: str, then: Any = None) -> None:
        self.bridge.call(self.bridge.api.channel_view, channel,
                         on_done=lambda view: self._channel_loaded(view, text, then),
                         on_error=lambda exc: self._channel_failed(channel, exc))

    def _channel_loaded(self, view: dict[str, Any], text: str, then: Any) -> None:
        page = self.pages[view["channel"]]
        page.load(view)
        page.show_result(text, True)
        self.message.setText(self.tr("{v0}: saved.").format(v0=tr_label(CHANNEL_TITLES.get(page.channel, (page.channel,))[0])))
        if view.get("keyring_error"):
            self.show_keyring_error(view["keyring_error"])
        if then is not None:
            then()

    def _channel_failed(self, channel: str, exc: BaseException) -> None:
        self.pages[channel].show_result(str(exc), False)
        self.pages[channel].test_button.setEnabled(True)  # a failed save cancels a pending test
        if self._is_keyring_error(exc):
            self.show_keyring_error(str(exc))

    def _policy_saved(self, policy: dict[str, Any]) -> None:
        self.policy_page.load(policy)
        self.policy_page.show_result(self.tr("Saved."), True)
        self.message.setText(self.tr("Delivery rules saved."))

    def _policy_failed(self, exc: BaseException) -> None:
        self.policy_page.show_result(str(exc), False)
        self.show_page("policy")

    def test_channel(self, channel: str) -> None:
        """Save the page's edits, then check the connection on the worker thread."""
        page = self.pages[channel]
        page.test_button.setEnabled(False)

        def run() -> None:
            page.show_result(self.tr("Testing the connection…"), None)
            self.bridge.call(self.bridge.api.channel_test, channel, on_done=lambda text: self._tested(channel, str(text), True),
                             on_error=lambda exc: self._tested(channel, str(exc), False))

        if page.changes():
            self.save_channel(channel, then=run)
        else:
            run()

    def _tested(self, channel: str, text: str, ok: bool) -> None:
        page = self.pages[channel]
        page.test_button.setEnabled(True)
        page.show_result((self.tr("Connected: ") if ok else self.tr("Connection failed: ")) + text, ok)
