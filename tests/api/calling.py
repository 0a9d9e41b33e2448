"""Calling the API in the tests as a client program would: JSON in and out, a token or a session."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from citycert.accounts.tokens import issue

BASE = "/api/v1"


class Caller:
    """A client program with a personal API token (or none: the public)."""

    def __init__(self, user: User | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _, secret = issue(user, "tests", 30)
            self.headers["Authorization"] = f"Bearer {secret}"

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        send = getattr(self.client, method)
        given = {**self.headers, **headers}
        if method == "get":
            return send(BASE + path, body or {}, headers=given)
        return send(BASE + path, json.dumps(body or {}), content_type="application/json", headers=given)

    def get(self, path: str, query: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.call("get", path, query, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("post", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("patch", path, body, **headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("put", path, body, **headers)


def error_of(response: Any) -> dict[str, Any]:
    """The one error shape every failure has."""
    data = response.json()
    assert set(data) == {"error"} and {"code", "message", "details"} <= set(data["error"]), data
    error: dict[str, Any] = data["error"]
    return error
