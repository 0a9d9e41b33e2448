"""The open-data catalogue as DCAT-AP (JSON-LD): a dcat:Catalog of the open datasets, each with its downloads as
dcat:Distribution, so that data portals (data.go.kr, data.europa.eu) can harvest it
(https://semiceu.github.io/DCAT-AP/). Titles and descriptions come in Korean and in English, both through gettext.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from citycert.audit.models import AuditCheckpoint
from citycert.certification.models import CertificateChange, Decision
from citycert.reports.open_data import FORMATS
from citycert.reports.open_data_columns import DATASETS
from citycert.reports.open_data_package import (
    DESCRIPTIONS,
    FORMAT_TITLES,
    LICENSE,
    MEDIA_TYPES,
    TITLES,
    file_name,
)

CATALOGUE = "catalog.jsonld"
LANGUAGES = ("ko", "en")
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The EU's file-type vocabulary, which DCAT-AP asks dct:format to name.
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPE = {"csv": "CSV", "json": "JSON_LINES", "parquet": "PARQUET"}
LANGUAGE_AUTHORITY = {
    "ko": "http://publications.europa.eu/resource/authority/language/KOR",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
CATALOGUE_TITLE = _("citycert open data")
CATALOGUE_DESCRIPTION = _(
    "Smart-city certification results, certificates and the audit log's signed checkpoints, as decided and "
    "published, free to reuse."
)
PUBLISHER = _("citycert certifying body")
PACKAGE_TITLE = _("Data Package descriptor (datapackage.json)")
BUNDLE_TITLE = _("Every format with its datapackage.json, as one ZIP file")
DATA_PACKAGE_SPEC = "https://datapackage.org/standard/data-package/"


def in_both(text: Promise) -> list[dict[str, str]]:
    """The text in Korean and in English, as JSON-LD values tagged with their language."""
    values = []
    for language in LANGUAGES:
        with translation.override(language):
            values.append({"@language": language, "@value": str(text)})
    return values


def modified() -> dict[str, str | None]:
    """The day each dataset last changed: a decision made public, a certificate's status, a checkpoint signed."""
    now = timezone.now()
    public = Decision.objects.filter(Decision.public(now))
    decided = public.aggregate(day=Max("public_from"))["day"]
    changed = CertificateChange.objects.filter(Decision.public(now, "certificate__application__decision__"))
    status = changed.aggregate(day=Max("changed_at"))["day"]
    signed = AuditCheckpoint.objects.aggregate(day=Max("made_at"))["day"]
    certificates = max((day for day in (decided, status) if day is not None), default=None)
    return {
        "results": _day(decided),
        "certificates": _day(certificates),
        "audit-checkpoints": _day(signed),
    }


def _day(moment: datetime | None) -> str | None:
    return timezone.localdate(moment).isoformat() if moment is not None else None


def catalogue(base: str) -> dict[str, Any]:
    """The catalogue of every open dataset at the site whose public address is `base`."""
    page = f"{base}/open-data/"
    publisher = {"@id": f"{base}/#publisher", "@type": "foaf:Agent", "foaf:name": in_both(PUBLISHER)}
    license_ = {"@id": LICENSE["path"]}
    days = modified()
    datasets = []
    for dataset in DATASETS:
        distributions: list[dict[str, Any]] = [
            {
                "@id": f"{page}{file_name(dataset, form)}",
                "@type": "dcat:Distribution",
                "dct:title": in_both(FORMAT_TITLES[form]),
                "dcat:accessURL": {"@id": page},
                "dcat:downloadURL": {"@id": f"{page}{file_name(dataset, form)}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[form]}"},
                "dct:format": {"@id": f"{FILE_TYPES}{FILE_TYPE[form]}"},
                "dct:license": license_,
                "dct:conformsTo": {"@id": f"{page}{dataset}/datapackage.json"},
            }
            for form in FORMATS
        ]
        distributions.append(
            {
                "@id": f"{page}{dataset}/datapackage.json",
                "@type": "dcat:Distribution",
                "dct:title": in_both(PACKAGE_TITLE),
                "dcat:accessURL": {"@id": page},
                "dcat:downloadURL": {"@id": f"{page}{dataset}/datapackage.json"},
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/json"},
                "dct:format": {"@id": f"{FILE_TYPES}JSON"},
                "dct:license": license_,
                "dct:conformsTo": {"@id": DATA_PACKAGE_SPEC},
            }
        )
        distributions.append(
            {
                "@id": f"{page}{dataset}.zip",
                "@type": "dcat:Distribution",
                "dct:title": in_both(BUNDLE_TITLE),
                "dcat:accessURL": {"@id": page},
                "dcat:downloadURL": {"@id": f"{page}{dataset}.zip"},
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/zip"},
                "dct:format": {"@id": f"{FILE_TYPES}ZIP"},
                "dct:license": license_,
                "dct:conformsTo": {"@id": DATA_PACKAGE_SPEC},
            }
        )
        entry: dict[str, Any] = {
            "@id": f"{page}#{dataset}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"citycert-{dataset}",
            "dct:title": in_both(TITLES[dataset]),
            "dct:description": in_both(DESCRIPTIONS[dataset]),
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:license": license_,
            "dct:language": [{"@id": LANGUAGE_AUTHORITY[language]} for language in LANGUAGES],
            "dcat:landingPage": {"@id": page},
            "dcat:distribution": distributions,
        }
        if days[dataset]:
            entry["dct:modified"] = {"@value": days[dataset], "@type": "xsd:date"}
        datasets.append(entry)
    latest = max((day for day in days.values() if day), default=None)
    described: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{page}{CATALOGUE}",
        "@type": "dcat:Catalog",
        "dct:title": in_both(CATALOGUE_TITLE),
        "dct:description": in_both(CATALOGUE_DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": license_,
        "dct:language": [{"@id": LANGUAGE_AUTHORITY[language]} for language in LANGUAGES],
        "foaf:homepage": {"@id": page},
        "dcat:dataset": datasets,
    }
    if latest:
        described["dct:modified"] = {"@value": latest, "@type": "xsd:date"}
    return described
