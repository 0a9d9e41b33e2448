"""서경산업's 스마트 자전거 지킴이 솔루션 is certified under the service scheme through the real workflow
(application recorded by the certifier, two assessors' sheets, consensus, a second certifier's decision, the
round's announcement). Its certificate page, its PDF read back with pdftotext, the public verification page and
the registry name the service, its provider, the city where it runs, the scheme and the validity, in Korean and
English."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.certification.service_story import ServiceStory, certified_service
from tests.people import People


@pytest.fixture
def story(people: People) -> ServiceStory:
    return certified_service(people)


def test_the_certificate_names_the_service_its_provider_and_where_it_runs(story: ServiceStory) -> None:
    certificate = story.certificate
    assert certificate.service == story.service and certificate.city.code == "11470"
    assert certificate.number.startswith("KR-SCS-2026-")
    assert str(certificate.expires_on) == "2028-11-19"
    result = story.application.decision.result
    assert result["certified"] is True and float(result["total"]) == 80.0


def test_the_certificate_page_in_korean_and_english(client: Client, story: ServiceStory) -> None:
    page = client.get(f"/certificates/{story.certificate.number}/").content.decode()
    for words in (
        "스마트 자전거 지킴이 솔루션",
        "서경산업",
        "서울특별시 양천구",
        "스마트도시 서비스 인증",
        "2028-11-19",
    ):
        assert words in page, words
    assert "<dt>공급기업</dt>" in page and "<dt>운영 도시</dt>" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/certificates/{story.certificate.number}/").content.decode()
    for words in ("Smart bicycle guard", "Seokyung Industry", "Yangcheon-gu, Seoul", "Smart City Service"):
        assert words in page, words
    assert "<dt>Provider</dt>" in page and "<dt>Where it runs</dt>" in page


def test_the_pdf_names_them_and_the_verification_page_calls_it_genuine(
    client: Client, story: ServiceStory, tmp_path: Path
) -> None:
    number = story.certificate.number
    answer = client.get(f"/certificates/{number}/certificate.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for words in (
        "스마트 자전거 지킴이 솔루션",
        "Smart bicycle guard",
        "서경산업",
        "Seokyung Industry",
        "서울특별시 양천구",
        "스마트도시 서비스 인증",
        number,
        "2028-11-19",
    ):
        assert words in text, words

    said = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", answer.content)}).content.decode()
    assert 'class="card verdict genuine"' in said and "<h2>진본이며 유효함</h2>" in said
    assert (
        f"진본입니다: 스마트 자전거 지킴이 솔루션 (서경산업; 서울특별시 양천구)의 인증서 {number}, 2028-11-19까지 유효합니다."
    ) in said
    assert "<dt>서비스</dt><dd>스마트 자전거 지킴이 솔루션</dd>" in said and "<dd>서경산업</dd>" in said
    assert "스마트도시 서비스 인증 (국토교통부) (2024)" in said and "2026-11-20 – 2028-11-19" in said

    client.cookies["django_language"] = "en"
    said = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", answer.content)}).content.decode()
    assert "<h2>Genuine and valid</h2>" in said
    assert "Smart bicycle guard (Seokyung Industry; Yangcheon-gu, Seoul), valid until 2028-11-19" in said


def test_the_registry_lists_it(client: Client, story: ServiceStory) -> None:
    page = client.get("/registry/").content.decode()
    assert story.certificate.number in page
    assert "스마트 자전거 지킴이 솔루션" in page and "서경산업" in page and "서울특별시 양천구" in page
