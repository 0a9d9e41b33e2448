"""Every form that posts carries Django's CSRF token: in every template, and in the pages people use as
rendered (the site header's log-out and language forms included)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

import citycert
from tests.people import People

TEMPLATES = Path(citycert.__file__).parent / "templates"
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post\b[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def name(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=name)
def test_each_post_form_in_a_template_has_the_token(path: Path) -> None:
    for form in POST_FORM.finditer(path.read_text(encoding="utf-8")):
        assert "{% csrf_token %}" in form.group(1), f"{name(path)}: {form.group(0)[:200]}"


class Forms(HTMLParser):
    """Each POST form of a page, with whether it holds a csrfmiddlewaretoken field."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, bool]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.forms.append((values.get("action") or "", False))
            self._open = []
        elif tag == "input" and self._open is not None and values.get("name") == "csrfmiddlewaretoken":
            self.forms[-1] = (self.forms[-1][0], bool(values.get("value")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def post_forms(html: str) -> list[tuple[str, bool]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def test_the_main_pages_as_rendered_carry_the_token(client: Client, people: People) -> None:
    client.force_login(people.officer)
    pages = [
        "/",
        "/my/",
        f"/cities/{people.seocho.code}/workspace/",
        f"/cities/{people.seocho.code}/assessments/new/",
        f"/assessments/{people.draft.pk}/",
        "/accounts/tokens/",
        "/accounts/password/",
        "/certification/",
        "/certificates/verify/",
    ]
    seen = 0
    for page in pages:
        answer = client.get(page)
        assert answer.status_code == 200, page
        forms = post_forms(answer.content.decode())
        assert all(has_token for _action, has_token in forms), f"{page}: {forms}"
        seen += len(forms)
    client.logout()
    login = post_forms(client.get("/accounts/login/").content.decode())
    assert login and all(has_token for _action, has_token in login)
    assert seen > 2 * len(pages)  # log-out and language on every page, and each page's own
