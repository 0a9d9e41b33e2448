"""A city officer uploads a table whose cells hold HTML and script, under a name full of tricks. It is kept as
CSV, and downloading it never makes it a page of this site: an attachment, typed text/csv, not sniffable,
sandboxed, under a cleaned name. A file that opens as HTML is refused outright."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert.assessments.models import Evidence
from tests.people import People

# Past the first kilobyte, where the upload checks look for markup; a browser sniffing the type would find it.
TABLE = ("item,value\n" + "BM.vision,3\n" * 120 + '"<html><body><script>alert(document.cookie)</script>",1\n').encode()


def upload(client: Client, people: People, name: str, content: bytes):
    data = {"title": "표", "items": ["BM.vision"], "file": SimpleUploadedFile(name, content, "text/html")}
    return client.post(f"/assessments/{people.draft.pk}/evidence/", data)


def test_it_downloads_as_a_csv_attachment_that_no_browser_renders(client: Client, people: People) -> None:
    client.force_login(people.officer)
    assert upload(client, people, '../../<img src=x onerror=alert(1)>"report\u202e.html', TABLE).status_code == 302
    evidence = Evidence.objects.get(title="표")
    assert evidence.file_name == "img src=x onerror=alert(1)report.csv"
    answer = client.get(f"/assessments/{people.draft.pk}/evidence/{evidence.pk}/file")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv"
    assert answer["Content-Disposition"] == (
        "attachment; filename*=UTF-8''img%20src%3Dx%20onerror%3Dalert%281%29report.csv"
    )
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert answer.getvalue() == TABLE


def test_a_file_that_opens_as_html_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = upload(client, people, "report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert answer.status_code == 400
    assert not Evidence.objects.filter(title="표").exists()
