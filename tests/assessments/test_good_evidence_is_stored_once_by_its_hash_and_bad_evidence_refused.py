"""A city officer adds evidence: good files are stored once by their hash (in a folder or an S3 bucket, as the site
is configured); bad ones are refused and change nothing."""

from __future__ import annotations

import hashlib
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert.assessments.models import Evidence, EvidenceFile
from tests.people import PDF, People
from tests.services import Storage


def png() -> bytes:
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def added(people: People):
    """The evidence the test added: the story starts with one PDF on each of Seocho-gu's assessments."""
    return Evidence.objects.exclude(pk__in=[people.draft_evidence.pk, people.submitted_evidence.pk])


def added_files(people: People):
    return EvidenceFile.objects.exclude(pk__in=[people.draft_evidence.file_id, people.submitted_evidence.file_id])


def upload(client: Client, people: People, name: str, content: bytes, **extra: str):
    data = {
        "title": "성과보고서",
        "items": ["BM.vision", "BM.leadership"],
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post(f"/assessments/{people.draft.pk}/evidence/", data)


def test_a_pdf_is_stored_by_its_hash_and_linked_to_its_items(client: Client, storage: Storage, people: People) -> None:
    client.force_login(people.officer)
    answer = upload(client, people, "보고서.pdf", PDF, effective_from="2025-01-01", expires_on="2027-12-31")
    assert answer.status_code == 302
    evidence = added(people).get()
    digest = hashlib.sha256(PDF).hexdigest()
    assert evidence.file is not None and evidence.file.sha256 == digest and evidence.file.mime == "application/pdf"
    assert sorted(evidence.links.values_list("item_id", flat=True)) == ["BM.leadership", "BM.vision"]
    with default_storage.open(f"evidence/{digest[:2]}/{digest}", "rb") as stored:
        assert stored.read() == PDF
    download = client.get(f"/assessments/{people.draft.pk}/evidence/{evidence.pk}/file")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_same_file_twice_is_stored_once(client: Client, storage: Storage, people: People) -> None:
    client.force_login(people.officer)
    upload(client, people, "a.png", png())
    upload(client, people, "copy-of-a.png", png(), title="다른 제목")
    assert added(people).count() == 2
    assert added_files(people).count() == 1
    digest = hashlib.sha256(png()).hexdigest()
    assert default_storage.listdir(f"evidence/{digest[:2]}")[1] == [digest]


def test_a_link_is_evidence_too(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post(
        f"/assessments/{people.draft.pk}/evidence/",
        {"title": "열린데이터 광장", "url": "https://data.seoul.go.kr/", "items": ["BM.vision"]},
    )
    assert answer.status_code == 302
    assert added(people).get().url == "https://data.seoul.go.kr/"


def refused(answer, people: People, *fragments: str) -> None:
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "증빙자료를 추가하지 않았습니다: " in html
    for fragment in fragments:
        assert fragment in html
    assert not added(people).exists() and not added_files(people).exists()


def test_an_empty_file_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    refused(upload(client, people, "empty.pdf", b""), people, "빈 파일")


def test_a_renamed_executable_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
    refused(upload(client, people, "report.pdf", program), people)


def test_a_file_of_the_wrong_type_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    refused(upload(client, people, "page.csv", b"<html><script>alert(1)</script></html>"), people)


def test_a_file_too_large_is_refused(client: Client, people: People, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(people.officer)
    refused(upload(client, people, "big.pdf", PDF + b"%" * 4096), people)


def test_evidence_without_a_title_or_items_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    refused(upload(client, people, "a.pdf", PDF, title=" "), people)
    answer = client.post(
        f"/assessments/{people.draft.pk}/evidence/", {"title": "x", "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    refused(answer, people)


def test_the_answers_are_untouched_by_a_refused_upload(client: Client, people: People) -> None:
    client.force_login(people.officer)
    before = list(people.draft.responses.values_list("item_id", "value", "updated_at"))
    upload(client, people, "report.pdf", b"MZ" + bytes(300))
    assert list(people.draft.responses.values_list("item_id", "value", "updated_at")) == before
