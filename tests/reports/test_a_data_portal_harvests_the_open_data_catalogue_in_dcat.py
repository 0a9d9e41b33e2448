"""A data portal harvests citycert's open data: the open-data page links its DCAT-AP catalogue (JSON-LD) as an
alternate form of itself; the catalogue names each dataset with Korean and English titles, the publisher, the
licence and the day it last changed, and every download address it gives, the files and their datapackage.json,
answers with what it says it is. The datapackage.json served beside the files points at those same files."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.utils import timezone

from citycert.reports.open_data_columns import DATASETS
from tests.audit.test_checkpoints_are_signed_after_decisions_and_published import Commits, decided_and_suspended
from tests.people import People


def fetched(client: Client, address: str) -> tuple[Any, bytes]:
    parts = urlsplit(address)
    assert (parts.scheme, parts.netloc) == ("http", "testserver"), address
    answer = client.get(parts.path)
    assert answer.status_code == 200, address
    body = b"".join(answer.streaming_content) if answer.streaming else answer.content  # type: ignore[attr-defined]
    return answer, body


def titles(value: list[dict[str, str]]) -> dict[str, str]:
    return {entry["@language"]: entry["@value"] for entry in value}


def test_the_catalogue_is_linked_from_the_page_and_every_download_resolves(
    client: Client, people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    page = client.get("/open-data/").content.decode()
    link = re.search(r'<link rel="alternate" type="application/ld\+json" href="([^"]+)"', page)
    assert link is not None
    answer = client.get(link.group(1))
    assert answer["Content-Type"] == "application/ld+json"
    catalogue = answer.json()

    assert catalogue["@type"] == "dcat:Catalog"
    assert titles(catalogue["dct:title"]) == {"ko": "citycert 오픈 데이터", "en": "citycert open data"}
    assert titles(catalogue["dct:publisher"]["foaf:name"])["ko"] == "citycert 인증기관"
    assert catalogue["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    today = timezone.localdate().isoformat()
    assert catalogue["dct:modified"] == {"@value": today, "@type": "xsd:date"}  # suspended today

    datasets = catalogue["dcat:dataset"]
    assert [dataset["dct:identifier"] for dataset in datasets] == [f"citycert-{name}" for name in DATASETS]
    results = titles(datasets[0]["dct:title"])
    assert results == {"ko": "공개된 결과", "en": "Published results"}
    for dataset in datasets:
        assert set(titles(dataset["dct:description"])) == {"ko", "en"}
        assert dataset["dct:modified"]["@type"] == "xsd:date"
        name = dataset["dct:identifier"].removeprefix("citycert-")
        kinds = {}
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            response, body = fetched(client, distribution["dcat:downloadURL"]["@id"])
            kinds[distribution["dct:format"]["@id"].rsplit("/", 1)[1]] = (response["Content-Type"], body)
        assert set(kinds) == {"CSV", "JSON_LINES", "PARQUET", "JSON", "ZIP"}
        assert kinds["ZIP"][0] == "application/zip" and kinds["ZIP"][1].startswith(b"PK")
        header = next(csv.reader(io.StringIO(kinds["CSV"][1].decode("utf-8-sig"))))
        assert header == [column.name for column in DATASETS[name]]
        assert kinds["PARQUET"][1].startswith(b"PAR1")
        first = json.loads(kinds["JSON_LINES"][1].decode().splitlines()[0])
        assert list(first) == header
        package = json.loads(kinds["JSON"][1])
        assert package["name"] == f"citycert-{name}"
        # The descriptor served beside the files points at them, and describes the columns they hold.
        for resource in package["resources"]:
            _response, described = fetched(client, resource["path"])
            assert described.startswith(kinds[resource["format"].upper().replace("JSONL", "JSON_LINES")][1][:4])
            assert [field["name"] for field in resource["schema"]["fields"]] == header


def test_the_package_speaks_the_readers_language(client: Client, people: People) -> None:
    korean = client.get("/open-data/certificates/datapackage.json").json()
    assert korean["title"] == "인증서"
    assert korean["resources"][0]["schema"]["fields"][0]["description"] == "인증서 번호"
    client.cookies["django_language"] = "en"
    english = client.get("/open-data/certificates/datapackage.json").json()
    assert english["title"] == "Certificates"
    assert english["resources"][0]["schema"]["fields"][0]["description"] == "Certificate number"
    page = client.get("/open-data/").content.decode()
    assert "Catalogue metadata (DCAT-AP)" in page and "Data Package descriptor (datapackage.json)" in page
    assert client.get("/open-data/nothing/datapackage.json").status_code == 404
