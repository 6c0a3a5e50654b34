"""The inbound HTTP API and inbound channels behind the service: API tokens, the HMAC secret,
serving the API next to the engine, the Telegram webhook and VK long polling.

``flowcanvas serve``, ``flowcanvas token ...`` and ``flowcanvas vk poll`` are thin shells over
these methods; the designer starts the same server on its own loop with :meth:`start_inbound`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from runtime.errors import InputError
from runtime.inbound import defaults
from runtime.service.core import ServiceCore

if TYPE_CHECKING:
    from runtime.inbound.server import InboundServer


class InboundService(ServiceCore):
    """Inbound API and inbound channel methods of :class:`~runtime.service.ProjectService`."""

    INBOUND_DEFAULTS: ClassVar[dict[str, Any]] = {"host": defaults.DEFAULT_HOST, "port": defaults.DEFAULT_PORT,
                        "max_body": defaults.DEFAULT_MAX_BODY, "rate": defaults.DEFAULT_RATE,
                        "burst": defaults.DEFAULT_BURST}

    # -- API tokens --------------------------------------------------------------------------

    def create_api_token(self, name: str = "api") -> dict[str, Any]:
        """A new API token: ``{"token", "id", "name", "prefix", ...}``; the token is shown only here."""
        from runtime.inbound.tokens import create_token

        with self._write() as session:
            token, info = create_token(session, name, self.clock)
        return {"token": token, **info.to_json()}

    def api_tokens(self) -> list[dict[str, Any]]:
        """Every API token (never the token itself), oldest first."""
        from runtime.inbound.tokens import list_tokens

        with self.project.session() as session:
            return [info.to_json() for info in list_tokens(session)]

    def revoke_api_token(self, ref: str) -> dict[str, Any]:
        """Revoke a token by id, name or first characters (NotFoundError, InputError if ambiguous)."""
        from runtime.inbound.tokens import revoke_token

        with self._write() as session:
            return revoke_token(session, ref, self.clock).to_json()

    def set_inbound_hmac(self, enabled: bool) -> str | None:
        """Require signed request bodies (returns the new secret, shown only here) or stop (None)."""
        import secrets

        from runtime.inbound.serving import HMAC_SECRET, store_secret

        secret = secrets.token_hex(32) if enabled else None
        store_secret(self.project, *HMAC_SECRET, secret)
        return secret

    # -- serving -----------------------------------------------------------------------------

    @staticmethod
    def inbound_openapi() -> dict[str, Any]:
        """The OpenAPI document of the inbound API."""
        from runtime.inbound.openapi import openapi_document

        return openapi_document()

    async def start_inbound(self, *, host: str = defaults.DEFAULT_HOST, port: int = defaults.DEFAULT_PORT,
                            **limits: Any) -> InboundServer:
        """Start the inbound API on the running loop (stop it with ``await server.stop()``)."""
        from runtime.inbound.server import InboundOptions, InboundServer
        from runtime.inbound.serving import options_for

        options = options_for(self.project, InboundOptions(host=host, port=port, **limits))
        server = InboundServer(self.project, self.clock, options)
        await server.start()
        return server

    def serve_inbound(self, *, host: str, port: int, seconds: float | None = None, engine: bool = True,
                      sandbox: bool | None = None, on_ready: Callable[[str], Any] | None = None,
                      **limits: Any) -> dict[str, Any]:
        """Serve the API (and run the engine beside it) until Ctrl-C or ``seconds``; a summary."""
        from runtime.inbound.server import InboundOptions
        from runtime.inbound.serving import serve_project

        if not 0 <= port <= 65535:
            raise InputError(f"--port {port}: not a port number")
        options = InboundOptions(host=host, port=port, **limits)
        ready = (lambda server: on_ready(server.url)) if on_ready else None
        import asyncio  # the CLI's other commands need no event loop

        return asyncio.run(serve_project(self.project, self.clock, options, seconds=seconds, engine=engine,
                                         sandbox=sandbox, on_ready=ready))

    # -- inbound channels ----------------------------------------------------------------------

    def telegram_webhook(self, target: str, account: str | None = None) -> str | None:
        """Point the Telegram bot (or the named bot ``account``) at ``<target>/v1/telegram/webhook``
        with a new secret (the URL), or with ``off`` go back to polling (None)."""
        import httpx

        from runtime.channels.base import ChannelError
        from runtime.channels.factory import telegram_bot
        from runtime.channels.telegram import TelegramApiError
        from runtime.inbound.serving import TELEGRAM_WEBHOOK_SECRET, store_secret
        from runtime.inbound.telegram_webhook import delete_webhook, new_secret, set_webhook

        if target != "off" and not target.startswith("https://"):
            raise InputError(f"--telegram-webhook {target!r}: Telegram only calls https:// URLs")

        async def go() -> str | None:
            async with httpx.AsyncClient() as client:
                with self._write() as session:
                    bot = telegram_bot(session, client, account)
                try:
                    if target == "off":
                        await delete_webhook(bot)
                        return None
                    secret = new_secret()
                    channel = f"telegram:{account}" if account else TELEGRAM_WEBHOOK_SECRET[0]
                    store_secret(self.project, channel, TELEGRAM_WEBHOOK_SECRET[1], secret)
                    return await set_webhook(bot, target, secret, account)
                except TelegramApiError as exc:
                    raise ChannelError(f"telegram: {exc.result.reason}") from None

        import asyncio  # the CLI's other commands need no event loop

        return asyncio.run(go())

    def vk_poll(self, once: bool = False) -> dict[str, Any]:
        """Long-poll the VK community into events (one round with ``once``, else until Ctrl-C)."""
        import httpx

        from runtime.channels import settings as cs
        from runtime.channels.base import ChannelError
        from runtime.channels.factory import vk_api
        from runtime.channels.vk import VkApiError
        from runtime.channels.vk_updates import VkLongPoller

        async def go() -> dict[str, Any]:
            async with httpx.AsyncClient() as client:
                with self._write() as session:
                    api = vk_api(session, client)
                    group = cs.require(cs.channel_settings(session, "vk"), "vk", "group_id")
                poller = VkLongPoller(self.project, api, str(group), self.clock, wait=0 if once else 25)
                total: dict[str, Any] = {"updates": 0, "events": {}}
                try:
                    while True:
                        report = (await poller.poll_once()).to_json()
                        total["updates"] += report["updates"]
                        for name, n in report["events"].items():
                            total["events"][name] = total["events"].get(name, 0) + n
                        if once:
                            return {**report, **total}
                except VkApiError as exc:
                    raise ChannelError(f"vk: {exc.result.reason}") from None

        import asyncio  # the CLI's other commands need no event loop

        return asyncio.run(go())
