"""A runaway script with Seocho-gu's API token writes through a load balancer that spreads its requests over two
app servers (gunicorn, one process each). With CITYCERT_REDIS_URL both count in the same Redis: at a rate of 4
writes a minute, the fifth is refused on either server. Without it each server counts alone and the script gets
twice the rate. The registry's listing one server renders is in the shared cache for the other.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.operations.processes import WAIT, Server, child, child_env, copy_data_dir, get, gunicorn_server

pytestmark = pytest.mark.slow

RATE = "4/min"


@contextmanager
def two_servers(template: Path, tmp_path: Path, cache: dict[str, str]) -> Iterator[tuple[Server, Server, str]]:
    """Servers A and B, each with its own data folder, on one database; a new token of Seocho-gu's officer."""
    shared = copy_data_dir(template, tmp_path / "shared")
    database = f"sqlite:///{shared / 'citycert.sqlite3'}"
    envs = [child_env(tmp_path / name, database, CITYCERT_API_WRITES_RATE=RATE, **cache) for name in ("a", "b")]
    token = child("api-token", "officer-seocho", env=envs[0])["token"]
    with ExitStack() as stack:
        a, b = (stack.enter_context(gunicorn_server(env, workers=1, threads=2)) for env in envs)
        yield a, b, token


def write(server: Server, token: str, draft: int) -> int:
    """One change of an answer through the API; the status it got."""
    body = json.dumps({"responses": [{"item": "BM.vision", "value": "4"}]}).encode()
    headers = {"Authorization": f"Bearer {token}", "If-Match": "*", "Content-Type": "application/json"}
    request = urllib.request.Request(
        f"{server.url}/api/v1/assessments/{draft}/responses", data=body, headers=headers, method="PATCH"
    )
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_limit_counts_every_servers_writes(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path, redis_url: str
) -> None:
    template, ids = installed_story
    prefix = f"citycert-{uuid.uuid4().hex[:8]}"
    shared_cache = {"CITYCERT_REDIS_URL": redis_url, "CITYCERT_CACHE_PREFIX": prefix}
    with two_servers(template, tmp_path, shared_cache) as (a, b, token):
        answers = [write(server, token, ids["draft"]) for server in (a, b, a, b)]
        assert answers == [200, 200, 200, 200]
        assert write(a, token, ids["draft"]) == 429
        assert write(b, token, ids["draft"]) == 429

        assert get(a.url + "/registry/").status == 200
        shared = redis.Redis.from_url(redis_url)
        assert shared.keys(f"{prefix}:*registry:listing:*"), "A's rendering of the listing is not in Redis"
        assert get(b.url + "/registry/").status == 200


def test_without_redis_each_server_counts_alone(installed_story: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    template, ids = installed_story
    with two_servers(template, tmp_path, {}) as (a, b, token):
        answers = [write(server, token, ids["draft"]) for server in (a, b, a, b, a, b)]
        assert answers == [200] * 6
        assert write(a, token, ids["draft"]) == 200
        assert write(a, token, ids["draft"]) == 429
