"""A program sends the NUL character, which PostgreSQL cannot store: in a query, a form or a JSON body, in a
page or the API. Each is refused before it reaches the database (400, or the API's 422 naming where), in the
language asked for; an evidence file full of NUL bytes is still taken, files being stored as files."""

from __future__ import annotations

import io
import json

from django.test import Client

from citycert.accounts.tokens import issue
from tests.api.calling import BASE, error_of
from tests.people import PDF, People


def test_pages_and_the_api_refuse_nul_and_files_still_come_in(people: People) -> None:
    assert Client().get("/registry/?q=%00").status_code == 400
    officer = Client()
    officer.force_login(people.officer)
    page = officer.post(f"/assessments/{people.draft.pk}/items/BM.vision/", {"value": "3\x00"})
    assert page.status_code == 400
    assert people.draft.responses.get(item_id="BM.vision").value == "3"

    token = {"Authorization": f"Bearer {issue(people.officer, 'hub', 30)[1]}"}
    query = Client().get(f"{BASE}/cities", {"q": "서초\x00"}, headers={"Accept-Language": "en"})
    assert query.status_code == 422 and error_of(query)["details"] == [{"field": "query"}]
    assert "NUL" in error_of(query)["message"]
    sent = Client().patch(
        f"{BASE}/assessments/{people.draft.pk}/responses",
        json.dumps({"responses": [{"item": "BM.vision", "value": "4\u0000"}]}),
        content_type="application/json",
        headers={**token, "If-Match": "*"},
    )
    assert sent.status_code == 422 and error_of(sent)["details"] == [{"field": "body"}]

    nul_bytes = io.BytesIO(PDF + b"\x00" * 64)
    nul_bytes.name = "plan.pdf"
    upload = Client().post(
        f"{BASE}/assessments/{people.draft.pk}/evidence",
        {"title": "계획", "items": ["BM.vision"], "file": nul_bytes},
        headers=token,
    )
    assert upload.status_code == 201, upload.content


def test_a_backslash_written_before_u0000_is_text_not_nul(people: People) -> None:
    """A city writes a Windows path into a justification: `C:\\u0000plan` is a backslash and letters, sent in JSON
    as an escaped backslash before `u0000`. It is no NUL and is saved as typed."""
    token = {"Authorization": f"Bearer {issue(people.officer, 'hub', 30)[1]}"}
    typed = "see C:\\u0000plan\\appendix"
    sent = Client().patch(
        f"{BASE}/assessments/{people.draft.pk}/responses",
        json.dumps({"responses": [{"item": "BM.vision", "value": "4", "justification": typed}]}),
        content_type="application/json",
        headers={**token, "If-Match": "*"},
    )
    assert sent.status_code == 200, sent.content
    assert people.draft.responses.get(item_id="BM.vision").justification == typed
