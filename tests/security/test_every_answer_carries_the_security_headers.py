"""Every answer, to the public and to a signed-in officer, carries the Content-Security-Policy and the other
protective headers; an evidence download keeps its own stricter, sandboxed policy."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.content_security import POLICY
from tests.people import People


def directives(header: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()}


def test_the_policy_allows_no_inline_script_and_no_framing() -> None:
    policy = directives(POLICY)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["base-uri"] == "base-uri 'self'"
    assert policy["form-action"] == "form-action 'self'"
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY


@pytest.mark.parametrize("address", ["/", "/accounts/login/", "/registry/", "/api/v1/docs", "/no-such-page/"])
def test_the_public_gets_the_headers_on_every_page(client: Client, db: None, address: str) -> None:
    answer = client.get(address)
    assert answer["Content-Security-Policy"] == POLICY
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"


def test_an_officer_gets_them_on_the_assessment_page_and_its_fragments(client: Client, people: People) -> None:
    client.force_login(people.officer)
    page = client.get(f"/assessments/{people.draft.pk}/")
    saved = client.post(f"/assessments/{people.draft.pk}/items/BM.leadership/", {"value": "4"}, HTTP_HX_REQUEST="true")
    assert page.status_code == saved.status_code == 200
    assert page["Content-Security-Policy"] == saved["Content-Security-Policy"] == POLICY


def test_an_evidence_download_keeps_its_sandbox(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.get(f"/assessments/{people.draft.pk}/evidence/{people.draft_evidence.pk}/file")
    assert answer["Content-Security-Policy"] == "sandbox; default-src 'none'"
