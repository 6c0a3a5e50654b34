"""Reading the daily aggregates for a scope (project or some flows) and a range of local days.

One indexed range read of ``report_daily`` (its primary key starts with the day) plus one count
of ``report_active``; everything else is arithmetic on those rows in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

PROJECT = 0  # flow_id of project-wide rows


@dataclass(frozen=True)
class Scope:
    """What a report covers: some flows (None: the whole project) over local days ``start..end``."""

    start: date
    end: date
    flow_ids: tuple[int, ...] | None = None

    def days(self) -> list[str]:
        """Every day of the range as ``YYYY-MM-DD``, oldest first."""
        n = (self.end - self.start).days + 1
        return [(self.start + timedelta(days=i)).isoformat() for i in range(max(0, n))]


@dataclass
class Rows:
    """The aggregate rows of a scope, grouped by metric and summed on demand."""

    # metric -> [(day, flow, step, dim, value, amount), ...]
    metrics: defaultdict[str, list[tuple[str, int, str, str, int, float]]] = field(
        default_factory=lambda: defaultdict(list))
    active: dict[str, int] = field(default_factory=dict)  # day -> contacts who did anything
    # (metric, flow, step) -> the same rows: a step's figures without scanning every step's
    cells: defaultdict[tuple[str, int, str], list[tuple[str, int, str, str, int, float]]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, day: str, flow: int, step: str, metric: str, dim: str, value: int, money: float) -> None:
        row = (day, flow, step, dim, value, money)
        self.metrics[metric].append(row)
        self.cells[(metric, flow, step)].append(row)

    def total(self, metric: str, *, day: str | None = None, flow: int | None = None, step: str | None = None,
              dim: str | None = None, prefix: str | None = None, amount: bool = False) -> float:
        """The sum of ``metric`` over the rows matching every given filter."""
        out = 0.0
        rows = self.metrics.get(metric, ()) if flow is None or step is None else self.cells.get((metric, flow, step), ())
        for d, f, s, x, value, money in rows:
            if (day is not None and d != day) or (flow is not None and f != flow) or (step is not None and s != step):
                continue
            if (dim is not None and x != dim) or (prefix is not None and not x.startswith(prefix)):
                continue
            out += money if amount else value
        return out

    def by(self, metric: str, *keys: str, flow: int | None = None, step: str | None = None,
           amount: bool = False) -> dict[tuple[object, ...], float]:
        """``metric`` summed per tuple of ``keys`` (``day``, ``flow``, ``step``, ``dim``)."""
        index = [{"day": 0, "flow": 1, "step": 2, "dim": 3}[k] for k in keys]
        out: defaultdict[tuple[object, ...], float] = defaultdict(float)
        rows = self.metrics.get(metric, ()) if flow is None or step is None else self.cells.get((metric, flow, step), ())
        for row in rows:
            if (flow is not None and row[1] != flow) or (step is not None and row[2] != step):
                continue
            out[tuple(row[i] for i in index)] += row[5] if amount else row[4]
        return dict(out)


_ROWS = text("SELECT day, flow_id, step_id, metric, dim, value, amount FROM report_daily WHERE day >= :a AND day <= :b")
_ROWS_FLOWS = text(
    "SELECT day, flow_id, step_id, metric, dim, value, amount FROM report_daily "
    "WHERE day >= :a AND day <= :b AND flow_id IN :flows"
).bindparams(bindparam("flows", expanding=True))
_ACTIVE = text("SELECT day, COUNT(DISTINCT contact_id) FROM report_active WHERE day >= :a AND day <= :b "
               "AND flow_id IN :flows GROUP BY day").bindparams(bindparam("flows", expanding=True))


def fetch(session: Session, scope: Scope) -> Rows:
    """The rows of ``scope``: its flows' rows plus the project-wide ones."""
    params: dict[str, object] = {"a": scope.start.isoformat(), "b": scope.end.isoformat()}
    if scope.flow_ids is None:
        result = session.execute(_ROWS, params)
        active_flows: list[int] = [PROJECT]
    else:
        result = session.execute(_ROWS_FLOWS, {**params, "flows": [PROJECT, *scope.flow_ids]})
        active_flows = list(scope.flow_ids) or [-1]
    rows = Rows()
    for day, flow, step, metric, dim, value, money in result.all():
        rows.add(day, int(flow), step, metric, dim, int(value), float(money or 0))
    if len(active_flows) == 1:  # one flow, or the project: the trigger-kept daily count
        for day, _f, _s, _d, value, _m in rows.metrics.get("active", ()):
            if _f == active_flows[0]:
                rows.active[day] = rows.active.get(day, 0) + value
    else:  # several flows: a contact active in two of them counts once
        for day, count in session.execute(_ACTIVE, {**params, "flows": active_flows}):
            rows.active[day] = int(count)
    return rows
