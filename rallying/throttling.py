"""The anonymous API rate, counted in fixed windows.

DRF's AnonRateThrottle keeps, per address, the list of every request's time within the period,
and reads and writes that whole list from the cache on each request: at 600 a minute that is 600
timestamps unpickled and pickled again per request, and the cost grows with the rate. Here each
address has one counter per window of the period, so a request is one cache increment whatever
the rate. A client may then make up to twice the rate across the boundary of two windows, which
is what a fixed window allows.
"""

from rest_framework.throttling import AnonRateThrottle


class AnonWindowThrottle(AnonRateThrottle):
    """Anonymous clients, by address (the same key and rate setting as AnonRateThrottle)."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True  # signed in: not this throttle's business
        now = self.timer()
        window = int(now // self.duration)
        counter = f"{key}:{window}"
        if self.cache.add(counter, 1, self.duration):
            count = 1
        else:
            try:
                count = self.cache.incr(counter)
            except ValueError:  # expired between the two calls: a new window
                self.cache.add(counter, 1, self.duration)
                count = 1
        if count is None:
            return True  # the cache is away (its errors are ignored): no rate to keep
        self.seconds_left = self.duration - (now - window * self.duration)
        return count <= self.num_requests

    def wait(self) -> float:
        return self.seconds_left
