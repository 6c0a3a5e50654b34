"""Choosing a CSV column mapping before an import: which contact field each header name
most likely means, so the designer's mapping step can pre-select it.

A header that already is a field name (any case) means that field; a few usual synonyms
(Russian exports, "E-mail") are recognised; everything else stays an attribute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.contacts.importer import KNOWN_COLUMNS, read_csv_header

# Usual header names of exports, casefolded, by the field they hold.
SYNONYMS: dict[str, str] = {
    "имя": "first_name",
    "фамилия": "last_name",
    "телефон": "phone",
    "почта": "email",
    "эл. почта": "email",
    "электронная почта": "email",
    "e-mail": "email",
    "теги": "tags",
}


def suggested_field(name: str) -> str | None:
    """The contact field the header ``name`` most likely holds, or None (keep as attribute)."""
    key = name.strip().casefold()
    if key in KNOWN_COLUMNS:
        return key
    return SYNONYMS.get(key)


def csv_columns(path: str | Path) -> dict[str, Any]:
    """The header of the CSV ``path`` with a suggested field per column:
    ``{"columns": [...], "fields": [...], "suggested": {column: field or None}}``."""
    columns = read_csv_header(path)
    return {
        "columns": columns,
        "fields": list(KNOWN_COLUMNS),
        "suggested": {name: suggested_field(name) for name in columns},
    }
