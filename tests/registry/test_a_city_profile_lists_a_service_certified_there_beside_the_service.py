"""Yangcheon-gu's public profile does not claim the service certificate of 서경산업's bicycle guard as its own:
the city holds no certificate and has no published result, and the service, listed among the smart services
that run there, carries its provider and its certificate with its status. The certificate page offers a complaint
about the certified service, not a city; the certifier's application page heads it with the service."""

from __future__ import annotations

from django.test import Client

from tests.certification.service_story import certified_service
from tests.people import People


def test_the_profile_lists_the_service_with_its_certificate(client: Client, people: People) -> None:
    story = certified_service(people)
    number = story.certificate.number
    page = client.get("/registry/cities/11470/").content.decode()
    assert "아직 공개된 것이 없습니다" in page, "the city holds no certificate and has no published result"
    services = page.split("스마트도시 서비스</h2>")[-1]
    assert "스마트 자전거 지킴이 솔루션" in services and "서경산업" in services
    assert f'<a href="/certificates/{number}/">{number}</a> <span class="state valid">유효</span>' in services
    certificate = client.get(f"/certificates/{number}/").content.decode()
    assert "이 인증 서비스에 대한 민원 제기" in certificate and "이 인증 도시에 대한" not in certificate


def test_the_certifiers_application_page_names_the_service(client: Client, people: People) -> None:
    story = certified_service(people)
    client.force_login(people.certifier)
    client.cookies["django_language"] = "en"
    page = client.get(f"/certification/applications/{story.application.pk}/").content.decode()
    assert "<h1>Smart bicycle guard</h1>" in page
    assert "Provider: Seokyung Industry · Where it runs: Yangcheon-gu, Seoul" in page
