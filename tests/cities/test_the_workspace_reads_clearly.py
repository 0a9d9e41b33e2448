"""Seocho-gu's officer opens the city's workspace after applying to a round: each assessment once, by its scheme's
name; the copy the application keeps sits under the assessment it was made from, as that application; shares of
the maximum are shown to one decimal; and a draft says what it would do if submitted, never that it is certified."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.assessments.workflow import ResponseInput, save_response
from tests.certification.story import round_in_review
from tests.language.crawling import typed_texts
from tests.language.english import english_words, visible_text
from tests.people import People

pytestmark = pytest.mark.django_db


def workspace(people: People) -> str:
    client = Client()
    client.force_login(people.officer)
    answer = client.get(f"/cities/{people.seocho.code}/workspace/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_officer_reads_each_assessment_once_with_its_application_under_it(people: People) -> None:
    story = round_in_review(people)
    for item in ("BM.leadership", "CSM.integrated-service", "TDAM.open-platform"):
        save_response(people.draft, item, ResponseInput(value="4"), people.officer)
    html = workspace(people)
    text = " ".join(visible_text(html))

    # The frozen copy is not listed as an assessment: it has no link of its own, and its application is named.
    assert f"/assessments/{story.seocho.frozen_id}/" not in html
    assert f"/certification/applications/{story.seocho.pk}/" in html
    assert "2026년 ISO 37106 인증에 신청함" in text
    # Scheme names, not ids.
    assert "bsi-iso37106@" not in html
    assert people.draft.framework_version.name_ko in text
    # Shares to one decimal at most.
    shares = re.findall(r"(\d+(?:\.\d+)?)%", text)
    assert shares and all(len(share.partition(".")[2]) <= 1 for share in shares), shares
    # The draft, four items answered of many, would not pass if submitted; no column says it is certified.
    assert "제출해도 기준 미달" in text and "제출하면 기준 통과" not in text
    assert "인증: 예" not in text and "인증됨" not in text
    # And all of it in Korean.
    assert not english_words(visible_text(html), typed_texts())


def test_the_same_page_in_english(people: People) -> None:
    round_in_review(people)
    client = Client()
    client.force_login(people.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = " ".join(visible_text(client.get(f"/cities/{people.seocho.code}/workspace/").content.decode()))
    assert "Applied to ISO 37106 certification 2026" in text
    assert "would not pass if submitted" in text and "would pass if submitted" not in text
    assert "Certified" not in text
