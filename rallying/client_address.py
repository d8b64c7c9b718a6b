"""The reader's IP address, for throttling: the connection's, or the one our own proxies saw.

With TRUSTED_PROXIES=0 (the default) only REMOTE_ADDR counts: an X-Forwarded-For header sent by a
client is ignored, since anyone can write one and so escape a per-address limit. Behind N proxies
that each append the address they received from (nginx's `$proxy_add_x_forwarded_for`), set
TRUSTED_PROXIES=N: the N-th address from the right of X-Forwarded-For is then the reader's, the
same rule as Django REST framework's NUM_PROXIES (which settings.py sets from the same value).
The admin sign-in lockout (django-axes) counts per this address too: AXES_CLIENT_IP_CALLABLE.
"""

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(trusted, len(hops))] if hops else remote
