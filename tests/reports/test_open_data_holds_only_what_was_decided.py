"""A researcher downloads the open data: Seocho-gu's decided result is there item by item with its points,
in CSV, JSON lines and Parquet alike; Hanam-si's application still in review, its consensus and every
draft are not; certificates come with their status as of today."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
from django.core.management import call_command
from django.test import Client

from citycert.certification.choices import Outcome
from tests.certification.story import DECISION_DAY, RoundStory, agree, decide, item_ids, round_in_review
from tests.people import People


def decided(people: People) -> RoundStory:
    story = round_in_review(people)
    agree(story.seocho, {i: ("4" if i == "BM.vision" else "3", "") for i in item_ids()}, people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    # Hanam-si: consensus recorded, not decided: nothing of it may be published.
    agree(story.hanam, dict.fromkeys(item_ids(), ("2", "UNDECIDED")), people.certifier)
    return story


def test_the_three_formats_agree_and_hold_only_the_decided_result(client: Client, people: People) -> None:
    decided(people)
    text = b"".join(client.get("/open-data/results.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["city_code"] for row in rows} == {people.seocho.code}
    assert len(rows) == len(item_ids())
    vision = next(row for row in rows if row["item"] == "BM.vision")
    assert (vision["value"], vision["framework"], vision["year"], vision["outcome"]) == (
        "4",
        "bsi-iso37106",
        "2026",
        "certified",
    )
    assert vision["city_ko"] == "서초구"

    lines = b"".join(client.get("/open-data/results.json").streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert [json.loads(line)["item"] for line in lines] == [row["item"] for row in rows]

    parquet = b"".join(client.get("/open-data/results.parquet").streaming_content)  # type: ignore[attr-defined]
    frame = pl.read_parquet(io.BytesIO(parquet))
    assert frame.height == len(rows) and frame["city_code"].unique().to_list() == [people.seocho.code]


def test_certificates_carry_their_status_today(client: Client, people: People) -> None:
    decided(people)
    text = b"".join(client.get("/open-data/certificates.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["number"], row["status"], row["expires_on"]) for row in rows] == [
        ("BSI-ISO37106-2026-0001", "valid", "2029-09-29")
    ]


def test_nothing_at_all_is_an_empty_file_with_its_header(client: Client, people: People) -> None:
    text = b"".join(client.get("/open-data/results.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert text.strip() == "city_code,city_ko,city_en,framework,version,year,item,value,unit,score,outcome"


def test_the_command_writes_the_same_file(people: People, tmp_path: Path) -> None:
    decided(people)
    out = tmp_path / "results.csv"
    call_command("opendata", "results", "csv", "-o", str(out))
    assert out.read_text(encoding="utf-8").count("\n") == len(item_ids()) + 1


def test_an_unknown_dataset_or_format_is_404(client: Client, people: People) -> None:
    assert client.get("/open-data/drafts.csv").status_code == 404
    assert client.get("/open-data/results.xml").status_code == 404
    page = client.get("/open-data/").content.decode()
    assert "city_code" in page and "/open-data/results.parquet" in page
