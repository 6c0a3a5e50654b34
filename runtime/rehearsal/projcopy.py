"""Throw-away copies of a project for ``simulate`` and ``rehearse``.

The copy is made with SQLite's online backup API (consistent even while another process
writes, WAL included) into a temporary directory that is removed afterwards, so nothing the
simulation does can reach the real project.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from runtime.errors import ProjectError
from runtime.storage.db import Project, open_project


def project_file(project: Project) -> Path:
    """The SQLite file of ``project`` (ProjectError for a database URL)."""
    if project.dialect != "sqlite" or not project.engine.url.database:
        raise ProjectError(f"{project.label}: simulate and rehearse work on a project file, not a database server")
    return Path(project.engine.url.database)


@contextmanager
def project_copy(project: Project) -> Iterator[Project]:
    """An opened copy of ``project`` in a temporary directory, deleted on exit."""
    source = project_file(project)
    with tempfile.TemporaryDirectory(prefix="flowcanvas-sim-") as tmp:
        target = Path(tmp) / "copy.fcproj"
        src = sqlite3.connect(str(source))
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        copy = open_project(target)
        try:
            yield copy
        finally:
            copy.close()
