"""Rate limits for the dispatcher: never more than N sends in any window of W seconds (plus a margin).

A sliding log (not a token bucket) because a bucket lets through up to twice its rate in a
one-second window (a full burst plus the refill), and providers such as Telegram count per
second. Time here is the monotonic clock of the process: it paces network calls, it is not
business time, so it is injected separately from the project's :class:`Clock`.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import TypedDict, Unpack


class LimiterOptions(TypedDict, total=False):
    """Options every limiter takes (tests inject a fake monotonic clock and sleep)."""

    margin: float
    monotonic: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]


class SlidingWindowLimiter:
    """At most ``limit`` acquisitions in any ``window`` seconds."""

    def __init__(
        self,
        per_second: float,
        *,
        margin: float = 0.25,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("rate must be positive")
        # ``margin`` widens the window: a request reaches the provider a little after its slot is
        # granted, by a varying delay (event loop, connection pool); the provider counts arrivals
        if per_second >= 1:
            self.limit, self.window = math.floor(per_second), 1.0 + margin
        else:
            self.limit, self.window = 1, 1.0 / per_second + margin
        self._times: deque[float] = deque()
        self._lock = asyncio.Lock()
        self._monotonic = monotonic
        self._sleep = sleep

    async def acquire(self) -> None:
        """Wait until one more send fits in the window, then take it."""
        async with self._lock:
            while True:
                now = self._monotonic()
                while self._times and self._times[0] <= now - self.window:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return
                await self._sleep(self._times[0] + self.window - now)

    def idle(self) -> bool:
        """True when nothing was taken within the last window (safe to forget this limiter)."""
        return not self._times or self._times[-1] <= self._monotonic() - self.window


class KeyedLimiter:
    """One :class:`SlidingWindowLimiter` per key (e.g. per Telegram chat), forgetting idle ones."""

    def __init__(self, per_second: float, *, max_keys: int = 10000, **kwargs: Unpack[LimiterOptions]) -> None:
        self.per_second = per_second
        self.kwargs = kwargs
        self.max_keys = max_keys
        self._limiters: OrderedDict[str, SlidingWindowLimiter] = OrderedDict()

    async def acquire(self, key: str) -> None:
        limiter = self._limiters.get(key)
        if limiter is None:
            if len(self._limiters) >= self.max_keys:
                for old in [k for k, lim in self._limiters.items() if lim.idle()]:
                    del self._limiters[old]
            limiter = self._limiters[key] = SlidingWindowLimiter(self.per_second, **self.kwargs)
        self._limiters.move_to_end(key)
        await limiter.acquire()
