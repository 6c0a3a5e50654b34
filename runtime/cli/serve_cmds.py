"""``flowcanvas serve PROJECT [--port N]``: the inbound HTTP API, with the engine running beside it.

Binds 127.0.0.1 unless ``--host`` says otherwise (put a TLS reverse proxy in front before
exposing it). ``--telegram-webhook URL`` points the project's Telegram bot at
``URL/v1/telegram/webhook`` with a fresh secret token (instead of ``telegram poll``);
``--telegram-webhook off`` removes the webhook and exits. The API is described by
``GET /v1/openapi.json`` (or ``flowcanvas serve --openapi``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from runtime.cli.common import opened_project, print_json, project_clock_of
from runtime.errors import InputError


def register(subparsers: Any) -> None:
    """Add the ``serve`` command."""
    from runtime.inbound.server import DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_PORT

    p = subparsers.add_parser("serve", help="the inbound HTTP API (events, contacts, forms, webhooks)",
                              description=__doc__.split("\n\n")[1])
    p.add_argument("project", metavar="PROJECT", nargs="?")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    p.add_argument("--for", dest="seconds", type=float, metavar="SECONDS", help="stop after this many seconds")
    p.add_argument("--no-engine", action="store_true", help="only accept; do not run the flows")
    p.add_argument("--sandbox", action="store_true", help="the engine sends nothing outside")
    p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY, help="largest request body in bytes")
    p.add_argument("--rate", type=float, default=200.0, help="requests per second per token (average)")
    p.add_argument("--burst", type=int, default=400, help="requests per token in a burst")
    p.add_argument("--telegram-webhook", metavar="PUBLIC_URL|off",
                   help="receive Telegram updates by webhook at PUBLIC_URL (off: back to polling)")
    p.add_argument("--openapi", action="store_true", help="print the OpenAPI document and exit")
    p.add_argument("--json", action="store_true", help="print a JSON summary when stopped")
    p.set_defaults(func=cmd_serve)


def _telegram_webhook(project: Any, target: str) -> str | None:
    """Set (or with ``off`` delete) the bot's webhook; returns the webhook URL."""
    import httpx

    from runtime.channels.factory import telegram_bot
    from runtime.channels.telegram import TelegramApiError
    from runtime.channels.base import ChannelError
    from runtime.inbound.service import TELEGRAM_WEBHOOK_SECRET, store_secret
    from runtime.inbound.telegram_webhook import delete_webhook, new_secret, set_webhook

    if target != "off" and not target.startswith("https://"):
        raise InputError(f"--telegram-webhook {target!r}: Telegram only calls https:// URLs")

    async def go() -> str | None:
        async with httpx.AsyncClient() as client:
            with project.write() as session:
                bot = telegram_bot(session, client)
            try:
                if target == "off":
                    await delete_webhook(bot)
                    return None
                secret = new_secret()
                store_secret(project, *TELEGRAM_WEBHOOK_SECRET, secret)
                return await set_webhook(bot, target, secret)
            except TelegramApiError as exc:
                raise ChannelError(f"telegram: {exc.result.reason}") from None

    return asyncio.run(go())


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C (or ``--for``)."""
    from runtime.inbound.openapi import openapi_document
    from runtime.inbound.server import InboundOptions
    from runtime.inbound.service import serve_project

    if args.openapi:
        print_json(openapi_document())
        return 0
    if not args.project:
        raise InputError("serve: PROJECT is required")
    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: not a port number")
    with opened_project(args.project) as project:
        if args.telegram_webhook:
            url = _telegram_webhook(project, args.telegram_webhook)
            if url is None:
                print("Telegram webhook removed; use `flowcanvas telegram poll` again", file=sys.stderr)
                return 0
            print(f"Telegram sends updates to {url}", file=sys.stderr)
        clock = project_clock_of(project)
        options = InboundOptions(host=args.host, port=args.port, max_body=args.max_body, rate=args.rate, burst=args.burst)

        def ready(server: Any) -> None:
            print(f"serving {server.url} (Ctrl-C stops)", file=sys.stderr, flush=True)

        summary = asyncio.run(serve_project(project, clock, options, seconds=args.seconds, engine=not args.no_engine,
                                            sandbox=True if args.sandbox else None, on_ready=ready))
    if args.json:
        print_json(summary)
    return 0
