"""Errors the runtime reports to users.

Every error names the bad input (file, line, step id, flow or contact) so the CLI and the
designer can show it as it is. The CLI prints ``str(error)`` on stderr and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class FlowCanvasError(Exception):
    """Base class for every error meant to be shown to a user."""

    exit_code: int = 2


class ProjectError(FlowCanvasError):
    """The project file or database cannot be opened or used (not SQLite, newer schema, ...)."""


class NotFoundError(FlowCanvasError):
    """A flow, contact or other named object does not exist in the project."""


class ReadOnlyProjectError(FlowCanvasError):
    """The project was opened read-only (another runner holds it): nothing may be written."""


class InputError(FlowCanvasError):
    """A user-supplied file or argument is malformed (bad JSON, bad CSV, bad option)."""


class FlowValidationError(FlowCanvasError):
    """A flow has validation errors; ``problems`` lists each with its step id."""

    def __init__(self, message: str, problems: Sequence[Any] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
