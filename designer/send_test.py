""""Send me a test" from a message step's context menu.

The draft is saved first (what is tested is what is on the canvas), then the service renders the
step's message for a sample contact and sends it through the real channel to the operator's own
address (Channels > the channel > Send tests to), on the bridge's thread. The outcome, or what to
set up first, shows in the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from designer.editor import FlowEditorWidget


def sends_message(type_name: str) -> bool:
    """Whether steps of ``type_name`` send a message (the registry's message group)."""
    from runtime.service import REGISTRY

    step_type = REGISTRY.get(type_name)
    return step_type is not None and step_type.group == "messages"


class SendTestTools(QObject):
    """Adds "Send me a test" to the context menu of a flow editor's message steps."""

    def __init__(self, editor: FlowEditorWidget) -> None:
        super().__init__(editor)
        self.editor = editor
        self.last_result: dict[str, Any] | None = None
        self.last_error: str | None = None
        editor.view.step_menu_extras.append(self._extend_menu)

    def _step_name(self, step_id: str) -> str:
        step = self.editor.document.step(step_id)
        return (step.name or step_id) if step is not None else step_id

    def _extend_menu(self, menu: QMenu, step_id: str) -> None:
        step = self.editor.document.step(step_id)
        if step is None or not sends_message(step.type):
            return
        action = menu.addAction(self.tr("Send me a test"), lambda: self.send(step_id))
        action.setObjectName("SendMeATest")
        action.setToolTip(self.tr("Send this message, rendered for a sample contact, to your own address"))
        menu.addSeparator()

    def send(self, step_id: str) -> None:
        """Save the draft, then send the step's message to the operator's address."""
        editor = self.editor
        self.last_result = self.last_error = None
        name = self._step_name(step_id)
        editor.message.emit(self.tr("Sending a test of “{name}”…").format(name=name))
        editor._save_then(lambda: editor._call(editor.bridge.api.send_me_a_test, editor.flow_id, step_id,
                                               on_done=lambda result: self._done(name, result),
                                               on_error=lambda error: self._failed(name, error)))

    def _done(self, name: str, result: dict[str, Any]) -> None:
        self.last_result = result
        if result["status"] == "sent":
            text = self.tr("Test of “{name}” sent by {v0} to {v1}.").format(name=name, v0=result['channel'], v1=result['to'])
        else:
            text = self.tr("The test of “{name}” was not sent: {v0}").format(name=name, v0=result['error'])
            self.last_error = text
        self.editor.message.emit(text)

    def _failed(self, name: str, error: Any) -> None:
        self.last_error = self.tr("Could not send a test of “{name}”: {error}").format(name=name, error=error)
        self.editor.message.emit(self.last_error)
