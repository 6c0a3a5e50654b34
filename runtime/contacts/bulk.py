"""Fast bulk writes for imports: a Core statement compiled once, rows handed to DB-API executemany.

``Connection.execute(statement, list_of_dicts)`` spends most of its time per row building
parameter dicts and running every column's bind processor, even for values that are the same
on every row (the import time, ``"subscribed"``). Here SQLAlchemy still compiles the statement
for the connection's dialect and the column types still convert the values (JSON, UTC
datetimes), but constants are converted once and rows are plain tuples handed to the DB-API
``executemany``: several times faster on 100,000 contacts, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.sql.compiler import Compiled, SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

BATCH = 5000  # rows per executemany: bounded memory per call, few round trips


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    batch: int = BATCH,
) -> int:
    """Insert ``rows`` (values in ``columns`` order) into ``table``; returns the row count.

    ``constants`` gives columns that have the same value on every row. Values are Python
    values as for the ORM (datetimes, dicts for JSON); the column types convert them. Every
    column with a Python-side default must be given (ValueError otherwise).
    """
    constants = dict(constants or {})
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=[*columns, *constants])
    return _run(conn, compiled, columns, rows, constants, batch)


def bulk_execute(
    conn: Connection,
    statement: ClauseElement,
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    batch: int = BATCH,
) -> int:
    """Run ``statement`` (with typed ``bindparam``s) once per row; values in ``names`` order.

    A None value is passed as SQL NULL without conversion, so ``COALESCE(:x, column)``
    keeps the stored value (even for JSON columns, whose type would store JSON ``null``).
    """
    compiled = statement.compile(dialect=conn.dialect)
    return _run(conn, compiled, names, rows, dict(constants or {}), batch)


def _run(
    conn: Connection,
    compiled: Compiled,
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: dict[str, Any],
    batch: int,
) -> int:
    if not isinstance(compiled, SQLCompiler):  # an INSERT or UPDATE always compiles to one
        raise TypeError(f"bulk statements are INSERT or UPDATE, not {type(compiled).__name__}")
    dialect = conn.dialect
    binds = compiled.binds
    all_names = [*names, *constants]

    def processor(name: str) -> Callable[[Any], Any] | None:
        # The dialect's own implementation, as SQLAlchemy uses: generic DateTime has no
        # processor, SQLite's DATETIME formats the stored string.
        bind_processor: Callable[[Any], Any] | None = binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        return bind_processor

    const_values = []
    for name, value in constants.items():
        process = processor(name)
        const_values.append(process(value) if process is not None and value is not None else value)
    processors = [(i, process) for i, name in enumerate(names) if (process := processor(name)) is not None]
    positional = bool(compiled.positiontup)
    order = list(compiled.positiontup or ()) if positional else list(binds)
    unknown = set(order) - set(all_names)
    if unknown:  # e.g. a column default SQLAlchemy would have to fill in
        raise ValueError(f"bulk statement needs values for {sorted(unknown)}")
    pick = itemgetter(*[all_names.index(name) for name in order])
    sql = str(compiled)
    count = 0
    chunk: list[Any] = []

    def flush() -> None:
        if chunk:
            conn.exec_driver_sql(sql, chunk if positional else [dict(zip(order, values, strict=False)) for values in chunk])
            chunk.clear()

    for row in rows:
        values = list(row)
        for index, process in processors:
            if values[index] is not None:
                values[index] = process(values[index])
        values.extend(const_values)
        picked = pick(values)
        chunk.append(picked if isinstance(picked, tuple) else (picked,))
        count += 1
        if len(chunk) >= batch:
            flush()
    flush()
    return count
