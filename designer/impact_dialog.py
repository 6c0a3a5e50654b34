"""The impact preview shown before publishing an edit of a live flow.

:class:`ImpactDialog` lists, from ``ProjectService.publish_impact``, how many contacts wait at
which step of which live version (they stay there), which deleted steps they will still reach,
and which new steps only new entries will see; a check box offers to move waiting contacts to
the new version where their step still exists. It is opened window-modal (``open()``), so the
editor continues in ``accepted`` without a nested event loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ImpactDialog(QDialog):
    """What publishing does to the contacts already inside; Publish or Cancel."""

    def __init__(self, impact: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImpactDialog")
        self.impact = impact
        self.setWindowTitle(self.tr("Publish version {v0} of “{v1}”").format(v0=impact['next_version'], v1=impact['flow']))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("<b>{v0} contact{v1} are inside this flow.</b> Publishing does not move them: each stays on the "
                              "version it entered unless you move it below.").format(v0=impact['contacts_inside'],
                                      v1='s' if impact['contacts_inside'] != 1 else ''))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.summary = QLabel("".join(f"<p style='margin:4px 0'>• {line}</p>" for line in impact["summary"]))
        self.summary.setObjectName("ImpactSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = self._table(impact)
        layout.addWidget(self.table, 1)
        movable = int(impact.get("migratable") or 0)
        self.migrate_box = QCheckBox(self.tr("Move {movable} waiting contact{v0} to version {v1} (only where their step still "
                                             "exists)").format(movable=movable, v0='s' if movable != 1 else '',
                                                     v1=impact['next_version']))
        self.migrate_box.setObjectName("ImpactMigrate")
        self.migrate_box.setEnabled(movable > 0)
        layout.addWidget(self.migrate_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish_button = buttons.addButton(self.tr("Publish"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.publish_button.setObjectName("ImpactPublish")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _table(impact: dict[str, Any]) -> QTableWidget:
        rows: list[tuple[str, str, str, str]] = []
        for w in impact["waiting"]:
            fate = "can move" if w["step_in_new_version"] else "stays (step deleted)"
            rows.append((f"v{w['version']}", w["name"], f"{w['contacts']} waiting", fate))
        for d in impact["deleted"]:
            rows.append((f"v{d['version']}", d["name"], f"{d['contacts']} will reach it", "deleted in the new version"))
        for a in impact["added"]:
            rows.append((f"v{impact['next_version']}", a["name"], "new step", "new entries only"))
        table = QTableWidget(len(rows), 4)
        table.setObjectName("ImpactTable")
        table.setHorizontalHeaderLabels([QCoreApplication.translate("ImpactDialog", "Version"),
                QCoreApplication.translate("ImpactDialog", "Step"), QCoreApplication.translate("ImpactDialog", "Contacts"),
                        QCoreApplication.translate("ImpactDialog", "After publishing")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        return table

    @property
    def migrate(self) -> bool:
        """The user chose to move waiting contacts to the new version."""
        return self.migrate_box.isChecked() and self.migrate_box.isEnabled()
