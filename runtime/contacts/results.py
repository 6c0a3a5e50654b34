"""Results of imports: counts plus one error per rejected line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowError:
    """A rejected line of an input file (line 1 is a CSV's header) and why it was rejected."""

    line: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason}


class _PartialImport:
    """What every import result shares: the exit code of an import that may reject some lines."""

    errors: list[RowError]

    @property
    def exit_code(self) -> int:
        """0 when every line was imported, 1 when some were rejected (the good ones still were)."""
        return 1 if self.errors else 0


@dataclass
class ImportResult(_PartialImport):
    """Outcome of a contacts CSV import: contacts created, contacts updated, rejected lines."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "rejected": [e.to_json() for e in self.errors]}


@dataclass
class EventImportResult(_PartialImport):
    """Outcome of an events JSONL import: events recorded and rejected lines."""

    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0  # contacts created from the events' props (--create-contacts)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"imported": self.imported, "rejected": [e.to_json() for e in self.errors]}
        if self.created:
            out["created_contacts"] = self.created  # only with --create-contacts
        return out
