"""Running the inbound API for a project: options from the project's settings and keyring, the
server next to the engine on one asyncio loop (``flowcanvas serve``; the designer uses
:class:`~runtime.inbound.server.InboundServer` on its own loop the same way).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from runtime.channels.base import ChannelError
from runtime.clock import Clock
from runtime.inbound.server import InboundOptions, InboundServer
from runtime.storage.db import Project

log = logging.getLogger(__name__)

HMAC_SECRET = ("inbound", "hmac_secret")
#: who holds the runner lease while ``flowcanvas serve`` runs the engine
SERVE_HOLDER = "`flowcanvas serve`"
TELEGRAM_WEBHOOK_SECRET = ("telegram", "webhook_secret")


def _secret(project: Project, channel: str, key: str) -> str | None:
    from runtime.channels.settings import secret

    with project.write() as session:  # project_id may be created on first use
        try:
            return secret(session, channel, key, required=False)
        except ChannelError as exc:  # no keyring: no secret can have been stored
            log.warning("inbound API: %s", exc)
            return None


def telegram_accounts(project: Project) -> list[str]:
    """The names of the project's named bots (channel settings ``telegram:<name>``)."""
    from sqlalchemy import select

    from runtime.storage.models import Setting

    with project.session() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.like("channel.telegram:%"))).all()
    return sorted(key.split(":", 1)[1] for key in keys)


def options_for(project: Project, options: InboundOptions) -> InboundOptions:
    """``options`` with the project's HMAC secret and Telegram webhook secrets (from the keyring)."""
    secrets = dict(options.telegram_secrets)
    for account in telegram_accounts(project):
        value = secrets.get(account) or _secret(project, f"telegram:{account}", TELEGRAM_WEBHOOK_SECRET[1])
        if value:
            secrets[account] = value
    return replace(options, hmac_secret=options.hmac_secret or _secret(project, *HMAC_SECRET),
                   telegram_secret=options.telegram_secret or _secret(project, *TELEGRAM_WEBHOOK_SECRET),
                   telegram_secrets=secrets)


def store_secret(project: Project, channel: str, key: str, value: str | None) -> None:
    """Keep (or with None forget) one of the inbound API's secrets in the keyring."""
    from runtime.channels import credentials

    with project.write() as session:
        project_key = credentials.project_id(session)
    if value is None:
        credentials.delete_secret(project_key, channel, key)
    else:
        credentials.set_secret(project_key, channel, key, value)


async def serve_project(
    project: Project,
    clock: Clock,
    options: InboundOptions,
    *,
    seconds: float | None = None,
    engine: bool = True,
    sandbox: bool | None = None,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[InboundServer], Any] | None = None,
    on_engine: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Serve the inbound API (and, with ``engine``, run the project's runner beside it under the
    runner lease) until ``stop`` is set, ``seconds`` pass, or SIGINT/SIGTERM; returns a summary.
    ``on_ready`` gets the started server (with ``engine``, once the runner runs too), ``on_engine``
    the runner's :class:`~runtime.engine.scheduler.EngineScheduler`."""
    stop = stop or asyncio.Event()
    server = InboundServer(project, clock, options_for(project, options))
    await server.start()
    summary: dict[str, Any] = {"url": server.url}
    try:
        if engine:
            # ready once the runner beside the server has started (a busy project refuses to serve)
            summary["engine"] = await _run_engine(server, clock, seconds, sandbox, stop, on_engine, on_ready)
        else:
            if on_ready is not None:
                on_ready(server)
            await _wait(stop, seconds)
    finally:
        await server.stop()
    summary["write_transactions"] = server.ctx.writer.transactions
    return summary


async def _run_engine(server: InboundServer, clock: Clock, seconds: float | None, sandbox: bool | None,
                      stop: asyncio.Event, on_engine: Callable[[Any], Any] | None,
                      on_ready: Callable[[InboundServer], Any] | None) -> dict[str, int]:
    """The project's runner beside the server, under the runner lease (the same runner as
    ``flowcanvas run``), its status shown by ``/v1/health``; the totals of its ticks."""
    from runtime.service.runner import RunnerStatus, run_leased
    from runtime.service.service_log import RunLog

    starting = RunnerStatus(state="starting")
    server.ctx.runner_status = lambda: starting  # /v1/health meanwhile: an engine on its way, not none

    def started(runner: Any) -> None:
        server.ctx.runner_status = lambda: runner.status
        if on_engine is not None:
            on_engine(runner.engine)
        if on_ready is not None:
            on_ready(server)

    runner = await run_leased(server.project, seconds, holder=SERVE_HOLDER, clock=clock, sandbox=sandbox, stop=stop,
                              on_runner=started, on_status=RunLog())
    server.ctx.runner_status = lambda: runner.status
    return runner.runtime.totals.to_json() if runner.runtime is not None else {}


async def _wait(stop: asyncio.Event, seconds: float | None) -> None:
    from runtime.engine.scheduler import stop_on_signals

    loop = asyncio.get_running_loop()
    installed = stop_on_signals(loop, stop)
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
