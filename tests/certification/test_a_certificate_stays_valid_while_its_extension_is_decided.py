"""Seocho-gu holds a national certificate that expired ten days ago. It applied for the extension a month before
the expiry date, and the national scheme keeps a certificate valid while its extension is decided: every public
face (registry listing and status filter, city profile, certificate page, verification page, the PDF's banner, open
data, API) reads "valid, renewal pending" until the extension's decision is announced. Certified, the old
certificate reads expired since the announcement and the new one valid with its new dates; refused, the old one
reads expired since the refusal was announced. Applied for only after the expiry date, or withdrawn, it lapsed on
its expiry date. ISO 37106, which has no such rule, lets a certificate lapse whatever is pending."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Application, Certificate, Round
from citycert.certification.scheme import stages
from citycert.certification.verification import status_since
from citycert.demo.results import illustrative_answers
from citycert.frameworks.schema import Period
from citycert.library.models import FrameworkVersion
from citycert.library.store import find_version
from citycert.scoring.schedule import add
from tests.api.calling import BASE
from tests.certification.story import decide
from tests.people import People, person, ready_to_sit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EXPIRED = TODAY - timedelta(days=10)  # the certificate's last day
PENDING_KO = "유효 (연장·갱신 심사 중)"


def issue_day(framework: str, last_day: date) -> date:
    """The day a certificate of `framework` is issued so that its term ends on `last_day`."""
    validity = find_version(framework).framework.rules.certificate.validity  # type: ignore[union-attr]
    return add(last_day + timedelta(days=1), Period(years=validity.years, months=validity.months), sign=-1)


def submitted(version: FrameworkVersion, officer: User, year: int, seed: int) -> Assessment:
    city = officer.profile.cities.get()
    assessment = create_assessment(city, version, AssessmentKind.RENEWAL, year, officer)
    answers = illustrative_answers(version.framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=seed)
    save_responses(assessment, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, officer)
    return transition(assessment, State.SUBMITTED, officer)


def a_round(version: FrameworkVersion, year: int, day: date, people: People) -> Round:
    return workflow.open_round(
        version,
        year,
        name_ko=f"{year}년 인증",
        name_en=f"Certification {year}",
        opens_on=day,
        closes_on=day,
        actor=people.certifier,
    )


def review(application: Application, people: People) -> None:
    """Two assessors submit every stage with the city's own answers; the certifier records them as the consensus."""
    second = User.objects.filter(username="assessor-2").first() or person("assessor-2", Role.ASSESSOR)
    assessors = [people.assessor, second]
    ready_to_sit(application.round, assessors, people.certifier)
    panel = application.round.panels.first() or workflow.form_panel(
        application.round, "패널", assessors, people.certifier
    )
    workflow.assign(application, panel, people.certifier)
    values = {r.item_id: (r.value, "") for r in application.frozen.responses.all() if r.value}
    for stage in stages(application.round.framework_version.framework):
        for assessor in assessors:
            sheet = workflow.sheet_for(application, assessor, stage.id)
            workflow.save_scores(sheet, values, assessor)
            workflow.submit_sheet(sheet, assessor)
    workflow.record_consensus(application, values, people.certifier)


@dataclass
class Story:
    people: People
    certificate: Certificate
    extension: Application


def certified_and_applying_again(people: People, framework: str, applied: date) -> Story:
    """Seocho-gu certified so that its term ended on EXPIRED, and its application to the next round on `applied`."""
    version = find_version(framework)
    issued = issue_day(framework, EXPIRED)
    first = a_round(version, issued.year, issued, people)
    application = workflow.apply(first, submitted(version, people.officer, issued.year, 1), people.officer, issued)
    review(application, people)
    decide(application, Outcome.CERTIFIED, "서면평가 결과 인증", issued)
    if version.framework.rules.certificate.publication.results == "at_announcement":  # type: ignore[union-attr]
        announce_round(first, people.certifier, on=issued)
    certificate = Certificate.objects.get(application=application)
    assert certificate.expires_on == EXPIRED
    later = a_round(version, issued.year + 2, applied, people)
    extension = workflow.apply(later, submitted(version, people.officer, later.year, 2), people.officer, applied)
    return Story(people, certificate, extension)


def every_face(number: str, pdf: Path) -> dict[str, str]:
    """What each public face says of the certificate today."""
    visitor = Client()
    registry = visitor.get("/registry/", {"q": "서초"}).content.decode()
    pending = visitor.get("/registry/", {"status": "renewal_pending"}).content.decode()
    expired = visitor.get("/registry/", {"status": "expired"}).content.decode()
    row = next(line for line in registry.split("<tr>") if number in line)
    pdf.write_bytes(visitor.get(f"/certificates/{number}/certificate.pdf").content)
    verified = visitor.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", pdf.read_bytes())})
    csv = b"".join(visitor.get("/open-data/certificates.csv").streaming_content).decode()  # type: ignore[attr-defined]
    api = json.loads(visitor.get(f"{BASE}/certificates/{number}").content)
    listed = json.loads(visitor.get(f"{BASE}/certificates", {"status": "renewal_pending"}).content)
    return {
        "registry row": row,
        "filter pending": str(number in pending),
        "filter expired": str(number in expired),
        "profile": visitor.get("/registry/cities/11650/").content.decode(),
        "page": visitor.get(f"/certificates/{number}/").content.decode(),
        "verify": verified.content.decode(),
        "pdf": subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout,
        "open data": next(line for line in csv.splitlines() if line.startswith(number)),
        "api": api["status"],
        "api pending": str([row["number"] for row in listed["results"]]),
    }


def test_valid_renewal_pending_everywhere_until_the_extension_is_certified(people: People, tmp_path: Path) -> None:
    story = certified_and_applying_again(people, "kr-smartcity", EXPIRED - timedelta(days=30))
    old = story.certificate
    assert old.status_on(EXPIRED) == CertificateStatus.VALID
    assert old.status_on(TODAY) == CertificateStatus.RENEWAL_PENDING

    seen = every_face(old.number, tmp_path / "old.pdf")
    assert f'<span class="state renewal_pending">{PENDING_KO}</span>' in seen["registry row"]
    assert seen["filter pending"] == "True" and seen["filter expired"] == "False"
    assert PENDING_KO in seen["profile"]
    assert PENDING_KO in seen["page"]
    assert f"유효기간은 {EXPIRED}까지였습니다. 지자체가 그 전에 연장·갱신을 신청했으므로" in seen["page"]
    assert 'class="card verdict genuine"' in seen["verify"]
    assert f"연장·갱신 심사 중 유효합니다. 유효기간은 {EXPIRED}까지였으나" in seen["verify"]
    since = EXPIRED + timedelta(days=1)
    assert f"{PENDING_KO} / Valid, renewal pending" in seen["pdf"] and f"since {since}" in seen["pdf"]
    assert "This certificate is not valid" not in seen["pdf"]
    assert seen["open data"].endswith(",renewal_pending")
    assert seen["api"] == "renewal_pending" and old.number in seen["api pending"]

    # Decided but not yet announced: the public still reads it pending.
    review(story.extension, people)
    decide(story.extension, Outcome.CERTIFIED, "재검토 결과 연장", TODAY)
    old.refresh_from_db()
    assert old.status_on(TODAY) == CertificateStatus.RENEWAL_PENDING

    announce_round(story.extension.round, people.certifier)
    new = Certificate.objects.get(application=story.extension)
    assert old.status_on(TODAY) == CertificateStatus.EXPIRED and status_since(old, "expired") == TODAY
    assert new.status_on(TODAY) == CertificateStatus.VALID and new.issued_on == TODAY
    seen = every_face(old.number, tmp_path / "old.pdf")
    assert '<span class="state expired">만료</span>' in seen["registry row"]
    assert seen["filter pending"] == "False" and seen["filter expired"] == "True"
    assert f"만료 / Expired · {TODAY} — 이 인증서는 유효하지 않습니다" in seen["pdf"]
    assert f"{TODAY}부터 만료 상태입니다." in seen["verify"]
    assert seen["open data"].endswith(",expired") and seen["api"] == "expired"
    page = Client().get(f"/certificates/{new.number}/").content.decode()
    assert '<span class="state valid">유효</span>' in page and str(new.expires_on) in page


def test_a_refused_extension_ends_it_on_the_announcement(people: People) -> None:
    story = certified_and_applying_again(people, "kr-smartcity", EXPIRED - timedelta(days=30))
    review(story.extension, people)
    decide(
        story.extension,
        Outcome.NOT_CERTIFIED,
        "재검토 결과 연장하지 않음",
        TODAY,
        against_engine_reason="현장실사 결과",
    )
    assert story.certificate.status_on(TODAY) == CertificateStatus.RENEWAL_PENDING
    announce_round(story.extension.round, people.certifier)
    assert story.certificate.status_on(TODAY) == CertificateStatus.EXPIRED
    assert status_since(story.certificate, "expired") == TODAY
    assert not Certificate.objects.filter(application=story.extension).exists()


def test_applied_for_after_the_expiry_date_it_lapsed_then(people: People) -> None:
    story = certified_and_applying_again(people, "kr-smartcity", EXPIRED + timedelta(days=3))
    assert story.certificate.status_on(TODAY) == CertificateStatus.EXPIRED
    assert status_since(story.certificate, "expired") == EXPIRED + timedelta(days=1)
    assert Certificate.objects.filter(Certificate.having_status("expired", TODAY)).get() == story.certificate
    page = Client().get(f"/certificates/{story.certificate.number}/").content.decode()
    assert '<span class="state expired">만료</span>' in page and PENDING_KO not in page


def test_a_withdrawn_extension_leaves_it_lapsed(people: People) -> None:
    story = certified_and_applying_again(people, "kr-smartcity", EXPIRED - timedelta(days=30))
    assert story.certificate.status_on(TODAY) == CertificateStatus.RENEWAL_PENDING
    Client().get("/registry/")  # the listing is cached: withdrawing must still show
    workflow.withdraw_application(story.extension, people.officer)
    assert story.certificate.status_on(TODAY) == CertificateStatus.EXPIRED
    row = next(
        line for line in Client().get("/registry/").content.decode().split("<tr>") if story.certificate.number in line
    )
    assert '<span class="state expired">만료</span>' in row


def test_iso_37106_without_the_rule_lapses_whatever_is_pending(people: People) -> None:
    story = certified_and_applying_again(people, "bsi-iso37106", EXPIRED - timedelta(days=30))
    framework = story.certificate.framework_version.framework
    assert framework.rules.certificate is not None and framework.rules.certificate.extension is None
    assert story.certificate.status_on(TODAY) == CertificateStatus.EXPIRED
    assert not Certificate.objects.filter(Certificate.having_status("renewal_pending", TODAY)).exists()
    said = json.loads(Client().get(f"{BASE}/certificates/{story.certificate.number}").content)
    assert said["status"] == "expired"
