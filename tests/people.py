"""The people in the tests' stories: two cities' officers, an assessor, a certifier, an administrator (each with
the membership of their role, in the install's first certifying body); and, for the stories that need them, a second
body's people, a city's advisor and a person with two memberships."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from citycert.accounts.memberships import default_body, grant_for_role, grant_membership
from citycert.accounts.models import CertifyingBody, Profile, Role
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.evidence import add_evidence
from citycert.assessments.models import Assessment, Evidence
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response, transition
from citycert.cities.models import City, Population
from citycert.competence.models import ImpartialityDeclaration, Qualification
from citycert.competence.workflow import QualificationInput, declare_impartiality, known_schemes, record_qualification
from citycert.library.store import find_version

PASSWORD = "test-password-1"
# The smallest file the evidence checks take for a PDF: its header, a catalogue, a trailer.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class People:
    """Everyone in a story, and the assessments they work on."""

    seocho: City
    hanam: City
    officer: User  # Seocho-gu's officer
    other_officer: User  # Hanam-si's officer
    assessor: User
    certifier: User
    admin: User
    draft: Assessment  # Seocho-gu's draft on bsi-iso37106
    submitted: Assessment  # Seocho-gu's submitted one
    draft_evidence: Evidence  # a PDF on the draft
    submitted_evidence: Evidence  # a PDF on the submitted one


def person(username: str, role: str, *cities: City, body: CertifyingBody | None = None) -> User:
    """A person whose account was made with `role`: a city officer of `cities`, anyone else a member of `body` (the
    install's first certifying body unless named)."""
    user: User = get_user_model().objects.create_user(username=username, password=PASSWORD)
    profile = Profile.objects.create(user=user, role=role)
    profile.cities.add(*cities)
    grant_for_role(user, role, cities=cities, body=body, reason="a test's person")
    return user


def second_body() -> CertifyingBody:
    """Another certifying body, which runs none of the stories' rounds."""
    body, _created = CertifyingBody.objects.get_or_create(
        code="other-body", defaults={"name_ko": "다른 인증기관", "name_en": "Another certifying body"}
    )
    return body


def advisor(username: str, city: City) -> User:
    """A consultant advising the city: no role of their own, one advisor membership."""
    user: User = get_user_model().objects.create_user(username=username, password=PASSWORD)
    grant_membership(user, "advisor", city=city, actor=None, reason="a test's advisor")
    return user


def also(user: User, kind: str, *, city: City | None = None, body: CertifyingBody | None = None) -> User:
    """`user` given a second membership (of `body`, the first body by default, for a body's kinds)."""
    if city is None and body is None:
        body = default_body()
    grant_membership(user, kind, city=city, body=body, actor=None, reason="a test's second membership")
    return user


# The permission tables' people beside the stories' own: a certifier of another certifying body, an advisor to
# Seocho-gu, and an assessor who is also Hanam-si's officer (two memberships).
NEW_PEOPLE = ("other_body_certifier", "advisor", "assessor_and_officer")


def new_person(people: People, who: str) -> User:
    """One of NEW_PEOPLE, made for a table's column."""
    if who == "other_body_certifier":
        return person("certifier-other-body", Role.CERTIFIER, body=second_body())
    if who == "advisor":
        return advisor("advisor-seocho", people.seocho)
    assert who == "assessor_and_officer", who
    return also(person("assessor-5", Role.ASSESSOR), "officer", city=people.hanam)


def make_people() -> People:
    seoul = City.objects.create(code="11000", name_ko="서울특별시", name_en="Seoul", kind="special_city")
    seocho = City.objects.create(
        code="11650", name_ko="서초구", name_en="Seocho-gu", kind="autonomous_district", parent=seoul
    )
    hanam = City.objects.create(code="41450", name_ko="하남시", name_en="Hanam-si", kind="city")
    Population.objects.create(city=seocho, year=2025, population=413236)
    officer = person("officer-seocho", Role.CITY_OFFICER, seocho)
    bsi = find_version("bsi-iso37106")
    draft = create_assessment(seocho, bsi, AssessmentKind.SELF_ASSESSMENT, 2026, officer)
    save_response(draft, "BM.vision", ResponseInput(value="3"), officer)
    submitted = create_assessment(seocho, bsi, AssessmentKind.SURVEILLANCE, 2025, officer)
    save_response(submitted, "BM.vision", ResponseInput(value="4"), officer)
    submitted_evidence = add_evidence(
        submitted, title="2025 성과보고서", item_ids=["BM.vision"], actor=officer, file_name="a.pdf", data=PDF
    )
    transition(submitted, State.SUBMITTED, officer)
    draft_evidence = add_evidence(
        draft, title="2026 계획", item_ids=["BM.vision"], actor=officer, file_name="b.pdf", data=PDF + b"%2026"
    )
    return People(
        seocho=seocho,
        hanam=hanam,
        officer=officer,
        other_officer=person("officer-hanam", Role.CITY_OFFICER, hanam),
        assessor=person("assessor-1", Role.ASSESSOR),
        certifier=person("certifier", Role.CERTIFIER),
        admin=person("admin", Role.ADMINISTRATOR),
        draft=draft,
        submitted=submitted,
        draft_evidence=draft_evidence,
        submitted_evidence=submitted_evidence,
    )


def ready_to_sit(round_: Any, assessors: Iterable[User], certifier: User) -> None:
    """The assessors as a story's panel needs them (ISO/IEC 17065 6.1): each qualified by the certifying body for
    every scheme, from 2020 on, and each declared impartial, with no interests, for the round. An assessor already
    qualified or declared is left as they are."""
    for assessor in assessors:
        if not Qualification.objects.filter(assessor=assessor).exists():
            record_qualification(
                assessor,
                QualificationInput(
                    title="스마트도시 인증 평가위원 (ISO 37106, 국가 스마트도시 인증)",
                    schemes=known_schemes(),
                    valid_from=date(2020, 1, 1),
                    training="평가위원 양성과정",
                    trained_on=date(2020, 1, 1),
                ),
                certifier,
            )
        if not ImpartialityDeclaration.objects.filter(assessor=assessor, round_id=round_.pk).exists():
            declare_impartiality(assessor, round_.pk, "", assessor)
