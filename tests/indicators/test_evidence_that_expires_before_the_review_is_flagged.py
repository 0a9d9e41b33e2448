"""Seocho-gu's certificate rests on evidence; one document expires before the certificate's next review. The
daily `citycert indicators project` raises one alert for the city about it (not again the next day), and the
city's dashboard lists it with the review's date."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.test import Client

from citycert.assessments.models import Evidence
from citycert.indicators.models import Alert
from citycert.indicators.projection import next_review
from tests.indicators.story import certified_cities
from tests.people import People


def test_the_expiring_document_is_alerted_once_and_shown(people: People) -> None:
    story = certified_cities(people)
    certificate = story.certificates[people.seocho.code]
    review = next_review(certificate, story.today)
    source = certificate.application.source
    Evidence.objects.create(
        assessment=source,
        title="개인정보 영향평가서",
        url="https://example.org/a",
        expires_on=review - timedelta(days=10),
    )
    Evidence.objects.create(
        assessment=source, title="스마트도시계획", url="https://example.org/b", expires_on=review + timedelta(days=10)
    )

    call_command("indicators", "project")
    call_command("indicators", "project")

    alerts = Alert.objects.filter(kind=Alert.Kind.EVIDENCE)
    assert [(a.audience, a.city.code) for a in alerts] == [("city", people.seocho.code)]
    assert "개인정보 영향평가서" in alerts[0].message_ko and "expires" in alerts[0].message_en
    officer = Client()
    officer.force_login(people.officer)
    page = officer.get(f"/indicators/{people.seocho.code}/").content.decode()
    assert "개인정보 영향평가서" in page and "스마트도시계획" not in page and f"{review:%Y-%m-%d}" in page
