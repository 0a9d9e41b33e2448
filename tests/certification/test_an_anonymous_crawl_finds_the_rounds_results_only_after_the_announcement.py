"""A visitor who is not logged in follows every link the site offers: from the home page, the registry, the
open-data page and the API's own schema, every public page, every open-data file and every API list and detail it
names, the certificate PDFs included (read back with pdftotext). Seocho-gu was certified in the 2026 national round
while Hanam-si's application still waits: before the certifier announces the round, nothing the visitor reaches
holds Seocho-gu's certificate number or its decided score. After the announcement the same crawl finds them on the
registry, the city's profile, the certificate's page and PDF, the open-data certificates and results files (CSV and
Parquet, read back as a data program would), the city's benchmark and the API's certificate list."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections import deque
from pathlib import Path
from typing import Any

from django.test import Client

from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from tests.api.calling import BASE
from tests.certification.test_a_round_stays_private_until_it_is_announced import seocho_certified_hanam_in_review
from tests.people import People

STARTS = ["/", "/registry/", "/open-data/", "/certificates/verify/", "/audit/checkpoints/", f"{BASE}/openapi.json"]
# Where an anonymous visitor goes nowhere useful or changes something: logging in, switching language, files of
# the site itself.
SKIPPED = ("/accounts/", "/i18n/", "/static/", "/media/")
ENOUGH = 600  # pages: the registry's filters could otherwise multiply the addresses without end
LINK = re.compile(r'href="(/[^"#]*)')
API_ADDRESS = re.compile(r'"(?:https?://testserver)?(/api/v1/[^"?#{]*(?:\?[^"#{]*)?)"')


def api_addresses(schema: dict[str, Any], known: dict[str, str]) -> list[str]:
    """Every GET of the API's schema, its {placeholders} filled with what the story knows (others left out)."""
    found = []
    paths: dict[str, dict[str, Any]] = schema.get("paths", {})
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        if all(name in known for name in names):
            found.append(re.sub(r"{(\w+)}", lambda name: known[str(name.group(1))], path))
    return found


def read(answer: object, tmp_path: Path) -> str:
    """The text a visitor gets from an answer: a page, a file (streamed or not) or a PDF's words."""
    content = (
        b"".join(answer.streaming_content)  # type: ignore[attr-defined]
        if getattr(answer, "streaming", False)
        else answer.content  # type: ignore[attr-defined]
    )
    kind = answer["Content-Type"]  # type: ignore[index]
    if kind.startswith("application/pdf"):
        pdf = tmp_path / "crawled.pdf"
        pdf.write_bytes(content)
        return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    if kind.startswith("application/vnd.apache.parquet"):  # compressed: read as a data program would
        import polars as pl

        return str(pl.read_parquet(io.BytesIO(content)).write_csv())
    return content.decode("utf-8", errors="replace")


def crawl(known: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Every address reached by following links, anonymously: address → what it showed (2xx answers only)."""
    visitor = Client()
    seen: dict[str, str] = {}
    queue = deque(STARTS)
    queued = set(STARTS)
    while queue and len(seen) < ENOUGH:
        address = queue.popleft()
        answer = visitor.get(address)
        if answer.status_code != 200:
            continue
        text = read(answer, tmp_path)
        seen[address] = text
        links = LINK.findall(text) + API_ADDRESS.findall(text)
        if address.endswith("openapi.json"):
            links += api_addresses(json.loads(text), known)
        for link in links:
            link = link.replace("&amp;", "&")
            if link not in queued and not link.startswith(SKIPPED):
                queued.add(link)
                queue.append(link)
    return seen


def where(seen: dict[str, str], text: str) -> list[str]:
    return sorted(address for address, shown in seen.items() if text in shown)


def test_the_visitor_finds_nothing_before_the_announcement_and_everything_after(people: People, tmp_path: Path) -> None:
    story = seocho_certified_hanam_in_review(people)
    number = story.certificate.number
    total = str(story.seocho.decision.result["total"])
    result_row = f"{people.seocho.code},서초구,Seocho-gu,kr-smartcity,2024,2026,"  # a row of the open results
    known = {
        "code": people.seocho.code,
        "number": number,
        "round_id": str(story.round.pk),
        "application_id": str(story.seocho.pk),
    }

    before = crawl(known, tmp_path)
    assert len(before) > 20, sorted(before)
    assert "/registry/" in before and "/open-data/" in before and f"{BASE}/certificates" in before
    assert any(address.startswith("/open-data/") and address.endswith(".csv") for address in before)
    assert where(before, number) == []
    assert where(before, total) == []
    assert where(before, result_row) == []

    workflow.withdraw_application(story.hanam, people.other_officer)
    announce_round(story.round, people.certifier)

    after = crawl(known, tmp_path)
    showing = where(after, number)
    for expected in (
        "/registry/",
        f"/registry/cities/{people.seocho.code}/",
        f"/certificates/{number}/",
        f"/certificates/{number}/certificate.pdf",
        f"{BASE}/certificates",
    ):
        assert expected in showing, f"{expected} does not show {number} after the announcement: {showing}"
    assert any(address.startswith("/open-data/certificates.") for address in showing), showing
    assert f"{BASE}/cities/{people.seocho.code}/benchmark" in where(after, total)
    assert {"/open-data/results.csv", "/open-data/results.parquet"} <= set(where(after, result_row))
    assert "/open-data/certificates.parquet" in showing
