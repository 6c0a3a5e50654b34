"""The project report: the daily table, per-step analytics, drop-off, goals and A/B results.

Built from :mod:`runtime.reports.query` rows (the trigger-kept daily aggregates), the current
flow definitions (for step order, names, goals and A/B groups) and the ``counters`` table (who
waits at each step now). The JSON shape is what ``flowcanvas report --format json`` prints and
what the exports flatten:

``{"scope", "zone", "from", "to", "flows", "milestones", "daily": [...], "steps": [...],
"step_days": [...], "dropoff": [...], "goals": [...], "ab": [...]}``
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from runtime.flow.model import Flow
from runtime.reports.abtest import ab_groups
from runtime.reports.query import PROJECT, Rows, Scope
from runtime.steps.registry import REGISTRY
from runtime.storage.models import CHANNELS

SKIP_KINDS = ("cap", "quiet_hours", "no_address", "unsubscribed", "blocked", "late", "other")
DEFAULT_MILESTONES = 5  # when none are chosen, the most frequent tags of the range


@dataclass(frozen=True)
class FlowDef:
    """A flow as the report needs it: id, name, the definition in force, version ids -> numbers."""

    id: int
    name: str
    flow: Flow
    versions: dict[str, int]


def step_order(flow: Flow) -> list[str]:
    """Step ids from the first steps along the edges (breadth first), then any unreachable ones."""
    seen: list[str] = []
    queue = deque(s.id for s in flow.first_steps())
    while queue:
        sid = queue.popleft()
        if sid in seen:
            continue
        seen.append(sid)
        queue.extend(e.target for e in flow.outgoing(sid))
    return seen + [s.id for s in flow.steps if s.id not in seen]


def _n(value: float) -> int:
    return round(value)


def daily_table(rows: Rows, scope: Scope, flows: list[FlowDef], milestones: list[str],
                limits: dict[str, int]) -> list[dict[str, Any]]:
    """One row per local day of the scope (see the module docstring of :mod:`runtime.reports`)."""
    project = scope.flow_ids is None
    ids = {f.id for f in flows}
    new = rows.by("new_contacts", "day", flow=PROJECT) if project else {
        k: v for k, v in rows.by("entered", "day", "flow").items() if k[1] in ids}
    new_by_day: dict[str, float] = {}
    for key, value in new.items():
        new_by_day[str(key[0])] = new_by_day.get(str(key[0]), 0) + value
    inactive = rows.by("inactive", "day", "dim", flow=PROJECT)
    tags = {k: v for k, v in rows.by("tag", "day", "flow", "dim").items()
            if (k[1] == PROJECT) == project and (project or k[1] in ids)}
    sent = {k: v for k, v in rows.by("sent_day", "day", "flow", "dim").items() if project or k[1] in ids}
    for (day, flow, dim), value in rows.by("msg", "day", "flow", "dim").items():
        if str(dim).endswith(":sandbox") and (project or flow in ids):  # set aside, as if sent, that day
            key = (day, flow, str(dim).rsplit(":", 1)[0])
            sent[key] = sent.get(key, 0) + value
    # customer channels only: team notifications are not messages against a channel's limit
    sent_channels = sorted(({str(k[2]) for k, v in sent.items() if v} | set(limits)) & set(CHANNELS), key=_channel_key)
    inactive_channels = sorted({str(k[1]).split(":")[0] for k, v in inactive.items() if v}, key=_channel_key)
    out = []
    for day in scope.days():
        row: dict[str, Any] = {"day": day, "new_contacts": _n(new_by_day.get(day, 0)),
                               "active": rows.active.get(day, 0)}
        total_inactive = 0
        for ch in inactive_channels:
            n = _n(sum(v for k, v in inactive.items() if k[0] == day and str(k[1]).startswith(ch + ":")))
            row[f"inactive.{ch}"] = n
            total_inactive += n
        row["inactive"] = total_inactive
        for tag in milestones:
            row[f"milestone.{tag}"] = _n(sum(v for k, v in tags.items() if k[0] == day and k[2] == tag))
        row["purchases_new"] = _n(rows.total("purchase_new", day=day, flow=PROJECT))
        row["purchases_new_amount"] = round(rows.total("purchase_new", day=day, flow=PROJECT, amount=True), 2)
        row["purchases"] = _n(rows.total("purchase", day=day, flow=PROJECT))
        row["purchases_amount"] = round(rows.total("purchase", day=day, flow=PROJECT, amount=True), 2)
        for ch in sent_channels:
            n = _n(sum(v for k, v in sent.items() if k[0] == day and k[2] == ch))
            row[f"sent.{ch}"] = n
            if ch in limits:
                row[f"limit.{ch}"] = limits[ch]
                row[f"over_limit.{ch}"] = n > limits[ch]
        out.append(row)
    return out


def _channel_key(ch: str) -> tuple[int, str]:
    return (CHANNELS.index(ch) if ch in CHANNELS else len(CHANNELS), ch)


def pick_milestones(rows: Rows, scope: Scope, chosen: list[str] | None) -> list[str]:
    """The milestone tags of the daily table: the chosen ones, else the range's most frequent."""
    if chosen:
        return list(chosen)
    flow = PROJECT if scope.flow_ids is None else None
    counts = rows.by("tag", "dim", flow=flow)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0][0])))
    return [str(k[0]) for k, _v in ranked[:DEFAULT_MILESTONES]]


NODE_METRICS = ("reached", "msg", "opened", "clicked", "replied", "failed", "skipped")


Cells = dict[str, dict[str, dict[str, int]]]  # metric -> day -> dim -> value


def _step_cells(rows: Rows, flow: int, step: str) -> Cells:
    """A step's figures by metric, day and dim, read once per step."""
    out: Cells = {}
    for metric in NODE_METRICS:
        by_day: dict[str, dict[str, int]] = {}
        for day, _f, _s, dim, value, _money in rows.cells.get((metric, flow, step), ()):
            dims = by_day.setdefault(day, {})
            dims[dim] = dims.get(dim, 0) + value
        out[metric] = by_day
    return out


def _node_metrics(cells: Cells, day: str | None = None) -> dict[str, Any]:
    """The step's funnel over every day (or ``day`` only)."""
    merged: dict[str, dict[str, int]] = {}
    for metric, by_day in cells.items():
        dims: dict[str, int] = {}
        for d, values in by_day.items():
            if day is None or d == day:
                for dim, value in values.items():
                    dims[dim] = dims.get(dim, 0) + value
        merged[metric] = dims

    def t(metric: str) -> int:
        return sum(merged[metric].values())

    msg = merged["msg"]
    delivered = sum(v for k, v in msg.items() if k.endswith(":sent"))
    sandbox = sum(v for k, v in msg.items() if k.endswith(":sandbox"))
    skipped = {kind: merged["skipped"].get(kind, 0) for kind in SKIP_KINDS}
    out: dict[str, Any] = {
        "reached": t("reached"), "sent": delivered + sandbox, "delivered": delivered, "sandbox": sandbox,
        "opened": t("opened"), "clicked": t("clicked"), "replied": t("replied"),
        "failed": t("failed"), "skipped": sum(skipped.values()),
    }
    out.update({f"skipped.{k}": v for k, v in skipped.items()})
    return out


def node_table(rows: Rows, flows: list[FlowDef], waiting: dict[tuple[int, str], int]) -> list[dict[str, Any]]:
    """Per-step analytics over the range, every step of every flow in flow order."""
    out = []
    for f in flows:
        for sid in _steps_with_data(rows, f):
            step = f.flow.step(sid)
            row: dict[str, Any] = {"flow": f.name, "step": sid, "name": (step.name if step else None) or sid,
                                   "type": step.type if step else "(removed)"}
            row.update(_node_metrics(_step_cells(rows, f.id, sid)))
            row["waiting_now"] = waiting.get((f.id, sid), 0)
            sent = row["sent"]
            row["open_rate"] = round(row["opened"] / sent, 4) if sent else None
            row["click_rate"] = round(row["clicked"] / sent, 4) if sent else None
            out.append(row)
    return out


def _steps_with_data(rows: Rows, f: FlowDef) -> list[str]:
    order = step_order(f.flow)
    extra = sorted({str(k[0]) for k in rows.by("reached", "step", flow=f.id)} - set(order))
    return order + extra


def node_days(rows: Rows, scope: Scope, flows: list[FlowDef]) -> list[dict[str, Any]]:
    """Per-step analytics per day (days on which the step saw anything)."""
    out = []
    days = scope.days()
    for f in flows:
        for sid in _steps_with_data(rows, f):
            cells = _step_cells(rows, f.id, sid)
            busy = {d for by_day in cells.values() for d in by_day}
            for day in days:
                if day in busy:
                    row: dict[str, Any] = {"day": day, "flow": f.name, "step": sid}
                    row.update({k: v for k, v in _node_metrics(cells, day).items() if "." not in k})
                    out.append(row)
    return out


def dropoff(nodes: list[dict[str, Any]], flows: list[FlowDef]) -> list[dict[str, Any]]:
    """For every edge: how many of those who reached the source step reached the target."""
    reached = {(n["flow"], n["step"]): n["reached"] for n in nodes}
    out = []
    for f in flows:
        for e in f.flow.edges:
            a, b = reached.get((f.name, e.source), 0), reached.get((f.name, e.target), 0)
            out.append({"flow": f.name, "from": e.source, "port": e.port, "to": e.target, "from_reached": a,
                        "to_reached": b, "passed": round(b / a, 4) if a else None,
                        "drop": round(1 - b / a, 4) if a else None})
    return out


def goals(rows: Rows, flows: list[FlowDef]) -> list[dict[str, Any]]:
    """Conversion to each flow's goal per version (entries and goal exits of the range)."""
    out = []
    for f in flows:
        goal = f.flow.goal or {}
        entered = rows.by("entered", "dim", flow=f.id)
        reached = rows.by("goal", "dim", flow=f.id)
        for vid in sorted({k[0] for k in entered} | {k[0] for k in reached}, key=lambda v: f.versions.get(str(v), 0)):
            n, c = _n(entered.get((vid,), 0)), _n(reached.get((vid,), 0))
            out.append({"flow": f.name, "goal": goal.get("event") or ("condition" if goal else None),
                        "within": goal.get("within"), "version": f.versions.get(str(vid)), "entered": n,
                        "converted": c, "conversion": round(c / n, 4) if n else 0.0})
    return out


def ab_results(rows: Rows, flows: list[FlowDef]) -> list[dict[str, Any]]:
    """Every ``ab_split`` step: its groups' sizes, goal conversions and comparisons with the first."""
    out = []
    for f in flows:
        for step in f.flow.steps:
            step_type = REGISTRY.get(step.type)
            if step_type is None or not step_type.ab_test:
                continue
            names = [str(g.get("name")) for g in step.config.get("groups") or [] if isinstance(g, dict)]
            sizes = rows.by("port", "dim", flow=f.id, step=step.id)
            conv = rows.by("goal_port", "dim", flow=f.id, step=step.id)
            groups = [(name, _n(sizes.get((name,), 0)), _n(conv.get((name,), 0))) for name in names]
            out.append({"flow": f.name, "step": step.id, "name": step.name or step.id,
                        "goal": (f.flow.goal or {}).get("event"), "groups": ab_groups(groups)})
    return out


_WAITING = text(
    "SELECT flow_id, step_id, value FROM counters WHERE flow_id IN :flows AND name = 'waiting' AND step_id <> ''"
).bindparams(bindparam("flows", expanding=True))


def waiting_now(session: Session, flow_ids: list[int]) -> dict[tuple[int, str], int]:
    """Tokens parked at each step now (the ``waiting`` counters)."""
    if not flow_ids:
        return {}
    return {(int(f), s): int(v) for f, s, v in session.execute(_WAITING, {"flows": flow_ids})}
