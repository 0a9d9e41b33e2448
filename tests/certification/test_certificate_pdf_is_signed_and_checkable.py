"""The public downloads Seocho-gu's certificate PDF: the Korean name is in it, the Korean font embedded, the
QR code leads to the certificate's page. `citycert certificates verify` calls it genuine; with one byte
changed, altered; once the certificate is suspended, genuine but suspended. The verification page agrees."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People


@pytest.fixture
def certificate(people: People) -> Certificate:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    return Certificate.objects.get()


def download(client: Client, certificate: Certificate, folder: Path) -> Path:
    answer = client.get(f"/certificates/{certificate.number}/certificate.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    path = folder / "certificate.pdf"
    path.write_bytes(answer.content)
    return path


def verify(path: Path) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("certificates", "verify", str(path), stdout=out)
    except SystemExit as leaving:
        return int(leaving.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_the_pdf_reads_back_in_korean_with_the_font_embedded_and_a_working_qr_code(
    client: Client, certificate: Certificate, tmp_path: Path
) -> None:
    path = download(client, certificate, tmp_path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "서울특별시 서초구" in text and certificate.number in text and "2029-09-29" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    nanum = [line for line in fonts.splitlines() if "Nanum" in line]
    assert nanum and all(" yes " in line for line in nanum), fonts
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    # No public address configured (development): the address the request came to.
    assert decoded.stdout.strip() == f"http://testserver/certificates/{certificate.number}/"
    assert client.get(f"/certificates/{certificate.number}/").status_code == 200


def test_genuine_then_altered_then_genuine_but_suspended(
    client: Client, people: People, certificate: Certificate, tmp_path: Path
) -> None:
    path = download(client, certificate, tmp_path)
    code, said = verify(path)
    # The verdict word a script reads, exactly: "genuine" alone is also in "genuine_not_valid".
    assert code == 0 and f"{path}: genuine (valid): " in said and certificate.number in said

    altered = tmp_path / "altered.pdf"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered.write_bytes(bytes(data))
    code, said = verify(altered)
    assert code == 1 and said.startswith(f"{altered}: altered: ")

    workflow.change_status(certificate, "suspended", "사후심사 미이행", people.certifier, timezone.localdate())
    code, said = verify(path)
    assert code == 3 and said.startswith(f"{path}: genuine_not_valid (suspended): ")


def test_a_file_that_is_not_a_certificate_is_not_genuine(tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, said = verify(other)
    assert code == 1 and "no citycert signature" in said


def test_the_verification_page_says_the_same(client: Client, certificate: Certificate, tmp_path: Path) -> None:
    path = download(client, certificate, tmp_path)
    genuine = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", path.read_bytes())})
    said = genuine.content.decode()
    # The genuine verdict exactly, not a word every verdict of the Korean page contains ("진본").
    assert genuine.status_code == 200 and 'class="card verdict genuine"' in said
    assert "<h2>진본이며 유효함</h2>" in said
    assert (
        f"c.pdf: 진본입니다: 서울특별시 서초구의 인증서 {certificate.number}, {certificate.expires_on}까지 유효합니다."
    ) in said
    client.cookies["django_language"] = "en"
    english = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", path.read_bytes())})
    assert "<h2>Genuine and valid</h2>" in english.content.decode()
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    client.cookies["django_language"] = "ko"
    altered = client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", bytes(data))})
    said = altered.content.decode()
    assert (
        'class="card verdict altered"' in said and "<h2>진본 아님</h2>" in said and "c.pdf: 진본이 아닙니다: " in said
    )
    assert "verdict genuine" not in said and "진본이며 유효함" not in said
    assert client.post("/certificates/verify/", {}).status_code == 400


def test_the_key_lives_outside_the_database_readable_by_its_owner_only(
    client: Client, certificate: Certificate
) -> None:
    client.get(f"/certificates/{certificate.number}/certificate.pdf")
    key = Path(settings.SIGNING_KEY_FILE)
    assert key.stat().st_mode & 0o777 == 0o600
    published = client.get("/certificates/signing-key.pem").content
    assert published.startswith(b"-----BEGIN PUBLIC KEY-----") and b"PRIVATE" not in published


def test_a_whole_round_in_one_zip_with_progress(certificate: Certificate, tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "round.zip"
    printed = StringIO()
    call_command("certificates", "bulk", str(certificate.application.round_id), "-o", str(out), stdout=printed)
    assert "1/1 11650 서초구" in printed.getvalue()
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        assert names == [f"certificates/{certificate.number}.pdf", "letters/11650-en.pdf", "letters/11650-ko.pdf"]
        (tmp_path / "c.pdf").write_bytes(archive.read(names[0]))
    assert verify(tmp_path / "c.pdf")[0] == 0
