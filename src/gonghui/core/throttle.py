"""A count of failures per client address in Django's cache, for public forms that must
not become a guessing machine (the 入会申请 status look-up). With the default local-memory
cache each app-server process counts on its own; a shared cache (Redis, the database cache)
makes the limit exact across processes."""

from __future__ import annotations

from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.cache import cache


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int
    seconds: int = 3600

    def _key(self, request) -> str:
        # The address axes locks logins on, so both read the proxy's header alike.
        return f"gonghui-throttle:{self.name}:{get_client_ip_address(request) or '-'}"

    def blocked(self, request) -> bool:
        return (cache.get(self._key(request)) or 0) >= self.limit

    def failed(self, request) -> None:
        key = self._key(request)
        if cache.add(key, 1, self.seconds):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, self.seconds)
