"""`/healthz`: whether this app server can do its work, for a load balancer or a person on call.

Each part is tried for real, not assumed: the database answers a query, the file storage writes, reads back and
deletes a small file, the cache keeps a value. The worker's last heartbeat is reported as it is known; it does not
fail the check (a worker can be restarted without taking the site out of its pool).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from citycert.operations.jobs import a_worker_is_alive, last_worker_heartbeat

Part = dict[str, object]


def _timed(check: Callable[[], None]) -> Part:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # any failure is the answer: the check reports it rather than raising
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _storage() -> None:
    content = uuid.uuid4().bytes
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.bin", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise RuntimeError(f"{name} read back differently")
    finally:
        default_storage.delete(name)
    if default_storage.exists(name):
        raise RuntimeError(f"{name} is still there after deleting it")


def _cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not keep a value just set")
    finally:
        cache.delete(key)


def _worker() -> Part:
    """The newest heartbeat of any worker: `alive` when one beat within its last three beats, `silent` when none
    did (queued work waits), `unknown` when no worker ever ran. Reported, not judged: see the module's note."""
    try:
        beat = last_worker_heartbeat()
        alive = beat is not None and a_worker_is_alive()
    except DatabaseError:  # the heartbeats are in the database, whose own check says what is wrong
        beat = None
    if beat is None:
        return {"ok": None, "state": "unknown", "last_heartbeat": None}
    return {"ok": None, "state": "alive" if alive else "silent", "last_heartbeat": beat.isoformat()}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with each part's result when the database, storage and cache all work; 503 naming what failed."""
    parts: dict[str, Part] = {"database": _timed(_database), "storage": _timed(_storage), "cache": _timed(_cache)}
    parts["worker"] = _worker()
    healthy = all(part["ok"] is not False for part in parts.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": parts}, status=200 if healthy else 503)
