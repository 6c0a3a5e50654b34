"""Channel settings, delivery policy and the outbox, as :class:`runtime.service.ProjectService` methods.

Every method opens its own transaction through
the channel admin functions (plain dicts in and out) and notifies the service's listeners after
a change. Secrets go to the OS keyring and are only ever reported as set / not set.
"""

from __future__ import annotations

from typing import Any

from runtime.service.core import ServiceCore
from runtime.service.types import OutboxPage, OutboxRow


class ChannelService(ServiceCore):
    """Channel and outbox methods of ProjectService (see the module docstring)."""

    # -- channels ----------------------------------------------------------------------------------

    def channel_list(self) -> list[dict[str, Any]]:
        """Every channel's settings view: field specs, non-secret values, ``is_set`` for secrets
        (None when no keyring is available; then the view has ``keyring_error``), ``configured``."""
        from runtime.channels.admin import list_channels

        return list_channels(self.project)

    def channel_view(self, channel: str) -> dict[str, Any]:
        """One channel's settings view (see :meth:`channel_list`)."""
        from runtime.channels.admin import channel_view

        return channel_view(self.project, channel)

    def channel_set(self, channel: str, values: dict[str, Any]) -> list[str]:
        """Store settings of a channel (secrets among them go to the keyring); returns those keys.

        InputError names a bad key or value (nothing changes); KeyringUnavailableError (a
        ChannelError) says what to install when a secret cannot be stored.
        """
        from runtime.channels.admin import set_channel

        stored = set_channel(self.project, channel, values)
        self._changed("settings", key=f"channel.{channel}")
        return stored

    def channel_set_secret(self, channel: str, key: str, value: str | None) -> None:
        """Store (or with None forget) one secret of a channel in the OS keyring."""
        from runtime.channels.admin import set_secret

        set_secret(self.project, channel, key, value)
        self._changed("settings", key=f"channel.{channel}")

    @staticmethod
    def keyring_available() -> bool:
        """Whether an OS keyring can hold channel secrets (no project needed: the designer asks
        before one is open, to warn that credentials cannot be saved)."""
        from runtime.channels.credentials import keyring_available

        return keyring_available()

    def channel_test(self, channel: str) -> str:
        """Check a channel's connection and credentials (network I/O: call it off the GUI thread).

        Returns the provider's summary ("bot @shop_bot"); ChannelError with a readable reason.
        """
        from runtime.channels.admin import test_channel

        return test_channel(self.project, channel)

    def send_me_a_test(self, flow_id: int | str, step_id: str, contact: str | None = None,
                       transport: Any = None, tls_context: Any = None) -> dict[str, Any]:
        """Send one step's message (the draft, rendered for ``contact`` or a sample contact) to the
        operator's own address of its channel (``test_to`` in the channel settings), through the
        real channel. Network I/O: call it off the GUI thread. See runtime.rehearsal.try_send."""
        from runtime.rehearsal.try_send import send_me_a_test

        return send_me_a_test(self.project, flow_id, step_id, self.clock, contact=contact,
                              transport=transport, tls_context=tls_context)

    def dispatch(self, once: bool = False, sandbox: bool = False) -> dict[str, Any]:
        """Send queued outbox messages (one pass with ``once``, else until Ctrl-C); the dispatcher's
        report as JSON (``sent``, ``failed``, ``review``, ..., ``details``). ``sandbox`` sends
        nothing outside whatever the project's setting."""
        import asyncio

        from runtime.channels.dispatcher import Dispatcher

        async def go() -> dict[str, Any]:
            dispatcher = Dispatcher(self.project, self.clock, sandbox=True if sandbox else None)
            try:
                if once:
                    return (await dispatcher.run_once()).to_json()
                return (await dispatcher.run(asyncio.Event())).to_json()
            finally:
                await dispatcher.aclose()

        return asyncio.run(go())

    def telegram_poll(self, once: bool = False, account: str | None = None) -> dict[str, Any]:
        """Fetch Telegram updates (getUpdates) and record them as events: pending ones with
        ``once`` (the poller's report), else long-poll until Ctrl-C. ``account`` names a bot of
        the project (channel ``telegram:<account>``). ChannelError with the API's reason."""
        import asyncio

        import httpx

        from runtime.channels.base import ChannelError
        from runtime.channels.factory import telegram_bot
        from runtime.channels.telegram import TelegramApiError
        from runtime.channels.telegram_updates import TelegramPoller

        async def go() -> dict[str, Any]:
            async with httpx.AsyncClient() as client:
                with self.project.write() as session:
                    bot = telegram_bot(session, client, account)
                poller = TelegramPoller(self.project, bot, self.clock, timeout=0 if once else 25, account=account)
                try:
                    if once:
                        return (await poller.poll_once()).to_json()
                    await poller.run(asyncio.Event())
                    return {}
                except TelegramApiError as exc:
                    raise ChannelError(f"telegram: {exc.result.reason}") from None

        return asyncio.run(go())

    # -- delivery policy ----------------------------------------------------------------------------

    def channel_policy(self) -> dict[str, Any]:
        """``{"sandbox": bool, "quiet_hours": {...}, "caps": {...}, "dispatch": {...}}``."""
        from runtime.channels.admin import policy_view

        return policy_view(self.project)

    def channel_set_policy(self, values: dict[str, str]) -> dict[str, Any]:
        """Apply ``key=value`` policy settings (``sandbox``, ``quiet_hours.<channel>``,
        ``cap.per_day``, ``cap.<channel>.per_week``, ``cap.action``, ...) in one transaction;
        returns the new policy. InputError names the bad one and nothing changes."""
        from runtime.channels.admin import set_policy

        policy = set_policy(self.project, values)
        self._changed("settings", key="channels.policy")
        return policy

    def set_sandbox(self, on: bool) -> None:
        """Sandbox mode: messages land in the outbox as ``sandbox`` and nothing leaves the machine."""
        self.channel_set_policy({"sandbox": "true" if on else "false"})

    # -- outbox -------------------------------------------------------------------------------------

    def outbox_page(self, flow_id: int | str | None = None, channel: str | None = None, status: str | None = None,
                    contact: str | None = None, offset: int = 0, limit: int = 200) -> OutboxPage:
        """Outbox messages matching the filters, newest first, one page (with the total matching)."""
        from runtime.reports.outbox_page import outbox_page
        from runtime.storage import flows_repo

        with self.project.session() as session:
            fid = flows_repo.get_flow_row(session, flow_id).id if flow_id is not None else None
            page = outbox_page(session, flow_id=fid, channel=channel, status=status, contact=contact,
                               offset=offset, limit=limit)
        return OutboxPage(page["total"], tuple(OutboxRow(**row) for row in page["rows"]))

    def outbox_channels(self) -> list[str]:
        """Channels that appear in the outbox (for filters)."""
        from runtime.reports.outbox_page import outbox_channels

        with self.project.session() as session:
            return outbox_channels(session)

    def outbox_resolve(self, outbox_id: int, outcome: str, by: str = "operator") -> dict[str, Any]:
        """Decide on a message flagged ``review``: ``sent`` (it did go out), ``failed`` or
        ``requeue`` (send it again). The waiting contact moves on; the decision is audited."""
        from runtime.engine.operator import resolve_review_audited

        with self.project.write() as session:
            result = resolve_review_audited(session, outbox_id, outcome, self.clock, by)
        self._changed("project", tuple(f for f in (result.get("flow_id"),) if f is not None),
                      action="outbox_resolve", outbox_id=outbox_id, outcome=outcome)
        return result
