"""The column-mapping step of the GUI contacts import: each CSV header column gets a contact
field or stays an attribute, before anything is imported."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

ATTRIBUTE = "keep as attribute"


class ImportMappingDialog(QDialog):
    """Choose, per CSV column, the contact field it fills (or keep it as an attribute).

    ``columns`` is the service's ``contacts_csv_columns`` answer: the header names, the known
    field names and a suggested field per column. OK is enabled only when one column is the id
    and no field is chosen twice, the two things the importer would refuse the file for.
    """

    def __init__(self, path: str, columns: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportMappingDialog")
        self.setWindowTitle(self.tr("Map CSV columns"))
        self.setMinimumWidth(440)
        fields: list[str] = list(columns["fields"])
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("<b>{v0}</b>: choose the contact field each column fills; other columns are kept as attributes "
                               "under their own name.").format(v0=html.escape(path.rsplit('/', 1)[-1])))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        #: header name -> its combo box (item data: the field name, None = keep as attribute)
        self.combos: dict[str, QComboBox] = {}
        for name in columns["columns"]:
            combo = QComboBox()
            combo.setObjectName(f"MapColumn:{name}")
            if name.casefold() not in fields:
                # a header that is a field name is read as that field whatever is chosen
                combo.addItem(ATTRIBUTE, None)
            for field_name in fields:
                combo.addItem(field_name, field_name)
            suggested = columns["suggested"].get(name)
            combo.setCurrentIndex(max(0, combo.findData(suggested)) if suggested else 0)
            combo.currentIndexChanged.connect(self._check)
            self.combos[name] = combo
            form.addRow(QLabel(html.escape(name)), combo)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setObjectName("MappingProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def mapping(self) -> dict[str, str]:
        """Header name -> field for every column given a field (the importer's ``mapping``)."""
        chosen = {name: combo.currentData() for name, combo in self.combos.items()}
        return {name: field_name for name, field_name in chosen.items() if field_name is not None}

    def _check(self, *_args: Any) -> None:
        chosen = list(self.mapping().values())
        twice = sorted({f for f in chosen if chosen.count(f) > 1})
        if twice:
            problem = f"{', '.join(twice)} is chosen for more than one column."
        elif "id" not in chosen:
            problem = self.tr("Choose the column that holds each contact's id.")
        else:
            problem = ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)
