"""How many suggestions one client address may send: CONTRIBUTIONS_RATE per window of
CONTRIBUTIONS_RATE_SECONDS, counted in fixed windows in the default cache, as
rallying/throttling.py counts API reads (one cache increment per suggestion, whatever the rate).

Only suggestions received count (stored, or caught by the honeypot): a reader who corrects a
form's errors is not penalised for the attempts. The address comes from client_address, which
never trusts a client-written X-Forwarded-For; it is a cache key only, never stored with a
suggestion.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from rallying.client_address import client_address


@dataclass(frozen=True)
class Window:
    key: str
    seconds_left: int


def _window(request, now: float) -> Window:
    period = settings.CONTRIBUTIONS_RATE_SECONDS
    number = int(now // period)
    return Window(
        key=f"contributions:{client_address(request)}:{number}",
        seconds_left=max(1, math.ceil((number + 1) * period - now)),
    )


def wait_seconds(request, *, now: float | None = None) -> int | None:
    """Seconds until this address may send again, or None when it may send now."""
    window = _window(request, time.time() if now is None else now)
    count = cache.get(window.key, 0)
    return window.seconds_left if count >= settings.CONTRIBUTIONS_RATE else None


def count_received(request, *, now: float | None = None) -> None:
    """Count one more suggestion from this address in the current window."""
    window = _window(request, time.time() if now is None else now)
    if cache.add(window.key, 1, window.seconds_left):
        return
    try:
        cache.incr(window.key)
    except ValueError:  # expired between the two calls: a new window
        cache.add(window.key, 1, window.seconds_left)
