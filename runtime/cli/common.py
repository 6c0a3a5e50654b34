"""Helpers every CLI command module shares: opening the project, its clock, printing JSON.

Kept here so that every command opens and closes a project the same way, takes the project's
virtual now the same way, and prints JSON in one format (2-space indent, non-ASCII kept as is,
datetimes and other non-JSON values as their ``str``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from runtime.clock import Clock, SystemClock
from runtime.storage.project_clock import project_clock
from runtime.storage.db import Project, open_project
from runtime.service import ProjectService

__all__ = ["opened_project", "opened_service", "print_json", "project_clock_of"]


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@contextmanager
def opened_project(target: str) -> Iterator[Project]:
    """Open the project at ``target`` (path or URL) and close it however the command ends."""
    project = open_project(target)
    try:
        yield project
    finally:
        project.close()


def project_clock_of(project: Project) -> Clock:
    """The project's virtual now when it runs on a virtual clock, else the wall clock."""
    with project.session() as session:
        return project_clock(session, SystemClock())


@contextmanager
def opened_service(target: str) -> Iterator[ProjectService]:
    """The project at ``target`` (path or URL) behind the service, closed however the command ends.

    Its clock is the project's: its virtual now when it runs on a virtual clock, else the wall clock.
    """
    service = ProjectService.open(target)
    try:
        yield service
    finally:
        service.close()
