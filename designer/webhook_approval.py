"""The dialog that holds a flow imported from a file until its webhook URLs are approved.

Shown when the user activates such a flow: it lists every webhook URL the flow calls, marks
those whose host comes from contact data (they go only to hosts on the approved list) and lets
the reviewer add hosts to that list. Approving records the review in the project (the same as
``flowcanvas flow approve``); cancelling leaves the flow a draft.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from runtime.service import WebhookReview

__all__ = ["WebhookApprovalDialog", "ask_webhook_approval"]

FROM_DATA_NOTE = "  (host from contact data: sent only to approved hosts)"


class WebhookApprovalDialog(QDialog):
    """Review the webhook URLs of an imported flow; :meth:`hosts` are the hosts to add on approval."""

    def __init__(self, parent: QWidget | None, flow_name: str, review: WebhookReview) -> None:
        super().__init__(parent)
        self.setObjectName("WebhookApprovalDialog")
        self.setWindowTitle(self.tr("Approve webhooks"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        source = review.source or "a file"
        intro = QLabel(
            self.tr("“{flow_name}” was imported from {source}. Before it can run, approve the addresses it sends "
                    "contact data to:").format(flow_name=flow_name, source=source)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.url_list = QListWidget()
        self.url_list.setObjectName("WebhookUrlList")
        for url in review.urls:
            pending = "" if url not in review.pending else "  • new"
            QListWidgetItem(url + (FROM_DATA_NOTE if url in review.from_data else "") + pending, self.url_list)
        layout.addWidget(self.url_list)
        self.hosts_edit = QLineEdit(", ".join(review.approved_hosts))
        self.hosts_edit.setObjectName("ApprovedHostsEdit")
        self.hosts_edit.setPlaceholderText(self.tr("hooks.example.com, *.example.com"))
        if review.from_data:
            label = QLabel(self.tr("Approved hosts for URLs built from contact data (comma-separated):"))
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addWidget(self.hosts_edit)
        else:
            self.hosts_edit.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.approve_button = buttons.addButton(self.tr("Approve and activate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setObjectName("ApproveWebhooksButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._initial_hosts = set(review.approved_hosts)

    def hosts(self) -> list[str]:
        """Hosts typed in the field that are not on the approved list yet."""
        typed = [h.strip() for h in self.hosts_edit.text().replace(";", ",").split(",") if h.strip()]
        return [h for h in dict.fromkeys(typed) if h not in self._initial_hosts]


def ask_webhook_approval(parent: QWidget | None, flow_name: str, review: WebhookReview) -> list[str] | None:
    """Show the dialog; the hosts to add when approved, None when cancelled (tests replace this)."""
    dialog = WebhookApprovalDialog(parent, flow_name, review)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.hosts()
