"""``flowcanvas serve PROJECT [--port N]``: the inbound HTTP API, with the engine running beside it.

Binds 127.0.0.1 unless ``--host`` says otherwise (put a TLS reverse proxy in front before
exposing it). ``--telegram-webhook URL`` points the project's Telegram bot at
``URL/v1/telegram/webhook`` with a fresh secret token (instead of ``telegram poll``);
``--telegram-webhook off`` removes the webhook and exits. The API is described by
``GET /v1/openapi.json`` (or ``flowcanvas serve --openapi``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import add_log_option, opened_service, print_json, start_logging
from runtime.service import InputError


def register(subparsers: Any) -> None:
    """Add the ``serve`` command."""
    from runtime.service import ProjectService

    defaults = ProjectService.INBOUND_DEFAULTS
    default_host, default_port, default_max_body = defaults["host"], defaults["port"], defaults["max_body"]
    p = subparsers.add_parser("serve", help="the inbound HTTP API (events, contacts, forms, webhooks)",
                              description=__doc__.split("\n\n")[1])
    p.add_argument("project", metavar="PROJECT", nargs="?")
    p.add_argument("--port", type=int, default=default_port, help=f"port (default {default_port}; 0 picks a free one)")
    p.add_argument("--host", default=default_host, help=f"address to bind (default {default_host}: this machine only)")
    p.add_argument("--for", dest="seconds", type=float, metavar="SECONDS", help="stop after this many seconds")
    p.add_argument("--no-engine", action="store_true", help="only accept; do not run the flows")
    p.add_argument("--sandbox", action="store_true", help="the engine sends nothing outside")
    p.add_argument("--max-body", type=int, default=default_max_body, help="largest request body in bytes")
    p.add_argument("--rate", type=float, default=defaults["rate"], help="requests per second per token (average)")
    p.add_argument("--burst", type=int, default=defaults["burst"], help="requests per token in a burst")
    p.add_argument("--telegram-webhook", metavar="PUBLIC_URL|off",
                   help="receive Telegram updates by webhook at PUBLIC_URL (off: back to polling)")
    p.add_argument("--account", metavar="NAME", help="with --telegram-webhook: the named bot telegram:NAME")
    p.add_argument("--openapi", action="store_true", help="print the OpenAPI document and exit")
    p.add_argument("--json", action="store_true", help="print a JSON summary when stopped")
    add_log_option(p)
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C (or ``--for``)."""
    from runtime.service import ProjectService

    if args.openapi:
        print_json(ProjectService.inbound_openapi())
        return 0
    if not args.project:
        raise InputError("serve: PROJECT is required")
    start_logging(args, service=not args.json and not args.telegram_webhook)
    with opened_service(args.project) as service:
        if args.telegram_webhook:
            url = service.telegram_webhook(args.telegram_webhook, args.account)
            if url is None:
                print("Telegram webhook removed; use `flowcanvas telegram poll` again", file=sys.stderr)
                return 0
            print(f"Telegram sends updates to {url}", file=sys.stderr)
        summary = service.serve_inbound(
            host=args.host, port=args.port, seconds=args.seconds, engine=not args.no_engine,
            sandbox=True if args.sandbox else None, max_body=args.max_body, rate=args.rate, burst=args.burst,
            on_ready=lambda url: print(f"serving {url} (Ctrl-C stops)", file=sys.stderr, flush=True))
    if args.json:
        print_json(summary)
    return 0
