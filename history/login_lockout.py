"""The sign-in lockout's two project-specific parts, for django-axes (configured in settings.py).

Axes counts failed sign-ins per username and per IP address (rallying/client_address.py) in the
database and refuses a locked sign-in before the password is checked. Here: which username a
guess counts against, and the page a locked sign-in gets (HTTP 429 with Retry-After).
"""

import logging
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max, Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger("rallying.security")


def counted_username(request, credentials) -> str | None:
    """The username a failure counts against: case and surrounding spaces make no other name."""
    if credentials:
        name = credentials.get("username")
    else:
        name = request.POST.get("username")
    return name.strip().lower() if name else None


def locked_response(request, original_response, credentials) -> HttpResponse:
    """The page for a refused sign-in: how long the lock has left (one query)."""
    username = counted_username(request, credentials)
    address = request.axes_ip_address
    latest = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        Max("attempt_time")
    )["attempt_time__max"]
    # The lock lasts the cool-off period after the last failure counted against it.
    seconds_left = (latest or timezone.now()) + get_cool_off(request) - timezone.now()
    seconds_left = max(1, math.ceil(seconds_left.total_seconds()))
    logger.warning("Refused an admin sign-in while locked: username=%r ip=%s", username, address)
    minutes = max(1, round(seconds_left / 60))
    body = render_to_string(
        "history/login_locked.html",
        {"minutes": minutes, "login_url": request.path},
        request=request,
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds_left)
    return response
