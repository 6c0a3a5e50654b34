"""CLI commands for channels: settings, connection tests, dispatching and Telegram polling.

```
flowcanvas channel set PROJECT CHANNEL key=value ...   secrets -> OS keyring, the rest -> settings
flowcanvas channel show PROJECT [CHANNEL] [--json]     settings (secrets only as set / not set)
flowcanvas channel test PROJECT CHANNEL [--json]       getMe / SMTP login / SMS.ru balance / Twilio account
flowcanvas channel policy PROJECT key=value ...        sandbox, quiet hours, frequency caps, give-up time
flowcanvas channel review PROJECT OUTBOX_ID sent|failed|requeue   resolve a message flagged 'review'
flowcanvas dispatch PROJECT [--once] [--sandbox] [--json]
flowcanvas telegram poll PROJECT [--once] [--account NAME] [--json]
```
"""

from __future__ import annotations

import argparse
import json
import sys

from runtime import service as rs
from runtime.cli.common import opened_service, print_json
from runtime.service import InputError

POLICY_HELP = """\
Delivery policy settings (key=value):
  sandbox=true|false                 nothing leaves the machine when true
  quiet_hours=21:00-08:00|off        default quiet hours for every channel (contact's time zone)
  quiet_hours.CHANNEL=20:00-08:00|off  per channel (SMS defaults to 20:00-08:00)
  cap.per_day=N  cap.per_week=N      messages per contact across channels (empty = no cap)
  cap.CHANNEL.per_day=N  cap.CHANNEL.per_week=N
  cap.action=delay|skip              what happens to a message over a cap
  give_up_after_hours=48  concurrency=16  backoff_base_seconds=30  backoff_max_seconds=3600"""


def _pairs(items: list[str], command: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{command}: expected setting=value, got {item!r}; see `flowcanvas {command} --help`")
        values[key.strip()] = value
    return values


def cmd_channel_set(args: argparse.Namespace) -> int:
    values = _pairs(args.values, "channel set")
    with opened_service(args.project) as service:
        secrets = service.channel_set(args.channel, values)
    stored = sorted(set(values) - set(secrets))
    print(f"{args.channel}: stored {', '.join(stored) or 'nothing'} in the project settings"
          + (f"; {', '.join(secrets)} in the OS keyring" if secrets else ""))
    return 0


def cmd_channel_show(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        views = [service.channel_view(args.channel)] if args.channel else service.channel_list()
        policy = service.channel_policy()
    if args.json:
        print_json({"channels": views, "policy": policy})
        return 0
    for view in views:
        state = "configured" if view["configured"] else "not configured"
        print(f"{view['channel']} ({state})")
        for f in view["fields"]:
            if f["kind"] == "secret":
                shown = {True: "set", False: "not set", None: "unknown (no keyring)"}[f["is_set"]]
            else:
                shown = f.get("value")
            print(f"  {f['key']}: {shown}")
    print(f"policy: {json.dumps(policy)}")
    errors = {view["keyring_error"] for view in views if view.get("keyring_error")}
    for error in errors:
        print(f"warning: {error}", file=sys.stderr)
    return 0


def cmd_channel_test(args: argparse.Namespace) -> int:
    rs.check_channel(args.channel)
    with opened_service(args.project) as service:
        try:
            summary = service.channel_test(args.channel)
        except rs.ChannelError as exc:
            if args.json:
                print_json({"channel": args.channel, "ok": False, "error": str(exc)})
                return 1
            raise
    if args.json:
        print_json({"channel": args.channel, "ok": True, "detail": summary})
    else:
        print(summary)
    return 0


def cmd_channel_policy(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        print_json(service.channel_set_policy(_pairs(args.values, "channel policy")))
    return 0


def cmd_channel_review(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        result = service.outbox_resolve(args.outbox_id, args.outcome, by="cli")
    result.pop("flow_id", None)  # the command's output names the message, as before
    if args.json:
        print_json(result)
    else:
        print(f"message {result['outbox_id']} is now {result['status']}")
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        report = service.dispatch(once=args.once, sandbox=args.sandbox)
    if args.json:
        print_json(report)
    else:
        counts = ", ".join(f"{k} {v}" for k, v in report.items() if k != "details")
        print(counts)
        for detail in report["details"]:
            print(f"  #{detail['outbox_id']} {detail['outcome']}: {detail['reason']}")
    return 1 if report["failed"] or report["review"] else 0


def cmd_telegram_poll(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        report = service.telegram_poll(once=args.once, account=args.account)
    if args.json:
        print_json(report)
    else:
        print(f"{report.get('updates', 0)} update(s): {report.get('events', {})}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``channel``, ``dispatch`` and ``telegram`` to the CLI."""
    channel = subparsers.add_parser("channel", help="channel settings, credentials and connection tests")
    sub = channel.add_subparsers(dest="channel_command", metavar="ACTION", required=True)

    p = sub.add_parser("set", help="store channel settings (secrets go to the OS keyring)",
                       description="Store settings of a channel. Secrets (token, password, api_id, auth_token, "
                                   "access_token, vapid_private_key, secret) go to the OS keyring, never to the "
                                   "project file. An empty value removes a setting.")
    p.add_argument("project")
    p.add_argument("channel", help=", ".join(rs.ALL_CHANNELS))
    p.add_argument("values", nargs="+", metavar="key=value")
    p.set_defaults(func=cmd_channel_set)

    p = sub.add_parser("show", help="show channel settings (secrets as set / not set)")
    p.add_argument("project")
    p.add_argument("channel", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_channel_show)

    p = sub.add_parser("test", help="test a channel's connection and credentials")
    p.add_argument("project")
    p.add_argument("channel")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_channel_test)

    p = sub.add_parser("policy", help="sandbox, quiet hours, frequency caps, retry settings",
                       description=POLICY_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project")
    p.add_argument("values", nargs="*", metavar="key=value")
    p.set_defaults(func=cmd_channel_policy)

    p = sub.add_parser("review", help="decide on a message flagged for review after an interrupted send")
    p.add_argument("project")
    p.add_argument("outbox_id", type=int)
    p.add_argument("outcome", choices=("sent", "failed", "requeue"),
                   help="sent: it did go out; failed: it did not; requeue: send it again")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_channel_review)

    p = subparsers.add_parser("dispatch", help="send queued outbox messages")
    p.add_argument("project")
    p.add_argument("--once", action="store_true", help="send what is due now, then exit")
    p.add_argument("--sandbox", action="store_true", help="send nothing outside (status 'sandbox')")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dispatch)

    telegram = subparsers.add_parser("telegram", help="Telegram bot: receive updates")
    tsub = telegram.add_subparsers(dest="telegram_command", metavar="ACTION", required=True)
    p = tsub.add_parser("poll", help="fetch updates (getUpdates) and record them as events")
    p.add_argument("project")
    p.add_argument("--once", action="store_true", help="fetch what is pending, then exit")
    p.add_argument("--account", metavar="NAME", help="a named bot (channel telegram:NAME) instead of the default one")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_telegram_poll)
