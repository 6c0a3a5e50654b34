"""``flowcanvas run | stats | outbox | simulate | rehearse``: the engine on the command line.

``run PROJECT [--once | --for SECONDS | --until ISO8601] [--clock real|virtual] [--sandbox]``:
with the virtual clock the project keeps its own now (settings key ``clock``); a project that
has none starts from the wall clock once and stores it. ``--until T`` jumps from due time to due
time up to T, outside sandbox mode dispatching the outbox at each due time with the same virtual
clock (quiet hours, retries and delivery results in virtual time); ``--for S`` runs S seconds
(virtual: S seconds of virtual time); ``--once`` (and a virtual run without a target) runs one tick.
With the real clock ``--for``/no option run the engine's scheduler (ticks, goals, dispatch) until the
time is up or Ctrl-C; ``--until`` runs until the wall clock reaches T. The default clock is virtual when
the project has a virtual now.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from runtime.cli.arg_types import bounded_float, bounded_int, percent
from runtime.cli.common import (
    add_command,
    add_log_option,
    arg,
    opened_service,
    parse_props_arg,
    print_json,
    start_logging,
    step_words,
)
from runtime.service import InputError, ensure_utc
from runtime.service import gettext as _


def register(subparsers: Any) -> None:
    """Add the engine's commands."""
    p = subparsers.add_parser("run", help=_("run the project's flows"), description=__doc__.split("\n\n")[1])
    p.add_argument("project", metavar="PROJECT")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help=_("one tick, then exit"))
    when.add_argument("--for", dest="seconds", type=bounded_float(0, 100 * 365 * 86400, unit=" seconds"), metavar="SECONDS",
                      help=_("run this many seconds"))
    when.add_argument("--until", metavar="ISO8601", help=_("run until this time"))
    p.add_argument("--clock", choices=("real", "virtual"), help=_("the wall clock or the project's virtual clock"))
    p.add_argument("--sandbox", action="store_true", help=_("send nothing outside (outbox status 'sandbox')"))
    p.add_argument("--take-over", action="store_true",
                   help=_("run even though another runner (the designer, another `run`) holds the project"))
    p.add_argument("--live-demo", action="store_true",
                   help=_("real clock: a demo project's customers keep producing events while it runs"))
    p.add_argument("--json", action="store_true", help=_("print a JSON summary"))
    p.add_argument("--yes", action="store_true", help=_("confirm moving the virtual clock more than five years ahead"))
    add_log_option(p)
    p.set_defaults(func=cmd_run)

    add_command(subparsers, "stats", cmd_stats, help=_("flow and step metrics"), flow=True, json=_("print JSON"))
    add_command(subparsers, "outbox", cmd_outbox, arg("--flow", metavar="FLOW", help=_("only this flow (id or name)")),
                arg("--status", help=_("only this status (queued, sent, sandbox, failed, ...)")),
                arg("--limit", type=bounded_int(1, 10_000_000), help=_("at most this many rows")),
                help=_("messages the flows queued"), json=_("print a JSON array"))

    p = subparsers.add_parser("simulate", help=_("one contact's path through a flow (nothing sent, project unchanged)"))
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help=_("flow id or name"))
    p.add_argument("--contact", required=True, metavar="CONTACT_ID", help=_("the contact's external id"))
    p.add_argument("--events", metavar="FILE.jsonl", help=_('events to play: {"name", "props", "at"} per line'))
    p.add_argument("--props", metavar="JSON",
                   help=_("properties of the trigger event the contact enters with: '{\"cart_url\": \"...\"}' "
                        "(default: the first event of --events when it is the trigger event)"))
    p.add_argument("--days", type=bounded_int(1, 3650), default=365, help=_("give up after this many days (default 365)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_simulate)

    p = subparsers.add_parser("rehearse", help=_("predict a flow's next N days on a copy of the project"))
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help=_("flow id or name"))
    p.add_argument("--days", type=bounded_int(1, 3650), required=True, metavar="N")
    p.add_argument("--conversion", type=percent, metavar="PERCENT",
                   help=_("add the goal exits to expect if this share of entries converts (e.g. 5%%)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_rehearse)


def _parse_time(text: str, option: str) -> datetime:
    try:
        return ensure_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except OverflowError:
        raise InputError(_("{option} {text!r}: out of range (years 1900 to 9000)").format(option=option, text=text)) from None
    except ValueError:
        raise InputError(_("{option} {text!r}: not an ISO 8601 time (such as 2026-03-02T09:00:00Z)").format(option=option,
                text=text)) from None


def cmd_run(args: argparse.Namespace) -> int:
    """Run the engine (see the module docstring)."""
    until = _parse_time(args.until, "--until") if args.until else None
    # a service: the real clock, open-ended, no summary on stdout (systemd, Docker)
    start_logging(args, service=not (args.once or args.until or args.seconds is not None or args.json)
                  and args.clock != "virtual")
    with opened_service(args.project) as service:
        summary, errors = service.run_engine(clock=args.clock, sandbox=True if args.sandbox else None, until=until,
                                             seconds=args.seconds, once=args.once, until_text=args.until,
                                             take_over=args.take_over, live_demo=args.live_demo,
                                             confirmed=args.yes)
    for job, error in errors.items():
        print(_("engine job {job} failed: {error}").format(job=job, error=error), file=sys.stderr)
    if args.json:
        print_json(summary)
    else:
        print(_("ran to {v0}: {v1} steps, {v2} inbound items").format(v0=summary['now'], v1=summary.get('steps', 0),
                v2=summary.get('inbound', 0)),
              file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print a flow's metrics."""
    from runtime.service import step_title

    with opened_service(args.project) as service:
        info = service.get_flow(args.flow)
        name, titles = info.name, {step.id: step_title(step) for step in info.draft.steps}
        stats = service.flow_stats(args.flow)
    if args.json:
        print_json(stats.to_json())
        return 0
    f = stats.flow
    print(_("{name}: entered {entered}, active {active}, completed {completed}, goal {exited_goal}, other exits "
            "{exited_other}, failed {failed}, conversion {conversion:.1%}").format(name=name, entered=f.entered, active=f.active,
                    completed=f.completed, exited_goal=f.exited_goal, exited_other=f.exited_other, failed=f.failed,
                            conversion=f.conversion))
    for step_id, s in stats.steps.items():  # by the name the canvas shows, the id as the detail
        print(f"  {step_words(titles.get(step_id), step_id)}: entered {s.entered}, waiting {s.waiting}, "
              f"completed {s.completed}, failed {s.failed}")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    """Print the outbox (all flows or one)."""
    with opened_service(args.project) as service:
        rows = service.outbox(args.flow or None, status=args.status, limit=args.limit)
    if args.json:
        print_json([{k: getattr(r, k) for k in ("contact", "flow", "step", "step_name", "channel", "status", "at",
                                                "content")} for r in rows])
        return 0
    for r in rows:
        print(f"{r.at}  {r.status:<8} {r.channel:<9} {r.contact}  {r.flow or '-'} › {step_words(r.step_name, r.step)}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """One contact's path through a flow on a copy of the project."""
    with opened_service(args.project) as service:
        result = service.simulate(args.flow, args.contact, events_file=args.events or None, days=args.days,
                                  trigger_props=parse_props_arg(args.props))
    if args.json:
        print_json(result)
        return 0
    print(f"{result['contact']} in {result['flow']}: {result['status']} ({result['exit_reason'] or 'still inside'})")
    for item in result["path"]:
        print(f"  {item['at']}  {item['step']:<20} {item['outcome']:<10} {item['port'] or ''}")
    return 0


def cmd_rehearse(args: argparse.Namespace) -> int:
    """Predict a flow's next N days on a copy of the project."""
    with opened_service(args.project) as service:
        result = service.rehearse(args.flow, args.days, args.conversion)
    if args.json:
        print_json(result)
        return 0
    t = result["totals"]
    print(_("{v0} over {v1} days: entered {v2}, completed {v3}, goal {v4}, messages {v5}, held by quiet hours {v6}, delayed by "
            "caps {v7}, skipped by caps {v8}").format(v0=result['flow'], v1=result['days'], v2=t['entered'], v3=t['completed'],
                    v4=t['exited_goal'], v5=sum(t['messages'].values()), v6=t['held_quiet_hours'], v7=t['delayed_by_cap'],
                            v8=t['skipped_by_cap']))
    if "expected_goal_exits" in t:
        print(_("  at {v0:.1%} conversion: about {v1:g} goal exits").format(v0=t['assumed_conversion'],
                v1=t['expected_goal_exits']))
    for day in result["per_day"]:
        print(f"  {day['date']}: entered {day['entered']}, messages {sum(day['messages'].values())}")
    return 0
