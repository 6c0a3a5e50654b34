"""Waiting on the running asyncio loop (qasync: Qt's events and the runner go on meanwhile)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(condition: Callable[[], object], timeout: float, poll: float = 0.05) -> bool:
    """Let the loop run until ``condition()`` holds (True) or ``timeout`` seconds pass (False).

    The GUI-thread state the runner's signals update is polled every ``poll`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(poll)
    return True
