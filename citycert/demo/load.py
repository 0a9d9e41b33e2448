"""Load the demo: cities with populations and services, one account per role, published results and
certification rounds, and indicator series of the certified cities.

Idempotent: running it again adds only what is missing and changes nothing a person has changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from citycert.accounts.memberships import grant_for_role
from citycert.accounts.models import Profile, Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, start_from, transition
from citycert.cities.from_files import add_missing_cities
from citycert.cities.models import City, Population, SmartService
from citycert.demo.certification import load_rounds
from citycert.demo.indicators import load_indicators
from citycert.demo.national_rounds import edition_of
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version, import_bundled
from citycert.notifications.models import Notification
from citycert.practices.bundled import load_bundled_cases

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "citycert-demo"  # noqa: S105 - printed at start; the demo is for trying citycert out

ACCOUNTS: list[tuple[str, str, list[str]]] = [
    ("officer-seocho", Role.CITY_OFFICER, ["11650"]),
    ("officer-hanam", Role.CITY_OFFICER, ["41450"]),
    ("assessor-1", Role.ASSESSOR, []),
    ("assessor-2", Role.ASSESSOR, []),
    ("assessor-3", Role.ASSESSOR, []),
    ("certifier", Role.CERTIFIER, []),
    ("certifier-2", Role.CERTIFIER, []),  # decides what `certifier` reviewed (four eyes), approves waivers
    ("admin", Role.ADMINISTRATOR, []),
]


@dataclass(frozen=True)
class Published:
    """A result reported in the press, to be shown as an assessment; items are illustrative where unknown."""

    city: str
    framework: str
    year: int
    kind: str
    title: str
    source: str
    levels: dict[str, int] | None = None  # item -> level (others at `default_level`)
    default_level: int = 3
    ratio: tuple[str, str] | None = None  # share of the maximum the total must fall in


SEOCHO_LEVEL_4 = [
    "BM.leadership",
    "CSM.integrated-service",
    "BM.smart-data-investment",
    "CSM.digital-inclusion",
    "BM.vision",
    "BM.roadmap",
    "BM.capability",
    "TDAM.open-platform",
    "TDAM.it-architecture",
    "TDAM.infrastructure",
    "CSM.service-management",
]
KR_2021 = (
    "Scored on the 2021 edition of the national scheme (63 indicators, as the round used; their names are not "
    "public, so the tree is reconstructed)."
)
KR_2022 = (
    "Scored on the 2022 edition of the national scheme (56 indicators by MOLIT's release; their names are not "
    "public, so the tree is reconstructed)."
)

PUBLISHED = [
    Published(
        "11650",
        "bsi-iso37106",
        2023,
        AssessmentKind.SURVEILLANCE,
        "ISO 37106 2nd-year surveillance audit",
        "Financetoday 2023-01-05: 11 items at level 4 (leadership, citizen-centric integrated service "
        "implementation, investment in smart data, digital inclusion and channel management named), identity "
        "and privacy management at level 5, all 22 at level 3 or above. Which other 7 items were at level 4 is illustrative.",
        levels={**dict.fromkeys(SEOCHO_LEVEL_4, 4), "TDAM.identity-privacy": 5},
    ),
    Published(
        "41450",
        "bsi-iso37106",
        2022,
        AssessmentKind.CERTIFICATION,
        "ISO 37106 first certification",
        "Joongdo Ilbo 2022-01-19: all 22 items at level 3 or above; strengths named: idea contest and living "
        "lab, AI-assisted CCTV control centre. The items at level 4 are illustrative.",
        levels={"BM.engagement": 4, "CSM.integrated-service": 4, "TDAM.infrastructure": 4},
    ),
    Published(
        "11200",
        "kr-smartcity",
        2021,
        AssessmentKind.CERTIFICATION,
        "National smart city certification",
        f"Asia Economy 2021-09-10: certified, small-medium category, grade 3. {KR_2021}",
        ratio=("0.70", "0.80"),
    ),
    Published(
        "11530",
        "kr-smartcity",
        2021,
        AssessmentKind.CERTIFICATION,
        "National smart city certification",
        f"Asia Economy 2021-09-10: certified, small-medium category, grade 3. {KR_2021}",
        ratio=("0.70", "0.80"),
    ),
    Published(
        "11000",
        "kr-smartcity",
        2021,
        AssessmentKind.CERTIFICATION,
        "National smart city certification",
        f"MOLIT 2021-09-10: certified, large category; all 2021 cities at grade 3. {KR_2021}",
        ratio=("0.70", "0.80"),
    ),
    Published(
        "27290",
        "kr-smartcity",
        2022,
        AssessmentKind.CERTIFICATION,
        "National smart city certification",
        f"Newsro 2022: certified, small-medium category, rated best of the round. The grade and every item are "
        f"illustrative. {KR_2022}",
        ratio=("0.80", "0.90"),
    ),
]


def load_demo() -> list[str]:
    """Everything the demo needs; returns lines saying what was added."""
    import_bundled()
    said: list[str] = []
    with transaction.atomic():
        said += _cities()
        said += _services()
        said += load_bundled_cases()
        said += _accounts()
        said += _published()
        said += load_rounds()
        said += load_indicators(timezone.localdate())
    # The rounds above told everyone of years of steps (after their commits, so only now): the demo opens with
    # that history read, but for each person's newest few, so that the list and its count show what "new" looks like.
    said += _history_read(DEMO_UNREAD_NOTIFICATIONS)
    return said


DEMO_UNREAD_NOTIFICATIONS = 3


def _history_read(keep_unread: int) -> list[str]:
    now = timezone.now()
    marked = 0
    for person in Notification.objects.filter(read_at__isnull=True).values_list("recipient_id", flat=True).distinct():
        newest = Notification.objects.filter(recipient_id=person).values_list("pk", flat=True)[:keep_unread]
        marked += (
            Notification.objects.filter(recipient_id=person, read_at__isnull=True)
            .exclude(pk__in=list(newest))
            .update(read_at=now)
        )
    return [f"notifications: {marked} of the demo's history marked read ({keep_unread} left new per person)"]


def _cities() -> list[str]:
    entries = yaml.safe_load((DATA / "cities.yaml").read_text(encoding="utf-8"))["cities"]
    added = 0
    for entry, city, created in add_missing_cities(entries):
        added += created
        for known in entry.get("populations") or []:
            Population.objects.get_or_create(
                city=city,
                year=known["year"],
                defaults={"population": known["population"], "source": known.get("source", "")[:300]},
            )
    return [f"cities: {added} added, {len(entries)} in the demo"]


def _services() -> list[str]:
    entries = yaml.safe_load((DATA / "services.yaml").read_text(encoding="utf-8"))["services"]
    added = 0
    for entry in entries:
        city = City.objects.get(code=entry["city"])
        scale = entry.get("scale") or {}
        description = entry.get("description") or {}
        _, created = SmartService.objects.get_or_create(
            city=city,
            name_ko=entry["name"]["ko"],
            defaults={
                "name_en": entry["name"]["en"],
                "domain": entry["domain"],
                "since": entry.get("since"),
                "scale_ko": scale.get("ko", ""),
                "scale_en": scale.get("en", ""),
                "description_ko": description.get("ko", ""),
                "description_en": description.get("en", ""),
                "source": entry.get("source", "")[:300],
                "evidence_for": entry.get("evidence_for") or [],
            },
        )
        added += created
    return [f"smart services: {added} added"]


def _accounts() -> list[str]:
    users = get_user_model()
    added = 0
    for username, role, codes in ACCOUNTS:
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users.objects.create_user(username=username, password=DEMO_PASSWORD)
            added += 1
        profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": role})
        if codes:
            profile.cities.add(*City.objects.filter(code__in=codes))
        if not user.memberships.exists():
            grant_for_role(user, role, cities=City.objects.filter(code__in=codes), reason="demo")
    return [f"accounts: {added} added"]


def _published() -> list[str]:
    added = 0
    for spec in PUBLISHED:
        city = City.objects.get(code=spec.city)
        version = find_version(edition_of(spec.framework, spec.year))
        if Assessment.objects.filter(city=city, framework_version=version, year=spec.year, illustrative=True).exists():
            continue
        assessment = create_assessment(city, version, spec.kind, spec.year, None, title=spec.title)
        assessment.illustrative = True
        assessment.source_note = spec.source
        assessment.save(update_fields=["illustrative", "source_note"])
        framework = version.framework
        if spec.levels is not None:
            items = [node.id for node in framework.nodes if node.assessable]
            values: dict[str, Any] = {item: spec.levels.get(item, spec.default_level) for item in items}
        else:
            assert spec.ratio is not None
            answers = illustrative_answers(
                framework, low=Decimal(spec.ratio[0]), high=Decimal(spec.ratio[1]), seed=int(spec.city)
            )
            values = {item: answer.value for item, answer in answers.items()}
        save_responses(
            assessment, {item: {"value": stored_text(value)} for item, value in values.items()}, None, channel="demo"
        )
        transition(assessment, State.SUBMITTED, None)
        added += 1
    seocho = City.objects.get(code="11650")
    # The press case above (the demo's rounds add Seocho's 2023-12 renewal, of the same year, after it).
    last = Assessment.objects.filter(
        city=seocho, framework_version__framework_id="bsi-iso37106", illustrative=True, kind=AssessmentKind.SURVEILLANCE
    ).first()
    if last is not None and not Assessment.objects.filter(city=seocho, started_from=last).exists():
        start_from(last, kind=AssessmentKind.SELF_ASSESSMENT, year=2026, actor=None)
        added += 1
    return [f"assessments: {added} added"]
