"""Where and how much the inbound API listens by default (kept apart from the server so the
command line can show them without importing aiohttp)."""

DEFAULT_HOST = "127.0.0.1"  # this machine only: put a TLS reverse proxy in front to open it up
DEFAULT_PORT = 8787
DEFAULT_MAX_BODY = 1024 * 1024  # bytes
DEFAULT_RATE = 200.0  # requests per second per token, on average
DEFAULT_BURST = 400
