"""The inbound HTTP API: events, contacts, form posts, push subscriptions, one-click unsubscribe,
email tracking and the Telegram webhook, on aiohttp, on the runtime's own asyncio loop.

:class:`runtime.inbound.server.InboundServer` starts and stops it on a running loop (the
designer's, or ``flowcanvas serve``'s); :func:`runtime.inbound.server.create_app` builds the
aiohttp application. Tokens: :mod:`runtime.inbound.tokens`.
"""
