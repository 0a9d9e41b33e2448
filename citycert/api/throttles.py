"""Rate limits on changes, per API token (or per signed-in person for the pages' session).

The counts live in Django's cache: per process with the default in-memory cache, shared between app servers
when CACHES points at a shared one. Reads are not limited here; a proxy in front is the place for that.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle


class WritesPerCaller(SimpleRateThrottle):
    scope = "api-writes"

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, "API_WRITES_RATE", "120/min"))

    def allow_request(self, request: HttpRequest) -> bool:
        # The rate is read on each request, so that a site (or a test) can change it without a restart.
        self.rate = getattr(settings, "API_WRITES_RATE", "120/min")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if token:
            # A digest names the token; the secret itself never goes into the cache.
            ident = "token:" + hashlib.sha256(token.encode()).hexdigest()[:24]
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = "anonymous"
        return self.cache_format % {"scope": self.scope, "ident": ident}


WRITES: list[BaseThrottle] = [WritesPerCaller()]
