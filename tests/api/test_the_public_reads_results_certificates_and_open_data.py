"""A researcher with no account reads through the API what the pages show the public: Seocho-gu's certificate
with today's status, the open data (the same bytes as the open-data page), Seocho-gu beside its peers, and a
certificate PDF checked as genuine, then as altered. Hanam-si, still in review, appears nowhere; and a
what-if score of a response set is worked out without anything being saved."""

from __future__ import annotations

import csv
import io

from django.test import Client

from citycert.assessments.models import Assessment, Response
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from citycert.language import said_in_each_data_language
from citycert.library.store import find_version
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.scoring import score
from citycert.scoring.model import Answer
from tests.api.calling import BASE, Caller, error_of
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People


def seocho_certified(people: People) -> None:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    agree(story.hanam, dict.fromkeys(item_ids(), ("2", "UNDECIDED")), people.certifier)


def test_certificates_open_data_and_benchmarks_hold_only_what_was_decided(people: People) -> None:
    seocho_certified(people)
    public = Caller()
    listed = public.get("/certificates").json()
    assert [(row["number"], row["city"], row["status"]) for row in listed["results"]] == [
        ("BSI-ISO37106-2026-0001", people.seocho.code, "valid")
    ]
    shown = public.get("/certificates/BSI-ISO37106-2026-0001").json()
    assert shown["city_name"] == {"ko": "서초구", "en": "Seocho-gu"}
    assert public.get("/certificates", {"status": "suspended"}).json()["count"] == 0

    through_api = b"".join(public.get("/open-data/results").streaming_content)
    through_page = b"".join(Client().get("/open-data/results.csv").streaming_content)  # type: ignore[attr-defined]
    assert through_api == through_page
    rows = list(csv.DictReader(io.StringIO(through_api.decode("utf-8-sig"))))
    assert {row["city_code"] for row in rows} == {people.seocho.code} and len(rows) == len(item_ids())
    assert "UNDECIDED" not in through_api.decode("utf-8")
    lines = b"".join(public.get("/open-data/results", {"format": "json"}).streaming_content).splitlines()
    assert len(lines) == len(item_ids())
    assert public.get("/open-data/results", {"format": "xml"}).status_code == 422
    assert public.get("/open-data/drafts").status_code == 422
    described = public.get("/open-data/results/datapackage.json").json()
    assert described == Client().get("/open-data/results/datapackage.json").json()
    assert [field["name"] for field in described["resources"][0]["schema"]["fields"]] == list(rows[0])

    benchmark = public.get(f"/cities/{people.seocho.code}/benchmark").json()
    assert (benchmark["members"], benchmark["year"], benchmark["total"]["rank"]) == (1, 2026, 1)
    assert {item["key"] for item in benchmark["items"]} == set(item_ids())
    assert public.get(f"/cities/{people.hanam.code}/benchmark").status_code == 404


def test_a_certificate_pdf_is_checked_genuine_then_altered(people: People) -> None:
    seocho_certified(people)
    pdf = certificate_pdf(Certificate.objects.get())
    client = Client()
    genuine = client.post(f"{BASE}/certificates/verify", {"file": io.BytesIO(pdf)}).json()
    assert (genuine["state"], genuine["status"], genuine["certificate"]) == (
        "genuine",
        "valid",
        "BSI-ISO37106-2026-0001",
    )
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 0x01
    verdict = client.post(f"{BASE}/certificates/verify", {"file": io.BytesIO(bytes(altered))}).json()
    assert verdict["state"] == "altered"
    missing = client.post(f"{BASE}/certificates/verify", {})
    assert missing.status_code == 422 and error_of(missing)["details"][0]["field"].endswith("file")


def test_a_what_if_score_saves_nothing(people: People) -> None:
    version = find_version("bsi-iso37106")
    before = (Assessment.objects.count(), Response.objects.count())
    levels = {item: 4 if item == "BM.vision" else 3 for item in item_ids()}
    given = [{"item": item, "value": level} for item, level in levels.items()]
    answer = Caller().post(f"/frameworks/bsi-iso37106/{version.version}/score", {"responses": given})
    assert answer.status_code == 200
    expected = score(version.framework, {item: Answer(level) for item, level in levels.items()}).as_dict(
        said_in_each_data_language
    )
    assert answer.json()["certified"] == expected["certified"] is True
    assert answer.json()["total"] == expected["total"]
    assert (Assessment.objects.count(), Response.objects.count()) == before

    bad = Caller().post(
        f"/frameworks/bsi-iso37106/{version.version}/score",
        {"responses": [{"item": "BM.vision", "value": 9}, {"item": "nothing", "value": 1}]},
    )
    assert bad.status_code == 422
    assert [d["field"] for d in error_of(bad)["details"]] == ["body.responses.0.value", "body.responses.1.item"]
