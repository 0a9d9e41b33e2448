"""The certifier asks for every PDF of a round from its page: the archive is queued and built by a worker while
the page shows how far it has got, and when it is ready (in the site's file storage: a folder or an S3 bucket)
the ZIP holds Seocho-gu's certificate and both cities' decision letters in Korean
and English, real PDFs that read back agreeing with the certificate (its number, term and level), and Hanam-si's,
refused, naming none. A build that cannot write says so on the page."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification.choices import ArchiveState, Outcome
from citycert.certification.models import Certificate, RoundArchive
from citycert.operations.jobs import beat
from citycert.reports import round_archive
from tests.certification.story import DECISION_DAY, RoundStory, agree, decide, item_ids, round_in_review
from tests.people import People
from tests.registry.story import in_english
from tests.services import Storage
from tests.support import run_queued_jobs


def seocho_certified(people: People, *, hanam_refused: bool = False) -> RoundStory:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    if hanam_refused:  # one item a level short of the bar: a decision without a certificate
        agree(story.hanam, dict.fromkeys(item_ids(), ("3", "")) | {"BM.vision": ("2", "")}, people.certifier)
        decide(story.hanam, Outcome.NOT_CERTIFIED, "BM.vision 2수준: 기준 미달", DECISION_DAY)
    return story


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read-back.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db(transaction=True)
def test_the_archive_is_built_in_the_background_and_downloaded(
    people: People, tmp_path: Path, storage: Storage
) -> None:
    story = seocho_certified(people, hanam_refused=True)
    client = Client()
    client.force_login(people.certifier)

    round_page = client.get(f"/certification/rounds/{story.round.pk}/").content.decode()
    assert f'action="/certification/rounds/{story.round.pk}/archives/"' in round_page
    asked = client.post(f"/certification/rounds/{story.round.pk}/archives/")
    assert asked.status_code == 302
    page_url = asked["Location"]
    archive = RoundArchive.objects.get()
    waiting = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "대기 중" in waiting and 'hx-trigger="every 1s"' in waiting  # queued: nothing is built in the request
    assert "작업자가 시작되는 대로" in waiting  # and no worker has run yet, which the page says
    beat("worker-1", timezone.now())
    waiting = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "대기 중" in waiting and "작업자가 시작되는 대로" not in waiting
    assert run_queued_jobs() == 1
    first = client.get(page_url).content.decode()
    assert 'id="archive-progress"' in first and "<progress" in first
    # The page asks every second (htmx) for the part that moves; finished, that part stops asking.
    part = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and "hx-trigger" not in part
    archive.refresh_from_db()
    assert archive.state == ArchiveState.DONE, archive.error
    assert (archive.done, archive.total) == (2, 2)
    assert "신청 2건 중 2건" in part and "archive.zip" in part
    english = in_english(client).get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "2 of 2 applications" in english and "Download the ZIP" in english

    download = client.get(f"/certification/archives/{archive.pk}/archive.zip")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zipped:  # type: ignore[attr-defined]
        names = sorted(zipped.namelist())
        issued = Certificate.objects.get()
        number, code, other = issued.number, people.seocho.code, people.hanam.code
        assert number == f"BSI-ISO37106-{DECISION_DAY.year}-0001"
        assert names == [
            f"certificates/{number}.pdf",
            f"letters/{code}-en.pdf",
            f"letters/{code}-ko.pdf",
            f"letters/{other}-en.pdf",
            f"letters/{other}-ko.pdf",
        ]
        read = {name: " ".join(pdf_text(zipped.read(name), tmp_path).split()) for name in names}
        # Every PDF of Seocho-gu agrees with its certificate: the number, the city, the term, the level.
        term = (f"{issued.issued_on:%Y-%m-%d}", f"{issued.expires_on:%Y-%m-%d}")
        for name in names[:3]:
            assert number in read[name] and all(day in read[name] for day in term), name
        assert "서초구" in read[names[0]] and issued.grade_ko in read[names[0]]
        korean, english = read[f"letters/{code}-ko.pdf"], read[f"letters/{code}-en.pdf"]
        assert "인증 결과 통보서" in korean and "서초구" in korean and issued.grade_ko in korean and "인증" in korean
        assert "Certification decision letter" in english and "Seocho-gu" in english and issued.grade_en in english
        # Hanam-si's letters: refused, the reason given, and no certificate named.
        korean, english = read[f"letters/{other}-ko.pdf"], read[f"letters/{other}-en.pdf"]
        assert "하남시" in korean and "미인증" in korean and "BM.vision 2수준: 기준 미달" in korean
        assert "Hanam-si" in english and "Not certified" in english
        assert "BSI-ISO37106-" not in korean and "BSI-ISO37106-" not in english


def test_a_build_that_cannot_write_fails_and_says_why(people: People, settings: Any) -> None:
    story = seocho_certified(people)
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "archives").write_text("a file where the folder should be")
    archive = round_archive.start(story.round, people.certifier)

    assert run_queued_jobs() == 1

    archive.refresh_from_db()
    assert archive.state == ArchiveState.FAILED and "FileExistsError" in archive.error
    client = Client()
    client.force_login(people.certifier)
    page = client.get(f"/certification/archives/{archive.pk}/").content.decode()
    assert "FileExistsError" in page and "hx-trigger" not in page
    assert client.get(f"/certification/archives/{archive.pk}/archive.zip").status_code == 404
