"""The page shown while no project is open: create, open or reopen one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from designer.main_window import MainWindow


class WelcomeWidget(QWidget):
    """Shown when no project is open: create, open or reopen one."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("Welcome")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(12)
        title = QLabel(self.tr("Welcome to FlowCanvas"))
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)  # a longer language wraps on a small screen rather than widening the window
        layout.addWidget(title)
        text = QLabel(self.tr("Design automated email, SMS, Telegram, WhatsApp and push flows, and watch contacts move "
                      "through them live.\nA project is one file on this computer."))
        text.setProperty("role", "subtitle")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)  # a narrow window wraps it instead of growing to its width
        text.setMaximumWidth(760)
        layout.addWidget(text)
        new = QPushButton(self.tr("New project…"))
        new.setProperty("primary", True)
        new.clicked.connect(window.new_project)
        demo = QPushButton(self.tr("New demo project…"))
        demo.clicked.connect(lambda: window.new_project(demo=True))
        open_ = QPushButton(self.tr("Open project…"))
        open_.clicked.connect(window.ask_open_project)
        for button in (new, demo, open_):
            button.setMinimumWidth(220)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        recent = window.recent_projects()
        if recent:
            label = QLabel(self.tr("Recent"))
            label.setProperty("role", "section")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
            for path in recent[:5]:
                link = QPushButton(Path(path).name)
                link.setProperty("flat", True)
                link.setToolTip(path)
                link.clicked.connect(lambda _c=False, p=path: window.open_project(p))
                layout.addWidget(link, 0, Qt.AlignmentFlag.AlignHCenter)
