"""``flowcanvas run | stats | outbox | simulate | rehearse``: the engine on the command line.

``run PROJECT [--once | --for SECONDS | --until ISO8601] [--clock real|virtual] [--sandbox]``:
with the virtual clock the project keeps its own now (settings key ``clock``); a project that
has none starts from the wall clock once and stores it. ``--until T`` jumps from due time to due
time up to T, outside sandbox mode dispatching the outbox at each due time with the same virtual
clock (quiet hours, retries and delivery results in virtual time); ``--for S`` runs S seconds
(virtual: S seconds of virtual time); ``--once`` (and a virtual run without a target) runs one tick. With the real clock ``--for``/no option run the
engine's scheduler (ticks, goals, dispatch) until the time is up or Ctrl-C; ``--until`` runs until
the wall clock reaches T. The default clock is virtual when the project has a virtual now.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import Any

from runtime.cli.common import opened_project, print_json
from runtime.clock import SystemClock, VirtualClock, ensure_utc
from runtime.errors import InputError


def register(subparsers: Any) -> None:
    """Add the engine's commands."""
    p = subparsers.add_parser("run", help="run the project's flows", description=__doc__.split("\n\n")[1])
    p.add_argument("project", metavar="PROJECT")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="one tick, then exit")
    when.add_argument("--for", dest="seconds", type=float, metavar="SECONDS", help="run this many seconds")
    when.add_argument("--until", metavar="ISO8601", help="run until this time")
    p.add_argument("--clock", choices=("real", "virtual"), help="the wall clock or the project's virtual clock")
    p.add_argument("--sandbox", action="store_true", help="send nothing outside (outbox status 'sandbox')")
    p.add_argument("--take-over", action="store_true",
                   help="run even though another runner (the designer, another `run`) holds the project")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(func=cmd_run)

    p = subparsers.add_parser("stats", help="flow and step metrics")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = subparsers.add_parser("outbox", help="messages the flows queued")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--flow", metavar="FLOW", help="only this flow (id or name)")
    p.add_argument("--status", help="only this status (queued, sent, sandbox, failed, ...)")
    p.add_argument("--limit", type=int, help="at most this many rows")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_outbox)

    p = subparsers.add_parser("simulate", help="one contact's path through a flow (nothing sent, project unchanged)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("--contact", required=True, metavar="CONTACT_ID", help="the contact's external id")
    p.add_argument("--events", metavar="FILE.jsonl", help='events to play: {"name", "props", "at"} per line')
    p.add_argument("--days", type=int, default=365, help="give up after this many days (default 365)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_simulate)

    p = subparsers.add_parser("rehearse", help="predict a flow's next N days on a copy of the project")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("--days", type=int, required=True, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_rehearse)


def _project_now(project: Any) -> datetime:
    """The project's virtual now, else the wall clock."""
    from runtime.project_clock import stored_virtual_now

    with project.session() as session:
        return stored_virtual_now(session) or SystemClock().now()


def _parse_time(text: str, option: str) -> datetime:
    try:
        return ensure_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        raise InputError(f"{option} {text!r}: not an ISO 8601 time (such as 2026-03-02T09:00:00Z)") from None


def cmd_run(args: argparse.Namespace) -> int:
    """Run the engine (see the module docstring)."""
    from runtime.engine.runner import Runtime
    from runtime.engine.virtual_run import run_virtual
    from runtime.project_clock import save_virtual_now, stored_virtual_now

    from runtime.engine.lease import CLI_RUN, acquire_lease

    with opened_project(args.project) as project, \
            acquire_lease(project, CLI_RUN, take_over=getattr(args, "take_over", False)) as lease:
        with project.session() as session:
            stored = stored_virtual_now(session)
        mode = args.clock or ("virtual" if stored is not None else "real")
        sandbox = True if args.sandbox else None
        until = _parse_time(args.until, "--until") if args.until else None
        if mode == "virtual":
            start = stored or SystemClock().now()
            if stored is None:
                with project.write() as session:
                    save_virtual_now(session, start)
            clock = VirtualClock(start)
            runtime = Runtime(project, clock, sandbox=sandbox)
            runtime.checkpoint = lease.checkpoint  # a long --until keeps the lease fresh
            if until is None and args.seconds is not None:
                until = start + timedelta(seconds=args.seconds)
            if until is not None:
                if until < start:
                    raise InputError(f"--until {args.until}: the project's virtual clock is already at "
                                     f"{start.isoformat()}; it never moves backwards")
                result, dispatched = run_virtual(runtime, until)
            else:
                result, dispatched = runtime.tick(), {}
                runtime.save_now()
            summary = {"clock": "virtual", "start": start.isoformat(), "now": clock.now().isoformat(),
                       "sandbox": runtime.sandbox, **result.to_json()}
            if dispatched:
                summary["outbox"] = dispatched  # what the dispatcher did on the way, by outcome
        else:
            clock = SystemClock()
            runtime = Runtime(project, clock, sandbox=sandbox)
            runtime.checkpoint = lease.checkpoint
            start = clock.now()
            if args.once:
                result = runtime.tick()
                _dispatch_once(project, clock, runtime.sandbox)
            elif until is not None:
                result = _run_scheduled(project, runtime, max(0.0, (until - clock.now()).total_seconds()), lease)
            else:
                result = _run_scheduled(project, runtime, args.seconds, lease)
            # the same keys as a virtual run: what the ticks did, counted by the runtime itself
            summary = {"clock": "real", "start": start.isoformat(), "now": clock.now().isoformat(),
                       "sandbox": runtime.sandbox, **result.to_json()}
    if args.json:
        print_json(summary)
    else:
        print(f"ran to {summary['now']}: {summary.get('steps', 0)} steps, {summary.get('inbound', 0)} inbound items",
              file=sys.stderr)
    return 0


def _dispatch_once(project: Any, clock: Any, sandbox: bool) -> None:
    """One pass of the outbox dispatcher (real clock ``--once``), when the channels package has one."""
    try:
        from runtime.channels.dispatcher import Dispatcher
    except ImportError:
        return
    import asyncio

    async def once() -> None:
        dispatcher = Dispatcher(project, clock, sandbox=sandbox or None)
        try:
            await dispatcher.run_once()
        finally:
            await dispatcher.aclose()

    asyncio.run(once())


def _run_scheduled(project: Any, runtime: Any, seconds: float | None, lease: Any) -> Any:
    """Real clock, open-ended or --for: the project's runner (ticks, goal sweeps, dispatch), the
    same one the designer runs, under the lease this command already holds.

    Returns the :class:`~runtime.engine.runner.TickResult` of every tick run meanwhile (the
    runtime's own totals; the scheduler's job statistics only count job runs).
    """
    import asyncio

    from runtime.engine.embedded import run_leased

    before = runtime.totals.to_json()
    runner = asyncio.run(run_leased(project, seconds, holder=lease.holder, runtime=runtime, lease=lease))
    stats = runner.engine.stats if runner.engine is not None else None
    for job, error in (getattr(stats, "errors", None) or {}).items():
        print(f"engine job {job} failed: {error}", file=sys.stderr)
    from runtime.engine.runner import TickResult

    after = runtime.totals.to_json()
    return TickResult(**{key: after[key] - before[key] for key in after})


def _flow_row(session: Any, ref: str) -> Any:
    from runtime.flows_repo import get_flow_row

    return get_flow_row(session, ref)


def cmd_stats(args: argparse.Namespace) -> int:
    """Print a flow's metrics."""
    from runtime.engine.flowcache import flow_from_text
    from runtime.engine.stats import flow_stats

    with opened_project(args.project) as project:
        with project.session() as session:
            row = _flow_row(session, args.flow)
            try:
                step_ids = [s.id for s in flow_from_text(row.draft, row.name).steps]
            except Exception:  # noqa: BLE001 - a broken draft still has counters to show
                step_ids = []
            stats = flow_stats(session, row.id, step_ids)
            name = row.name
    if args.json:
        print_json(stats)
        return 0
    f = stats["flow"]
    print(f"{name}: entered {f['entered']}, active {f['active']}, completed {f['completed']}, "
          f"goal {f['exited_goal']}, other exits {f['exited_other']}, failed {f['failed']}, "
          f"conversion {f['conversion']:.1%}")
    for step_id, s in stats["steps"].items():
        print(f"  {step_id}: entered {s['entered']}, waiting {s['waiting']}, completed {s['completed']}, "
              f"failed {s['failed']}")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    """Print the outbox (all flows or one)."""
    from runtime.engine.outbox_view import outbox_rows

    with opened_project(args.project) as project:
        with project.session() as session:
            flow_id = _flow_row(session, args.flow).id if args.flow else None
            rows = outbox_rows(session, flow_id, status=args.status, limit=args.limit)
    if args.json:
        print_json([{k: r[k] for k in ("contact", "flow", "step", "channel", "status", "at", "content")} for r in rows])
        return 0
    for r in rows:
        print(f"{r['at']}  {r['status']:<8} {r['channel']:<9} {r['contact']}  {r['flow']}/{r['step']}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """One contact's path through a flow on a copy of the project."""
    from runtime.engine.simulate import read_events_file, simulate

    events = read_events_file(args.events) if args.events else None
    with opened_project(args.project) as project:
        clock = VirtualClock(_project_now(project))
        result = simulate(project, args.flow, args.contact, clock, events=events, events_source=args.events or "events",
                          horizon=timedelta(days=max(1, args.days)))
    if args.json:
        print_json(result)
        return 0
    print(f"{result['contact']} in {result['flow']}: {result['status']} ({result['exit_reason'] or 'still inside'})")
    for item in result["path"]:
        print(f"  {item['at']}  {item['step']:<20} {item['outcome']:<10} {item['port'] or ''}")
    return 0


def cmd_rehearse(args: argparse.Namespace) -> int:
    """Predict a flow's next N days on a copy of the project."""
    from runtime.engine.rehearse import rehearse

    with opened_project(args.project) as project:
        clock = VirtualClock(_project_now(project))
        result = rehearse(project, args.flow, args.days, clock)
    if args.json:
        print_json(result)
        return 0
    t = result["totals"]
    print(f"{result['flow']} over {result['days']} days: entered {t['entered']}, completed {t['completed']}, "
          f"goal {t['exited_goal']}, messages {sum(t['messages'].values())}")
    for day in result["per_day"]:
        print(f"  {day['date']}: entered {day['entered']}, messages {sum(day['messages'].values())}")
    return 0
