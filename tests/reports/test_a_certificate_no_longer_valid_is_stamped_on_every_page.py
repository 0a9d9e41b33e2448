"""The public downloads Seocho-gu's certificate PDF. While it is valid it carries no stamp; once suspended,
withdrawn or expired, every page says so in Korean and English with the day ("정지 / Suspended"), the PDF is
still genuine, and `citycert certificates verify` and the verification page say it is no longer valid. The QR
code and the printed address lead to the address the site was reached at, or to CITYCERT_PUBLIC_URL when set."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from citycert.public_address import DEVELOPMENT_DEFAULT
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People
from tests.support import run


@pytest.fixture
def certificate(people: People, settings: Any) -> Certificate:
    settings.PUBLIC_URL = ""  # development: no public address configured
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    return Certificate.objects.get()


def download(client: Client, certificate: Certificate, path: Path, base: str = "") -> Path:
    answer = client.get(f"{base}/certificates/{certificate.number}/certificate.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Cache-Control"] == "no-cache"  # a copy kept by a proxy would hide a later suspension
    path.write_bytes(answer.content)
    return path


def pages(path: Path, *options: str) -> list[str]:
    """The text of every page, read back by pdftotext (pages end with a form feed)."""
    text = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = text.split("\f")
    return found[:-1] if found and not found[-1].strip() else found


def printed(path: Path) -> str:
    """The first page's text without spaces or line breaks: the printed address may wrap under the QR code."""
    return "".join(pages(path, "-raw")[0].split())


def qr_code(path: Path) -> str:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(path), str(path)], check=True
    )
    decoded = subprocess.run(["zbarimg", "-q", "--raw", f"{path}.png"], capture_output=True, text=True, check=True)
    return decoded.stdout.strip()


def verify(path: Path) -> tuple[int, str]:
    ran = run("certificates", "verify", str(path))
    return ran.code, ran.out


STAMPS = ["정지 / Suspended", "철회 / Withdrawn", "만료 / Expired"]


def test_a_valid_certificate_carries_no_stamp(client: Client, certificate: Certificate, tmp_path: Path) -> None:
    path = download(client, certificate, tmp_path / "valid.pdf")
    for page in pages(path):
        assert certificate.number in page
        assert not any(stamp in page for stamp in STAMPS) and "not valid" not in page


def test_a_suspended_certificate_says_so_on_every_page(
    client: Client, people: People, certificate: Certificate, tmp_path: Path
) -> None:
    valid = download(client, certificate, tmp_path / "valid.pdf")
    today = timezone.localdate()
    workflow.change_status(certificate, "suspended", "사후심사 미이행", people.certifier, today)
    path = download(client, certificate, tmp_path / "suspended.pdf")
    read = pages(path)
    assert read
    for page in read:
        # The banner across the top of each page (the large stamp beside it is drawn at an angle).
        assert (
            f"정지 / Suspended · {today.isoformat()} — 이 인증서는 유효하지 않습니다 · This certificate is not valid"
            in page
        )
    # The stamped PDF is genuine, and so is the one downloaded while valid: both are told the truth.
    for pdf in (path, valid):
        code, said = verify(pdf)
        assert (
            code == 3
            and "genuine_not_valid (suspended)" in said
            and f"{today.isoformat()}부터 정지됨 상태입니다." in said
        )
    client.cookies["django_language"] = "ko"
    checked = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", valid.read_bytes())})
    page = checked.content.decode()
    assert 'class="card verdict genuine_not_valid"' in page and "<h2>진본이나 더 이상 유효하지 않음</h2>" in page
    assert f"{today.isoformat()}부터 정지됨 상태입니다." in page


def test_a_withdrawn_certificate_says_so_on_every_page(
    client: Client, people: People, certificate: Certificate, tmp_path: Path
) -> None:
    today = timezone.localdate()
    workflow.change_status(certificate, "withdrawn", "인증 취소", people.certifier, today)
    for page in pages(download(client, certificate, tmp_path / "withdrawn.pdf")):
        assert f"철회 / Withdrawn · {today.isoformat()} — " in page


def test_an_expired_certificate_says_so_on_every_page(client: Client, certificate: Certificate, tmp_path: Path) -> None:
    # Its three years have run out (the dates moved back, as if it were made years ago).
    ended = timezone.localdate() - timedelta(days=10)
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=ended - timedelta(days=1095), expires_on=ended)
    path = download(client, certificate, tmp_path / "expired.pdf")
    for page in pages(path):
        assert f"만료 / Expired · {(ended + timedelta(days=1)).isoformat()} — " in page
    code, said = verify(path)
    assert code == 3 and "genuine_not_valid (expired)" in said


def test_the_qr_code_leads_to_the_address_the_site_was_reached_at(
    certificate: Certificate, live_server: Any, tmp_path: Path
) -> None:
    # A development server on a free port, no public address configured: the PDF points back at this server.
    path = download(Client(), certificate, tmp_path / "served.pdf", base="")
    assert qr_code(path) == f"http://testserver/certificates/{certificate.number}/"
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/certificates/{certificate.number}/certificate.pdf") as answer:
        (tmp_path / "live.pdf").write_bytes(answer.read())
    expected = f"{live_server.url}/certificates/{certificate.number}/"
    assert qr_code(tmp_path / "live.pdf") == expected
    assert expected in printed(tmp_path / "live.pdf")
    with urllib.request.urlopen(expected) as answer:
        assert answer.status == 200


def test_the_public_url_setting_decides_when_set(
    client: Client, certificate: Certificate, settings: Any, tmp_path: Path
) -> None:
    settings.PUBLIC_URL = "https://citycert.example.org"
    path = download(client, certificate, tmp_path / "set.pdf")
    expected = f"https://citycert.example.org/certificates/{certificate.number}/"
    assert qr_code(path) == expected and expected in printed(path)
    api = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert api["page"] == expected


def test_the_command_line_uses_the_setting_or_the_development_default(
    certificate: Certificate, settings: Any, tmp_path: Path
) -> None:
    out = tmp_path / "cli.pdf"
    assert run("certificates", "pdf", certificate.number, "-o", str(out)).code == 0
    assert qr_code(out) == f"{DEVELOPMENT_DEFAULT}/certificates/{certificate.number}/"
    settings.PUBLIC_URL = "https://citycert.example.org"
    assert run("certificates", "pdf", certificate.number, "-o", str(out)).code == 0
    assert qr_code(out) == f"https://citycert.example.org/certificates/{certificate.number}/"
