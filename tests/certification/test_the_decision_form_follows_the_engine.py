"""The decision form starts at the engine's outcome for the consensus: "not certified" for Hanam-si, whose
consensus falls below the bar, "certified" for Seocho-gu. Refusing Seocho-gu against the engine needs a
reason, which is stored and shown with the decision; certifying Hanam-si stays impossible."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.test import Client

from citycert.certification.models import Certificate, Decision
from tests.certification.story import agree, item_ids, round_in_review, second_certifier
from tests.people import People


def selected(page: str) -> str:
    # On the decision form's outcome list (the consensus form above it has lists of its own).
    found = re.search(r'<option value="(\w+)" selected>', page.split('name="outcome"')[-1])
    assert found, "no outcome is chosen on the form"
    return found.group(1)


def test_the_default_is_the_engines_outcome_and_going_against_it_needs_a_reason(
    client: Client, people: People, tmp_path: Path
) -> None:
    story = round_in_review(people)
    last = item_ids()[-1]
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    agree(story.hanam, {item: ("2" if item == last else "3", "") for item in item_ids()}, people.certifier)
    client.force_login(second_certifier())
    seocho, hanam = (f"/certification/applications/{a.pk}/" for a in (story.seocho, story.hanam))

    assert selected(client.get(hanam).content.decode()) == "not_certified"
    page = client.get(seocho).content.decode()
    assert selected(page) == "certified"
    assert "엔진 판정" in page

    # Certifying below the bar is refused whatever the reason.
    below = client.post(
        hanam + "decide/", {"outcome": "certified", "reasons": "x", "against_engine_reason": "위원회 재량"}
    )
    assert below.status_code == 409 and "인증할 수 없습니다" in below.content.decode()

    # Refusing a certifiable consensus without a reason against the engine: refused, the form as it was sent.
    sent = {"outcome": "not_certified", "reasons": "현장 확인 결과 미흡-E1"}
    answer = client.post(seocho + "decide/", sent)
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "엔진 판정" in page and "사유가 필요합니다" in page
    assert selected(page) == "not_certified" and "현장 확인 결과 미흡-E1</textarea>" in page
    assert Decision.objects.count() == 0

    reason = "최종 현장 확인에서 운영 중단 확인-E2"
    assert client.post(seocho + "decide/", sent | {"against_engine_reason": reason}).status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.engine_outcome, decision.against_engine_reason) == (
        "not_certified",
        "certified",
        reason,
    )
    assert not Certificate.objects.exists()
    officer = Client()
    officer.force_login(people.officer)
    assert reason in officer.get(seocho).content.decode()
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(officer.get(seocho + "letter.pdf?lang=ko").content)
    printed = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True).stdout
    assert "엔진 판정과 달리 결정한 사유" in printed and reason in " ".join(printed.split())

    # Deciding as the engine says needs no such reason, and keeps none.
    assert client.post(hanam + "decide/", {"outcome": "not_certified", "reasons": "요건 미충족"}).status_code == 302
    assert Decision.objects.get(application=story.hanam).against_engine_reason == ""
