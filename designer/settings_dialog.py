"""Settings…: theme, language, where projects are kept, and what a new project starts with
(phone region, quiet hours, frequency caps). Stored in QSettings (:mod:`designer.app_settings`).

The theme applies at once. The language is stored under ``ui/language``; a new one applies after a
restart, which the dialog offers (:func:`designer.language_menu.offer_restart`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from designer import app_settings as keys
from designer.i18n import current_language
from designer.language_menu import offer_restart
from designer.themes import apply_theme

REGIONS = ("RU", "BY", "KZ", "UA", "UZ", "AM", "GE", "CN", "HK", "TW", "US", "CA", "GB", "DE", "FR", "AE", "AU")


class SettingsDialog(QDialog):
    """The designer's settings (see the module docstring)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.restart_box: QMessageBox | None = None  # shown after a new language was saved
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.theme = QComboBox()
        self.theme.setObjectName("ThemeChoice")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(self.theme.findData(keys.theme(settings)))
        form.addRow(self.tr("Theme"), self.theme)
        self.language = QComboBox()
        self.language.setObjectName("LanguageChoice")
        for code, name in keys.LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(keys.language(settings))))
        form.addRow(self.tr("Language"), self.language)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(keys.projects_dir(settings)))
        self.folder.setObjectName("ProjectsFolder")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Projects folder"), folder_row)
        layout.addLayout(form)

        defaults = keys.defaults(settings)
        heading = QLabel(self.tr("New projects start with"))
        heading.setProperty("role", "section")
        layout.addWidget(heading)
        new = QFormLayout()
        self.region = QComboBox()
        self.region.setObjectName("DefaultRegion")
        self.region.setEditable(True)
        self.region.addItems(REGIONS)
        self.region.setCurrentText(defaults["region"])
        self.region.setToolTip(self.tr("Phone numbers written without a country code are read as numbers of this country"))
        new.addRow(self.tr("Phone region"), self.region)
        self.quiet = QLineEdit("" if defaults["quiet_hours"] == "off" else defaults["quiet_hours"])
        self.quiet.setObjectName("DefaultQuietHours")
        self.quiet.setPlaceholderText(self.tr("21:00-08:00 (empty: none)"))
        new.addRow(self.tr("Quiet hours"), self.quiet)
        self.per_day = self._cap_box("CapPerDay", defaults["cap_per_day"])
        self.per_week = self._cap_box("CapPerWeek", defaults["cap_per_week"])
        new.addRow(self.tr("Messages per person a day"), self.per_day)
        new.addRow(self.tr("Messages per person a week"), self.per_week)
        layout.addLayout(new)
        hint = QLabel(self.tr("An open project keeps its own rules: Project > Channels and delivery… changes them."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = QLabel("")
        self.error.setObjectName("SettingsError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _cap_box(name: str, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(0, 100)
        box.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "no limit"))
        box.setValue(value)
        return box

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Projects folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        """Check and store everything, apply the theme and language; stays open on a bad value."""
        region = self.region.currentText().strip().upper()
        try:
            quiet = keys.check_quiet_hours(self.quiet.text())
            if len(region) != 2 or not region.isalpha():
                raise ValueError(self.tr("The phone region is a two-letter country code such as RU, not “{region}”.")
                        .format(region=region))
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        s = self.settings
        s.setValue(keys.THEME_KEY, self.theme.currentData())
        language = str(self.language.currentData())
        s.setValue(keys.LANGUAGE_KEY, language)
        s.setValue(keys.PROJECTS_DIR_KEY, self.folder.text().strip())
        s.setValue(keys.REGION_KEY, region)
        s.setValue(keys.QUIET_KEY, quiet)
        s.setValue(keys.CAP_DAY_KEY, self.per_day.value())
        s.setValue(keys.CAP_WEEK_KEY, self.per_week.value())
        s.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(self.theme.currentData()))
        self.accept()
        if language != current_language():  # the open windows were built in the old language
            self.restart_box = offer_restart(self.parentWidget(), language)
