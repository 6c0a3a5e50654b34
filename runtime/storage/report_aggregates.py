"""Daily report aggregates kept by database triggers, in the same transaction as each change.

Every write path (the engine's raw batch inserts, the dispatcher, imports, the inbound API,
Telegram polling) ends in the same tables, so the aggregates are maintained there, by triggers on
``contacts``, ``tag_log``, ``events``, ``executions``, ``step_log`` and ``outbox``, rather than by
code in each writer. A trigger adds to ``report_daily`` (one row per day, flow, step, metric, dim)
and ``report_active`` (who did anything that day); reports then read a few hundred rows instead
of scanning the step log.

On PostgreSQL, where several runtime workers write at once, the triggers only append delta rows
(``report_delta``, ``report_active_delta``): upserting the shared daily rows from concurrent
transactions locked them in different orders and deadlocked the workers. A report first folds the
deltas into the aggregates under an advisory lock (:func:`fold`), so it shows the same figures.
There every trigger runs once per statement over the statement's transition tables, counting its
rows set-wise with the same specs (a bulk insert of 1,000 rows costs one statement per metric).
SQLite has one writer at a time and keeps the direct upsert. There the bulk writers (the engine's
batches, entries, event imports) mute the per-row triggers of the tables they fill and count their
rows with one set-wise statement per metric instead (``batched`` triggers,
:mod:`runtime.storage.report_batch`): the same specs, the same aggregates.

Days are days of the project's reporting zone: ``report_zone`` holds the zone's UTC offsets from
each of its DST transitions on, so the triggers (plain SQL, on SQLite and PostgreSQL alike) can
turn a UTC time into a local date. Changing the zone refills that table and rebuilds the
aggregates from the base tables (:func:`set_report_zone`), using the same statement specs as the
triggers.

Metrics (``flow_id`` 0 = project-wide, ``step_id`` "" = flow level):

project: ``new_contacts``; ``inactive`` (dim ``channel:status``); ``tag`` (dim tag; also per flow
that added it); ``event`` (dim name); ``purchase`` / ``purchase_new`` (value = count, amount = sum of
``props.amount``, else ``props.total``; new = the contact was created the same local day).
flow (or project, flow 0): ``active`` (contacts in ``report_active`` that day);
flow: ``entered`` (dim version id); ``ended`` (dim exit reason); ``goal`` (dim version id).
step: ``reached`` (first log row of a visit); ``port`` (dim port, branch ports only: not ``next`` or
``failed``); ``goal_port`` (dim port: goal exits whose execution left this step through that port);
``failed``; ``skipped`` (dim no_address,
unsubscribed, blocked, cap, quiet_hours, late, other); ``msg`` (dim ``channel:status``, by the day
the message was queued); ``sent_day`` (dim channel, by the day the provider took it; messages set
aside in sandbox count on the day they were queued, from ``msg``); ``opened`` / ``clicked`` / ``replied``
(dim channel, first per message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Connection

from runtime.clock import UTC
from runtime.storage.models import CHANNELS as STATUS_CHANNELS

ZONE_FROM = datetime(2000, 1, 1, tzinfo=UTC)
ZONE_TO = datetime(2100, 1, 1, tzinfo=UTC)
_DAILY_COLS = "day, flow_id, step_id, metric, dim, value, amount"
_DAILY_KEY = "day, flow_id, step_id, metric, dim"
FOLD_LOCK = 0x46435245  # advisory lock key of the delta fold ("FCRE")


class Dialect:
    """The few SQL expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, name: str) -> None:
        self.pg = name == "postgresql"

    def day(self, ts: str) -> str:
        """The reporting-zone date (``YYYY-MM-DD``) of the UTC timestamp expression ``ts``."""
        off = (f"COALESCE((SELECT z.offset_minutes FROM report_zone z WHERE z.start_utc <= {ts} "
               "ORDER BY z.start_utc DESC LIMIT 1), 0)")
        if self.pg:
            return f"to_char({ts} + make_interval(mins => {off}), 'YYYY-MM-DD')"
        return f"date({ts}, {off} || ' minutes')"

    def js(self, col: str, key: str) -> str:
        """The text of key ``key`` of JSON column ``col`` (NULL when missing)."""
        return f"({col} ->> '{key}')" if self.pg else f"json_extract({col}, '$.{key}')"

    def num(self, expr: str) -> str:
        """``expr`` as a number, 0 when it is not one (a bad amount never breaks the insert)."""
        if self.pg:
            return f"(CASE WHEN {expr} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN CAST({expr} AS DOUBLE PRECISION) ELSE 0 END)"
        return f"COALESCE(CAST({expr} AS REAL), 0)"

    def int_(self, expr: str) -> str:
        """``expr`` as an integer id, NULL when it is not one."""
        if self.pg:
            return f"(CASE WHEN {expr} ~ '^[0-9]{{1,15}}$' THEN CAST({expr} AS BIGINT) END)"
        return f"CAST({expr} AS INTEGER)"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)"

    def probe(self) -> str:
        """Ends a ``NOT EXISTS (SELECT ...)`` that must stay an index probe per row: PostgreSQL
        would turn it into an anti join, and a statement trigger's plan, cached while the table
        was small, then hashed the whole step log (or events) at every batch. ``OFFSET 0`` keeps
        the subquery as it is; SQLite has no such rewrite (and no OFFSET without LIMIT)."""
        return " OFFSET 0" if self.pg else ""


@dataclass(frozen=True)
class Stmt:
    """One insert a trigger runs: into ``report_daily`` (an upsert adding value/amount) or
    ``report_active`` (insert-if-missing). Column expressions may use ``NEW``/``OLD``."""

    cols: tuple[str, ...]  # day, flow, step, metric, dim, value, amount  |  day, flow, contact
    where: str = "1=1"
    from_: str = ""  # extra FROM items for the trigger (NEW is implicit)
    rebuild_from: str | None = None  # FROM items when rebuilding (defaults to from_)
    active: bool = False


@dataclass(frozen=True)
class Trig:
    """A trigger: after ``event`` on ``table`` when ``when``, run ``stmts``.

    ``rebuild_when`` (None: not used when rebuilding) selects the base rows whose current state
    the statements count when the aggregates are rebuilt from scratch.
    """

    name: str
    table: str
    event: str  # "INSERT" or "UPDATE OF col, ..."
    when: str
    stmts: tuple[Stmt, ...]
    rebuild_when: str | None = "1=1"
    extra: dict[str, str] = field(default_factory=dict)
    # an INSERT trigger that a bulk writer on SQLite may mute (``report_mute``) while it inserts many
    # rows, counting them afterwards with one set-wise statement per stmt (runtime.storage.report_batch)
    batched: bool = False


def _bump(day: str, flow: str, step: str, metric: str, dim: str, value: str = "1", amount: str = "0",
          where: str = "1=1", from_: str = "", rebuild_from: str | None = None) -> Stmt:
    return Stmt((day, flow, step, metric, dim, value, amount), where, from_, rebuild_from)


def _active(day: str, flow: str, contact: str, where: str = "1=1", from_: str = "") -> Stmt:
    return Stmt((day, flow, contact), where, from_, active=True)


def _skip_kind(reason: str) -> str:
    return (f"(CASE WHEN {reason} LIKE '%frequency cap%' THEN 'cap' WHEN {reason} LIKE '%quiet hours%' THEN 'quiet_hours' "
            f"WHEN {reason} LIKE '%give-up%' OR {reason} LIKE '%lateness%' OR {reason} LIKE 'late%' THEN 'late' "
            "ELSE 'other' END)")


def _contact_triggers(d: Dialect) -> list[Trig]:
    """Contacts: new, inactive per channel."""
    out: list[Trig] = []
    ins = [_bump(d.day("NEW.created_at"), "0", "''", "'new_contacts'", "''")]
    upd = []
    for ch in STATUS_CHANNELS:
        col = f"NEW.{ch}_status"
        ins.append(_bump(d.day("NEW.updated_at"), "0", "''", "'inactive'", f"'{ch}:' || {col}",
                         where=f"{col} IN ('unsubscribed', 'blocked')"))
        upd.append(_bump(d.day("NEW.updated_at"), "0", "''", "'inactive'", f"'{ch}:' || {col}",
                         where=f"{col} IN ('unsubscribed', 'blocked') AND {col} <> OLD.{ch}_status"))
    out.append(Trig("fc_rep_contacts_ins", "contacts", "INSERT", "1=1", tuple(ins)))
    out.append(Trig("fc_rep_contacts_upd", "contacts",
                    "UPDATE OF " + ", ".join(f"{c}_status" for c in STATUS_CHANNELS), "1=1", tuple(upd), None))
    return out


def _tag_triggers(d: Dialect) -> list[Trig]:
    """Tags: milestones."""
    out: list[Trig] = []
    tday = d.day("NEW.at")
    out.append(Trig("fc_rep_tags_ins", "tag_log", "INSERT", "NEW.action = 'add'", (
        _bump(tday, "0", "''", "'tag'", "NEW.tag"),
        _bump(tday, "f.id", "''", "'tag'", "NEW.tag", from_="flows f",
              where="NEW.\"by\" LIKE 'flow:' || f.name || '/%'"),
    )))
    return out


def _event_triggers(d: Dialect) -> list[Trig]:
    """Events: activity, purchases, tracking."""
    out: list[Trig] = []
    eday = d.day("NEW.occurred_at")
    props = "NEW.properties"
    first_of_msg = (f"NOT EXISTS (SELECT 1 FROM events e2 WHERE e2.contact_id = NEW.contact_id AND e2.name = NEW.name "
                    f"AND e2.id < NEW.id AND {d.js('e2.properties', 'outbox_id')} = {d.js(props, 'outbox_id')}{d.probe()})")
    latest_tg = ("o.id = (SELECT MAX(o2.id) FROM outbox o2 WHERE o2.contact_id = NEW.contact_id "
                 "AND o2.channel = 'telegram' AND o2.created_at <= NEW.occurred_at)")
    first_since = ("NOT EXISTS (SELECT 1 FROM events e2 WHERE e2.contact_id = NEW.contact_id AND e2.name = NEW.name "
                   f"AND e2.occurred_at >= o.created_at AND e2.id < NEW.id{d.probe()})")
    amount = d.num(f"COALESCE({d.js(props, 'amount')}, {d.js(props, 'total')})")
    out.append(Trig("fc_rep_events_ins", "events", "INSERT", "1=1", batched=True, stmts=(
        _bump(eday, "0", "''", "'event'", "NEW.name"),
        _active(eday, "0", "NEW.contact_id"),
        _active(eday, "x.flow_id", "NEW.contact_id", from_="executions x",
                where="x.contact_id = NEW.contact_id AND x.status = 'active'"),
        _bump(eday, "0", "''", "'purchase'", "''", amount=amount, where="NEW.name = 'purchase'"),
        _bump(eday, "0", "''", "'purchase_new'", "''", amount=amount, from_="contacts c",
              where=f"NEW.name = 'purchase' AND c.id = NEW.contact_id AND {d.day('c.created_at')} = {eday}"),
        _bump(eday, "o.flow_id", "o.step_id", "(CASE NEW.name WHEN 'email_opened' THEN 'opened' ELSE 'clicked' END)",
              "o.channel", from_="outbox o",
              where=(f"NEW.name IN ('email_opened', 'email_clicked') AND o.id = {d.int_(d.js(props, 'outbox_id'))} "
                     f"AND o.flow_id IS NOT NULL AND {first_of_msg}")),
        _bump(eday, "o.flow_id", "o.step_id", "'clicked'", "'telegram'", from_="outbox o",
              where=f"NEW.name = 'button' AND o.flow_id IS NOT NULL AND {latest_tg} AND {first_since}"),
        _bump(eday, "o.flow_id", "o.step_id", "'replied'", "'telegram'", from_="outbox o",
              where=(f"NEW.name = 'message' AND {d.js(props, 'channel')} = 'telegram' "
                     f"AND COALESCE({d.js(props, 'from')}, 'contact') = 'contact' AND o.flow_id IS NOT NULL "
                     f"AND {latest_tg} AND {first_since}")),
    )))
    return out


def _execution_triggers(d: Dialect) -> list[Trig]:
    """Executions: entries, exits, goals (per version and per branch taken)."""
    out: list[Trig] = []
    xday = d.day("COALESCE(NEW.ended_at, NEW.entered_at)")
    out.append(Trig("fc_rep_exec_ins", "executions", "INSERT", "1=1", batched=True, stmts=(
        _bump(d.day("NEW.entered_at"), "NEW.flow_id", "''", "'entered'", d.text("NEW.version_id")),
        _active(d.day("NEW.entered_at"), "NEW.flow_id", "NEW.contact_id"),  # entering is doing something
    )))
    out.append(Trig("fc_rep_exec_end", "executions", "UPDATE OF status",
                    "OLD.status = 'active' AND NEW.status <> 'active'", (
        _bump(xday, "NEW.flow_id", "''", "'ended'", "COALESCE(NEW.exit_reason, NEW.status)"),
        _bump(xday, "NEW.flow_id", "''", "'goal'", d.text("NEW.version_id"), where="NEW.exit_reason = 'goal'"),
        _bump(xday, "NEW.flow_id", "q.step_id", "'goal_port'", "q.port", where="NEW.exit_reason = 'goal'",
              from_=("(SELECT DISTINCT step_id, port FROM step_log WHERE execution_id = NEW.id "
                     "AND port IS NOT NULL AND port NOT IN ('next', 'failed') AND outcome <> 'waiting') q"),
              rebuild_from=("(SELECT DISTINCT execution_id, step_id, port FROM step_log "
                            "WHERE port IS NOT NULL AND port NOT IN ('next', 'failed') AND outcome <> 'waiting') q")),
    ), rebuild_when="NEW.status <> 'active'", extra={"rebuild_join": "q.execution_id = NEW.id"}))
    return out


def _step_triggers(d: Dialect) -> list[Trig]:
    """Step log: reached, ports, failures and skips."""
    out: list[Trig] = []
    sday = d.day("NEW.at")
    reason = d.js("NEW.detail", "reason")
    first_visit = ("NOT EXISTS (SELECT 1 FROM step_log s WHERE s.execution_id = NEW.execution_id "
                   f"AND s.step_id = NEW.step_id AND s.visit = NEW.visit AND s.id < NEW.id{d.probe()})")
    unreachable = (f"(CASE WHEN {reason} LIKE 'no % address' OR {reason} LIKE 'no reachable%' THEN 'no_address' "
                   f"WHEN {reason} LIKE '%unsubscribed%' THEN 'unsubscribed' WHEN {reason} LIKE '%blocked%' THEN 'blocked' END)")
    out.append(Trig("fc_rep_steps_ins", "step_log", "INSERT", "1=1", batched=True, stmts=(
        _bump(sday, "NEW.flow_id", "NEW.step_id", "'reached'", "''", where=first_visit),
        # branch ports only: "next" is the plain way on and would double every row's cost
        _bump(sday, "NEW.flow_id", "NEW.step_id", "'port'", "NEW.port",
              where="NEW.port IS NOT NULL AND NEW.port NOT IN ('next', 'failed') AND NEW.outcome <> 'waiting'"),
        _bump(sday, "NEW.flow_id", "NEW.step_id", "'failed'", "''",
              where=f"NEW.outcome = 'failed' AND {unreachable} IS NULL"),
        _bump(sday, "NEW.flow_id", "NEW.step_id", "'skipped'", unreachable,
              where=f"NEW.outcome = 'failed' AND {unreachable} IS NOT NULL"),
        # skips of queued messages (caps, quiet hours) are counted from the outbox row
        _bump(sday, "NEW.flow_id", "NEW.step_id", "'skipped'", _skip_kind(reason),
              where=f"NEW.outcome = 'skipped' AND {d.js('NEW.detail', 'outbox_id')} IS NULL"),
    )))
    return out


def _active_triggers(d: Dialect) -> list[Trig]:
    """Active contacts: a daily count kept as rows arrive (an insert that hit an existing row
    fires nothing), so reports read one number per day instead of counting contacts."""
    out: list[Trig] = []
    out.append(Trig("fc_rep_active_ins", "report_active", "INSERT", "1=1", (
        _bump("NEW.day", "NEW.flow_id", "''", "'active'", "''"),
    ), None))
    return out


def _outbox_triggers(d: Dialect) -> list[Trig]:
    """Outbox: message states, sends per day, skips by reason."""
    out: list[Trig] = []
    oday = d.day("NEW.created_at")
    oflow, ostep = "COALESCE(NEW.flow_id, 0)", "COALESCE(NEW.step_id, '')"
    sent_day = d.day("COALESCE(NEW.sent_at, NEW.created_at)")
    out.append(Trig("fc_rep_outbox_ins", "outbox", "INSERT", "1=1", batched=True, stmts=(
        _bump(oday, oflow, ostep, "'msg'", "NEW.channel || ':' || NEW.status"),
        # sandbox rows count as sent on the day they were queued: read from ``msg``, no second upsert
        _bump(sent_day, oflow, ostep, "'sent_day'", "NEW.channel", where="NEW.status = 'sent'"),
        _bump(oday, oflow, ostep, "'skipped'", _skip_kind("NEW.reason"), where="NEW.status = 'skipped'"),
    )))
    out.append(Trig("fc_rep_outbox_upd", "outbox", "UPDATE OF status", "NEW.status <> OLD.status", (
        _bump(d.day("OLD.created_at"), "COALESCE(OLD.flow_id, 0)", "COALESCE(OLD.step_id, '')", "'msg'",
              "OLD.channel || ':' || OLD.status", value="-1"),
        _bump(oday, oflow, ostep, "'msg'", "NEW.channel || ':' || NEW.status"),
        _bump(sent_day, oflow, ostep, "'sent_day'", "NEW.channel", where="NEW.status = 'sent'"),
        _bump(oday, oflow, ostep, "'skipped'", _skip_kind("NEW.reason"), where="NEW.status = 'skipped'"),
    ), None))
    return out


def triggers(d: Dialect) -> list[Trig]:
    """Every aggregate trigger, for dialect ``d``."""
    makers = (_contact_triggers, _tag_triggers, _event_triggers, _execution_triggers, _step_triggers, _active_triggers,
              _outbox_triggers)
    return [t for make in makers for t in make(d)]


def _insert(stmt: Stmt, select: str, delta: bool = False) -> str:
    """The insert of ``stmt``'s rows: an upsert into the aggregates, or (``delta``, PostgreSQL
    triggers) a plain append to the delta tables, which takes no lock another writer can wait on."""
    if delta:
        if stmt.active:
            return f"INSERT INTO report_active_delta (day, flow_id, contact_id) {select}"
        return f"INSERT INTO report_delta ({_DAILY_COLS}) {select}"
    if stmt.active:
        return f"INSERT INTO report_active (day, flow_id, contact_id) {select} ON CONFLICT DO NOTHING"
    return (f"INSERT INTO report_daily ({_DAILY_COLS}) {select} ON CONFLICT ({_DAILY_KEY}) "
            "DO UPDATE SET value = report_daily.value + excluded.value, amount = report_daily.amount + excluded.amount")


def _trigger_sql(stmt: Stmt, delta: bool = False) -> str:
    frm = f" FROM {stmt.from_}" if stmt.from_ else ""
    return _insert(stmt, f"SELECT {', '.join(stmt.cols)}{frm} WHERE {stmt.where}", delta)


def _rebuild_sql(trig: Trig, stmt: Stmt, rows: str | None = None) -> str:
    """The statement counting ``stmt`` over the base table's rows (``rows``: a condition on ``NEW``
    picking some of them, e.g. those a bulk writer just inserted; default all)."""
    extra = stmt.rebuild_from if stmt.rebuild_from is not None else stmt.from_
    frm = f"{trig.table} NEW" + (f", {extra}" if extra else "")
    join = trig.extra.get("rebuild_join") if stmt.rebuild_from is not None else None
    when = trig.when if trig.event == "INSERT" else trig.rebuild_when
    where = (f"({rows}) AND " if rows else "") + f"({when}) AND ({stmt.where})" + (f" AND {join}" if join else "")
    return _counted(stmt, frm, where)


def _counted(stmt: Stmt, frm: str, where: str, delta: bool = False) -> str:
    """The set-wise insert of what ``stmt`` counts over ``FROM frm WHERE where``: distinct rows
    of ``report_active``, or one summed row per key of ``report_daily``."""
    if stmt.active:
        return _insert(stmt, f"SELECT DISTINCT {', '.join(stmt.cols)} FROM {frm} WHERE {where}", delta)
    names = ("k_day", "k_flow", "k_step", "k_metric", "k_dim", "k_value", "k_amount")
    inner = ", ".join(f"{c} AS {n}" for c, n in zip(stmt.cols, names, strict=True))
    return _insert(stmt, f"SELECT k_day, k_flow, k_step, k_metric, k_dim, SUM(k_value), SUM(k_amount) "
                         f"FROM (SELECT {inner} FROM {frm} WHERE {where}) q_ WHERE 1=1 "
                         "GROUP BY k_day, k_flow, k_step, k_metric, k_dim", delta)


NEW_ROWS, OLD_ROWS = "fc_new_rows", "fc_old_rows"  # transition tables of PostgreSQL's statement triggers


def _statement_sql(trig: Trig, stmt: Stmt) -> str:
    """``stmt`` counted over a PostgreSQL statement's transition tables (``NEW`` the new rows,
    joined by id to ``OLD`` for an UPDATE), appending grouped deltas."""
    frm = f"{NEW_ROWS} NEW" + ("" if trig.event == "INSERT" else f" JOIN {OLD_ROWS} OLD ON OLD.id = NEW.id")
    if stmt.from_:
        # a subquery reading NEW (the goal's branches) becomes a lateral join
        frm += ", " + ("LATERAL " if stmt.from_.startswith("(") else "") + stmt.from_
    return _counted(stmt, frm, f"({trig.when}) AND ({stmt.where})", delta=True)


def _pg_trigger(trig: Trig, per_statement: bool) -> tuple[str, str]:
    """``(CREATE FUNCTION ..., CREATE TRIGGER ...)`` appending ``trig``'s deltas on PostgreSQL.

    ``per_statement``: the trigger runs once per statement over its transition tables with
    set-wise statements, so a 1,000-row insert of the engine costs one statement per metric
    instead of a plpgsql call and several inserts per row, and appends one grouped delta row per
    key. Rows of other transactions never appear in a transition table, so concurrent workers
    need no mute and no id ranges. An UPDATE trigger then fires on any update of the table (a
    trigger with transition tables takes no column list); its condition compares OLD and NEW."""
    if per_statement:
        body = ";\n".join(_statement_sql(trig, s) for s in trig.stmts)
        old = "" if trig.event == "INSERT" else f"OLD TABLE AS {OLD_ROWS} "
        event = "INSERT" if trig.event == "INSERT" else "UPDATE"
        # the specs name the row NEW/OLD: aliases of the transition tables, not plpgsql's (NULL) records
        fn = (f"CREATE FUNCTION {trig.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fc$\n"
              f"#variable_conflict use_column\nBEGIN\n{body};\nRETURN NULL;\nEND $fc$")
        return fn, (f"CREATE TRIGGER {trig.name} AFTER {event} ON {trig.table} REFERENCING {old}NEW TABLE AS {NEW_ROWS} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {trig.name}_fn()")
    body = ";\n".join(_trigger_sql(s, delta=True) for s in trig.stmts)
    fn = (f"CREATE FUNCTION {trig.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fc$ BEGIN\n"
          f"IF {trig.when} THEN\n{body};\nEND IF;\nRETURN NULL;\nEND $fc$")
    return fn, f"CREATE TRIGGER {trig.name} AFTER {trig.event} ON {trig.table} FOR EACH ROW EXECUTE FUNCTION {trig.name}_fn()"


MUTE_TABLE = "report_mute"


def _sqlite_triggers(trig: Trig, batched: bool = True) -> list[tuple[str, str]]:
    """``[(name, CREATE TRIGGER ...)]``: one trigger per statement, its condition in the WHEN
    clause where it can be (SQLite skips the body for free when WHEN is false; a false WHERE
    inside the body still costs a statement run per row).

    A ``batched`` trigger is one trigger whose WHEN also checks that no bulk writer muted the
    table: its rows then cost one cheap check each, and the writer counts them set-wise."""
    if trig.batched and batched:
        body = ";\n".join(_trigger_sql(s) for s in trig.stmts)
        sql = (f"CREATE TRIGGER {trig.name} AFTER {trig.event} ON {trig.table} FOR EACH ROW "
               f"WHEN ({trig.when}) AND NOT EXISTS (SELECT 1 FROM {MUTE_TABLE} m "
               f"WHERE m.table_name = '{trig.table}') BEGIN\n{body};\nEND")
        return [(trig.name, sql)]
    out = []
    for i, stmt in enumerate(trig.stmts):
        guard = f"({trig.when}) AND ({stmt.where})" if not stmt.from_ else trig.when
        body = _trigger_sql(Stmt(stmt.cols, "1=1", stmt.from_, stmt.rebuild_from, stmt.active)
                            if not stmt.from_ else stmt)
        name = f"{trig.name}_{i}"
        out.append((name, (f"CREATE TRIGGER {name} AFTER {trig.event} ON {trig.table} FOR EACH ROW "
                           f"WHEN {guard} BEGIN\n{body};\nEND")))
    return out


def install(conn: Connection, batched: bool = True, pg_per_statement: bool = True) -> None:
    """Create (or re-create) every aggregate trigger on ``conn``'s database.

    ``batched=False`` installs the SQLite triggers without the mute check (schemas before
    ``report_mute``, revision 0008); ``pg_per_statement=False`` the per-row PostgreSQL
    triggers of the schemas before revision 0009."""
    d = Dialect(conn.dialect.name)
    drop(conn)
    for trig in triggers(d):
        if d.pg:
            for sql in _pg_trigger(trig, pg_per_statement):
                conn.execute(text(sql))
        else:
            for _name, sql in _sqlite_triggers(trig, batched):
                conn.execute(text(sql))


def drop(conn: Connection) -> None:
    """Drop every aggregate trigger (and its PostgreSQL function)."""
    d = Dialect(conn.dialect.name)
    for trig in triggers(d):
        if d.pg:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}"))
            conn.execute(text(f"DROP FUNCTION IF EXISTS {trig.name}_fn()"))
        else:
            # both shapes: one trigger per statement, or one for a batched table (older projects)
            names = {name for name, _sql in _sqlite_triggers(trig)}
            names |= {trig.name} | {f"{trig.name}_{i}" for i in range(len(trig.stmts))}
            for name in sorted(names):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def batch_count_sql(dialect: str, table: str) -> list[str]:
    """The set-wise statements counting what ``table``'s batched INSERT triggers count, for its
    rows with ``id > :after`` (see runtime.storage.report_batch)."""
    d = Dialect(dialect)
    return [_rebuild_sql(trig, stmt, "NEW.id > :after") for trig in triggers(d)
            if trig.batched and trig.table == table for stmt in trig.stmts]


def rebuild(conn: Connection) -> None:
    """Recompute every aggregate from the base tables (after a zone change or a migration).

    A one-off scan of each table; the triggers keep the result current afterwards. Days of
    unsubscribes are those of each contact's last change, the only time the base tables keep.
    """
    d = Dialect(conn.dialect.name)
    if d.pg:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
    for table in ("report_daily", "report_active", "report_delta", "report_active_delta"):
        conn.execute(text(f"DELETE FROM {table}"))
    for trig in triggers(d):
        if trig.rebuild_when is None:
            continue
        for stmt in trig.stmts:
            conn.execute(text(_rebuild_sql(trig, stmt)))
    fold(conn)  # the daily active counts the report_active trigger appended


def fold(conn: Connection) -> None:
    """Fold the PostgreSQL delta rows into ``report_active`` and ``report_daily`` (before a read).

    One folder at a time (a transaction-scoped advisory lock), so the upserts into the aggregate
    rows never race; writers only append deltas and never wait for it. Deltas of transactions not
    yet committed are not visible to the delete and stay for the next fold. A no-op on SQLite,
    whose triggers upsert the aggregates directly (one writer at a time, nothing to deadlock).
    """
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
    # first the active contacts: a row new to report_active appends its day's 'active' delta
    conn.execute(text(
        "WITH moved AS (DELETE FROM report_active_delta RETURNING day, flow_id, contact_id) "
        "INSERT INTO report_active (day, flow_id, contact_id) SELECT DISTINCT day, flow_id, contact_id "
        "FROM moved ON CONFLICT DO NOTHING"))
    conn.execute(text(
        f"WITH moved AS (DELETE FROM report_delta RETURNING {_DAILY_COLS}) "
        f"INSERT INTO report_daily ({_DAILY_COLS}) SELECT {_DAILY_KEY}, SUM(value), SUM(amount) FROM moved "
        f"GROUP BY {_DAILY_KEY} ON CONFLICT ({_DAILY_KEY}) DO UPDATE SET value = report_daily.value + excluded.value, "
        "amount = report_daily.amount + excluded.amount"))


def zone_offsets(zone: str) -> list[tuple[datetime, int]]:
    """``[(utc_start, offset_minutes), ...]``: the zone's offsets from each transition on (2000-2100)."""
    tz = ZoneInfo(zone)

    def offset(at: datetime) -> int:
        delta = at.astimezone(tz).utcoffset() or timedelta(0)
        return int(delta.total_seconds() // 60)

    first = offset(ZONE_FROM)
    rows = [(datetime(1900, 1, 1, tzinfo=UTC), first)]
    at, current = ZONE_FROM, first
    while at < ZONE_TO:
        nxt = at + timedelta(days=1)
        if offset(nxt) != current:
            lo, hi = at, nxt  # the change lies in (lo, hi]: narrow it down to the minute
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    break
                if offset(mid) == current:
                    lo = mid
                else:
                    hi = mid
            current = offset(hi)
            rows.append((hi, current))
        at = nxt
    return rows


def fill_zone(conn: Connection, zone: str) -> None:
    """Store the offsets of ``zone`` in ``report_zone`` (the triggers read them)."""
    conn.execute(text("DELETE FROM report_zone"))
    rows = zone_offsets(zone)
    sqlite = conn.dialect.name == "sqlite"
    conn.execute(text("INSERT INTO report_zone (start_utc, offset_minutes) VALUES (:s, :o)"), [
        {"s": at.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else at.replace(tzinfo=None), "o": off}
        for at, off in rows])
