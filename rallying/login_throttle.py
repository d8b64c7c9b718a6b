"""Admin sign-in throttling against password guessing.

After ADMIN_LOGIN_ATTEMPTS failed sign-ins for one username, or from one IP address, within
ADMIN_LOGIN_LOCK_SECONDS, further attempts for that username or from that address are refused
with HTTP 429 for ADMIN_LOGIN_LOCK_SECONDS, before the password is checked: the right password
does not get through a lock either. Counts and locks live in Django's cache (Redis in
production), so every worker shares them. Refused attempts are logged to "rallying.security".

Locking by username means someone can lock an editor out for the lock period by guessing at their
name; that is the price of stopping a guesser who spreads attempts over many addresses. The
address is the connection's, or behind TRUSTED_PROXIES proxies the one they saw
(rallying/client_address.py).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from rallying.client_address import client_address

logger = logging.getLogger("rallying.security")

# Replaced in tests to move past a lock without waiting.
now = time.time


def _limits() -> tuple[int, int]:
    return settings.ADMIN_LOGIN_ATTEMPTS, settings.ADMIN_LOGIN_LOCK_SECONDS


def _identities(request) -> list[str]:
    """The address, then the username if given, hashed: any text makes a valid cache key."""
    username = request.POST.get("username", "").strip().lower()
    identities = [f"ip:{client_address(request)}"]
    if username:
        identities.append(f"user:{username}")
    return [hashlib.sha256(identity.encode()).hexdigest() for identity in identities]


def _locked_until(identity: str) -> float | None:
    until = cache.get(f"admin-login-lock:{identity}")
    return until if until is not None and until > now() else None


def _count_failure(identity: str) -> None:
    attempts, lock_seconds = _limits()
    key = f"admin-login-failures:{identity}"
    # add() then incr() is atomic on Redis: concurrent guesses are all counted. The window
    # starts at the first failure.
    cache.add(key, 0, timeout=lock_seconds)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=lock_seconds)
        failures = 1
    if failures >= attempts:
        cache.set(f"admin-login-lock:{identity}", now() + lock_seconds, timeout=lock_seconds)
        cache.delete(key)


def _refusal(request, until: float) -> HttpResponse:
    minutes = max(1, round((until - now()) / 60))
    body = render_to_string(
        "history/login_locked.html",
        {"minutes": minutes, "login_url": request.path},
        request=request,
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(max(1, int(until - now())))
    return response


class AdminLoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        identities = _identities(request)
        locks = [until for identity in identities if (until := _locked_until(identity))]
        if locks:
            logger.warning(
                "Refused an admin sign-in while locked: username=%r ip=%s",
                request.POST.get("username", ""),
                client_address(request),
            )
            return _refusal(request, max(locks))
        response = self.get_response(request)
        # The admin answers a failed sign-in by showing the form again (200); success redirects.
        if response.status_code == 200 and not request.user.is_authenticated:
            for identity in identities:
                _count_failure(identity)
        elif request.user.is_authenticated:
            # A mistyped password or two before the right one is not held against the editor;
            # the address's count stands.
            cache.delete_many([f"admin-login-failures:{identity}" for identity in identities[1:]])
        return response
