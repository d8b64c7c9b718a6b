from history.choices import Via
from history.context import acting


class ChangeActorMiddleware:
    """Tells the history who is writing during this request (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(Via.WEB, request=request):
            return self.get_response(request)
