"""Fail when a module is over 600 lines or a function over 80 (the developers' guide limits).

Run as ``python tools/check_size.py [paths...]`` (defaults to ``runtime designer``); prints each
offender as ``path:line: what`` and exits 1 when there is one. Alembic migrations are exempt: they
are written once, never edited, and read top to bottom.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
EXEMPT_PARTS = ("migrations",)


def python_files(roots: list[Path]) -> Iterator[Path]:
    """Every ``.py`` file under ``roots`` except the exempt folders."""
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            if not any(part in EXEMPT_PARTS for part in path.parts):
                yield path


def problems(path: Path) -> Iterator[str]:
    """The size problems of one file, one line each."""
    source = path.read_text(encoding="utf-8")
    lines = source.count("\n") + (0 if source.endswith("\n") or not source else 1)
    if lines > MAX_MODULE_LINES:
        yield f"{path}:1: module has {lines} lines (limit {MAX_MODULE_LINES})"
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield f"{path}:{node.lineno}: function {node.name} has {length} lines (limit {MAX_FUNCTION_LINES})"


def main(argv: list[str]) -> int:
    roots = [Path(arg) for arg in argv] or [Path("runtime"), Path("designer")]
    found = [problem for path in python_files(roots) for problem in problems(path)]
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
