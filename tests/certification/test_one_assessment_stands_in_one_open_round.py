"""Seocho-gu's officer applies to one open round with a self-assessment, then tries to apply to a second open
round with the same one: refused, in Korean, naming the round where it already stands, and nothing is saved.
Once the first application is withdrawn, the same assessment may apply to the second round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.models import Application, Round
from citycert.library.store import find_version
from tests.certification.story import submitted_self_assessment
from tests.people import People


def open_today(people: People, year: int, name_ko: str, name_en: str) -> Round:
    today = timezone.localdate()
    return workflow.open_round(
        find_version("bsi-iso37106"),
        year,
        name_ko=name_ko,
        name_en=name_en,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        actor=people.certifier,
    )


def test_the_same_assessment_cannot_apply_to_a_second_open_round(people: People) -> None:
    # Two rounds of one scheme open at once: this year's, and next year's opened early.
    year = timezone.localdate().year
    first = open_today(people, year, "올해 ISO 37106 인증", "ISO 37106 certification, this year")
    second = open_today(people, year + 1, "내년 ISO 37106 인증", "ISO 37106 certification, next year")
    own = submitted_self_assessment(people.seocho, people.officer, {})
    officer = Client()
    officer.force_login(people.officer)

    applied = officer.post(f"/certification/rounds/{first.pk}/apply/", {"assessment": own.pk})
    assert applied.status_code == 302
    before = (Application.objects.count(), Assessment.objects.count())

    refused = officer.post(f"/certification/rounds/{second.pk}/apply/", {"assessment": own.pk})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "올해 ISO 37106 인증" in page and "이미" in page and "철회" in page
    assert (Application.objects.count(), Assessment.objects.count()) == before

    with translation.override("en"), pytest.raises(workflow.Refused, match=r"this year.*withdraw"):
        workflow.apply(second, own, people.officer, timezone.localdate())

    workflow.withdraw_application(Application.objects.get(round=first), people.officer)
    again = officer.post(f"/certification/rounds/{second.pk}/apply/", {"assessment": own.pk})
    assert again.status_code == 302
    assert Application.objects.filter(round=second, source=own).exists()
