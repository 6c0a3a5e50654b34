"""Development helper: autogenerate a new schema revision from ``models.py``.

Usage: ``.venv/bin/python -m runtime.storage.migrations.new "what changed"``. It upgrades a
scratch SQLite database to the current head, compares it with the models and writes the
difference to ``versions/``. Check the result by hand (partial indexes, server defaults).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from runtime.storage.db import MIGRATIONS_DIR


def main(message: str) -> None:
    """Write a new revision named ``message``."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", f"sqlite:///{Path(tmp) / 'scratch.db'}")
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    main(" ".join(sys.argv[1:]) or "schema change")
