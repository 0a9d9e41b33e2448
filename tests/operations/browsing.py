"""A person's browser over real HTTP, for stories that move between app servers: it keeps its cookies (the
session, the CSRF cookie, messages) for every server on 127.0.0.1, as a browser behind a load balancer does, and
shows redirects instead of following them."""

from __future__ import annotations

import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from http.cookies import SimpleCookie
from typing import Any

from tests.operations.processes import WAIT, Answer


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Browser:
    def __init__(self, **cookies: str) -> None:
        self.cookies = dict(cookies)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self._send(urllib.request.Request(url, headers=headers or {}))

    def post(
        self, url: str, fields: Mapping[str, str | Sequence[str]], files: dict[str, tuple[str, bytes]] | None = None
    ) -> Answer:
        """A form posted with the CSRF cookie's token; `files` as multipart, name -> (file name, bytes)."""
        if "csrftoken" not in self.cookies:
            raise AssertionError("open a page with a form first: there is no CSRF cookie yet")
        boundary = "citycert-" + secrets.token_hex(8)
        body = b""
        for name, value in fields.items():
            for one in [value] if isinstance(value, str) else value:
                body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode()
        for name, (file_name, data) in (files or {}).items():
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                ).encode()
                + data
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookies["csrftoken"],
        }
        return self._send(urllib.request.Request(url, data=body, headers=headers, method="POST"))

    def _send(self, request: urllib.request.Request) -> Answer:
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            with _OPENER.open(request, timeout=WAIT) as response:
                answer = Answer(response.status, dict(response.headers), response.read())
                set_cookies = response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, dict(error.headers), error.read())
            set_cookies = error.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer
