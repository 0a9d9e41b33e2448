"""Every form of the pages, sent with something wrong by the person who uses it: the same page comes back (400,
never a separate error page), the Korean reason stands right below the field it concerns, the field is marked
for screen readers, everything typed is still there, and nothing was saved.

The forms: opening a round, forming a panel, assigning an application, applying, declaring a conflict, asking
the city for documents and answering, recording a finding and closing it, asking to waive a stage and answering
that, deciding, changing a certificate's status, recording a surveillance audit, verifying a certificate PDF, appealing and deciding an appeal, making a
complaint and handling it, starting an assessment, adding evidence, uploading a filled sheet, importing
indicator values, creating an API token and changing one's password."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import ApiToken, Role
from citycert.appeals import transitions
from citycert.appeals.models import Appeal, Complaint
from citycert.assessments.models import Assessment, Evidence
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import (
    Application,
    Certificate,
    CertificateChange,
    ConflictOfInterest,
    Decision,
    DocumentRequest,
    DueAudit,
    Finding,
    Panel,
    Round,
    StageWaiver,
)
from citycert.indicators.models import ImportRun
from citycert.library.store import find_version
from tests.appeals.story import seocho_decided
from tests.certification.story import agree, item_ids, round_in_review, second_certifier
from tests.people import PASSWORD, People, person

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    """One form sent wrong: by whom, where, what; the field whose error it is (its HTML id, None for an error of
    the whole form) and the Korean error; what of the typed input the page must show again; a count that must
    not change (nothing saved)."""

    who: User | None
    url: str
    data: dict[str, object]
    field_id: str | None
    error: str
    kept: list[str]
    saved: Callable[[], int]
    not_shown: list[str] = field(default_factory=list)


def open_today(people: People) -> Round:
    today = timezone.localdate()
    return workflow.open_round(
        find_version("bsi-iso37106"),
        today.year,
        name_ko="올해 ISO 37106 인증",
        name_en="ISO 37106 this year",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        actor=people.certifier,
    )


def a_round(people: People) -> Case:
    return Case(
        people.certifier,
        "/certification/rounds/new/",
        {
            "framework_version": find_version("bsi-iso37106").pk,
            "year": "2027",
            "name_ko": "2027년 ISO 37106 인증 공모",
            "opens_on": "2027-07-01",
            "closes_on": "2027-06-01",
        },
        "id_closes_on",
        "신청 마감일이 시작일보다 빠를 수 없습니다.",
        ['value="2027년 ISO 37106 인증 공모"', 'value="2027"', 'value="2027-07-01"', 'value="2027-06-01"'],
        Round.objects.count,
    )


def a_panel(people: People) -> Case:
    round_ = open_today(people)
    return Case(
        people.certifier,
        f"/certification/rounds/{round_.pk}/panels/",
        {"name": "패널 B", "category": ""},
        "id_members",
        "평가위원단에 참여할 평가위원을 고르십시오.",
        ['value="패널 B"'],
        Panel.objects.count,
    )


def assigning(people: People) -> Case:
    story = round_in_review(people)
    return Case(
        people.certifier,
        f"/certification/applications/{story.hanam.pk}/assign/",
        {"panel": "999999"},
        f"id_application{story.hanam.pk}_panel",
        "평가위원단을 고르십시오.",
        [],
        lambda: Application.objects.filter(panel__isnull=True).count(),
    )


def applying(people: People) -> Case:
    round_ = open_today(people)
    return Case(
        people.officer,
        f"/certification/rounds/{round_.pk}/apply/",
        {"assessment": str(people.draft.pk)},  # a draft: not one the city may apply with
        f"id_round{round_.pk}_assessment",
        "소속 지자체의 제출된 평가 중 하나를 고르십시오.",
        [],
        Application.objects.count,
    )


def a_conflict(people: People) -> Case:
    return Case(
        people.assessor,
        "/certification/conflicts/",
        {"city": str(people.hanam.pk), "reason": "   "},
        "id_reason",
        "필수 항목입니다.",
        [f'<option value="{people.hanam.pk}" selected>'],
        ConflictOfInterest.objects.count,
    )


def a_document_request(people: People) -> Case:
    story = round_in_review(people)
    return Case(
        people.assessor,
        f"/certification/applications/{story.seocho.pk}/requests/",
        {"item": "BM.roadmap", "stage": "stage-1", "question": ""},
        "id_request_question",
        "필수 항목입니다.",
        ['<option value="BM.roadmap" selected>', '<option value="stage-1" selected>'],
        DocumentRequest.objects.count,
    )


def answering_a_request(people: People) -> Case:
    story = round_in_review(people)
    asked = workflow.ask_city(story.seocho, "BM.vision", "stage-1", "비전 수립 근거 자료", people.assessor)
    return Case(
        people.officer,
        f"/certification/applications/{story.seocho.pk}/requests/{asked.pk}/answer/",
        {"answer": "  "},
        f"id_request{asked.pk}_answer",
        "필수 항목입니다.",
        [],
        lambda: DocumentRequest.objects.exclude(answer="").count(),
    )


def a_finding(people: People) -> Case:
    story = round_in_review(people)
    return Case(
        people.assessor,
        f"/certification/applications/{story.seocho.pk}/findings/",
        {"item": "BM.roadmap", "kind": "minor", "text": "로드맵 성과지표 미정의", "due_on": "2026-02-30"},
        "id_finding_due_on",
        "올바른 날짜를 입력하세요.",
        ["로드맵 성과지표 미정의</textarea>", 'value="2026-02-30"', '<option value="minor" selected>'],
        Finding.objects.count,
    )


def closing_a_finding(people: People) -> Case:
    story = round_in_review(people)
    finding = workflow.raise_finding(story.seocho, "BM.roadmap", "minor", "로드맵 미흡", None, people.assessor)
    return Case(
        people.officer,
        f"/certification/applications/{story.seocho.pk}/findings/{finding.pk}/close/",
        {"response": ""},
        f"id_finding{finding.pk}_response",
        "필수 항목입니다.",
        [],
        lambda: Finding.objects.exclude(state="open").count(),
    )


def a_waiver(people: People) -> Case:
    story = round_in_review(people)
    return Case(
        people.certifier,
        f"/certification/applications/{story.seocho.pk}/waivers/",
        {"stage": "stage-1", "reason": ""},
        "id_waiver_reason",
        "필수 항목입니다.",
        ['<option value="stage-1" selected>'],
        StageWaiver.objects.count,
    )


def answering_a_waiver(people: People) -> Case:
    story = round_in_review(people)
    waiver = workflow.request_waiver(story.seocho, "stage-1", "현장 여건상 1단계 생략", people.certifier)
    return Case(
        second_certifier(),
        f"/certification/applications/{story.seocho.pk}/waivers/{waiver.pk}/",
        {"answer": "maybe", "note": "현장 일정 확인함"},
        None,
        "면제를 승인하거나 거절하세요.",
        ['value="현장 일정 확인함"'],
        lambda: StageWaiver.objects.exclude(state="requested").count(),
    )


def a_decision(people: People) -> Case:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    return Case(
        second_certifier(),
        f"/certification/applications/{story.seocho.pk}/decide/",
        {"outcome": "certified", "reasons": " ", "against_engine_reason": "해당 없음-D1"},
        "id_decision_reasons",
        "결정 사유를 적어 주십시오.",
        ['<option value="certified" selected>', "해당 없음-D1</textarea>"],
        Decision.objects.count,
    )


def a_status_change(people: People) -> Case:
    story = seocho_decided(people, Outcome.CERTIFIED)
    certificate = Certificate.objects.get(application=story.application)
    return Case(
        people.certifier,
        f"/certificates/{certificate.number}/status/",
        {"status": "suspended", "reason": ""},
        "id_reason",
        "필수 항목입니다.",
        ['<option value="suspended" selected>'],
        CertificateChange.objects.count,
    )


def a_surveillance_audit(people: People) -> Case:
    story = seocho_decided(people, Outcome.CERTIFIED)
    due = DueAudit.objects.filter(certificate__application=story.application, kind="surveillance").first()
    assert due is not None
    *given, last = item_ids()
    return Case(
        people.assessor,
        f"/certification/surveillance/{due.pk}/",
        {f"value-{item}": "4" for item in given},
        f"id_value-{last}",
        "필수 항목입니다.",
        [
            f'name="value-{given[0]}"[^>]*>\\s*<option value="">—</option>\\s*(<option value="\\d">\\d</option>\\s*)*'
            '<option value="4" selected>'
        ],
        lambda: DueAudit.objects.exclude(done_at=None).count(),
    )


def verifying(people: People) -> Case:
    return Case(
        None, "/certificates/verify/", {}, "id_file", "확인할 인증서 PDF를 고르십시오.", [], Certificate.objects.count
    )


def an_appeal(people: People) -> Case:
    story = seocho_decided(people, Outcome.NOT_CERTIFIED, level="1")
    return Case(
        people.officer,
        f"/certification/applications/{story.application.pk}/appeal/",
        {"reasons": ""},
        "id_reasons",
        "이의 신청 이유를 적어 주세요.",
        [],
        Appeal.objects.count,
    )


def deciding_an_appeal(people: People) -> Case:
    story = seocho_decided(people, Outcome.NOT_CERTIFIED, level="1")
    today = timezone.localdate()
    appeal = transitions.file_appeal(story.application, "증빙을 반영하지 않았습니다.", [], people.officer, today)
    transitions.take_appeal(appeal, story.handler, today)
    return Case(
        story.handler,
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "upheld", "resolution": ""},
        "id_resolution",
        "이의 신청 처리 결과의 이유를 적어 주세요.",
        [r'value="upheld"[^>]*checked'],
        lambda: Appeal.objects.exclude(state="in_handling").count(),
    )


def a_complaint(people: People) -> Case:
    return Case(
        None,
        "/complaints/new/",
        {"about": "city", "certificate": "NO-SUCH-1", "text": "인증 마크를 잘못 쓰고 있습니다", "name": "홍길동"},
        "id_certificate",
        "NO-SUCH-1 번호로 공개된 인증서가 없습니다.",
        [
            'value="NO-SUCH-1"',
            "인증 마크를 잘못 쓰고 있습니다</textarea>",
            'value="홍길동"',
            r'value="city"[^>]*checked',
        ],
        Complaint.objects.count,
    )


def handling_a_complaint(people: People) -> Case:
    complaint = transitions.file_complaint("body", "심사 일정 안내가 늦었습니다", None)
    return Case(
        people.certifier,
        f"/certification/complaints/{complaint.pk}/",
        {"to": "triaged", "note": " "},
        "id_note",
        "분류 내용을 적어 주세요: 민원의 내용과 담당자.",
        [],
        lambda: Complaint.objects.exclude(state="received").count(),
    )


def an_assessment(people: People) -> Case:
    return Case(
        people.officer,
        f"/cities/{people.seocho.code}/assessments/new/",
        {"framework_version": find_version("bsi-iso37106").pk, "kind": "renewal", "year": "1999"},
        "id_year",
        "2000년과 2100년 사이의 연도를 고르세요.",
        ['value="1999"', '<option value="renewal" selected>'],
        Assessment.objects.count,
    )


def evidence(people: People) -> Case:
    return Case(
        people.officer,
        f"/assessments/{people.draft.pk}/evidence/",
        {"title": "2026 성과보고서", "url": "ftp://data.example.kr/report", "items": ["BM.vision"]},
        "id_url",
        "링크는 https:// 또는 http:// 로 시작해야 합니다.",
        ['value="2026 성과보고서"', 'value="ftp://data.example.kr/report"', '<option value="BM.vision" selected>'],
        Evidence.objects.count,
    )


def a_filled_sheet(people: People) -> Case:
    return Case(
        people.officer,
        f"/assessments/{people.draft.pk}/import/",
        {},
        "id_sheet",
        "올릴 .xlsx 또는 .csv 파일을 고르세요.",
        [],
        lambda: people.draft.responses.count(),
    )


def indicator_values(people: People) -> Case:
    return Case(
        people.officer,
        f"/indicators/{people.seocho.code}/import/",
        {},
        "id_file",
        "가져올 CSV 또는 XLSX 파일을 선택하세요.",
        [],
        ImportRun.objects.count,
    )


def a_token(people: People) -> Case:
    return Case(
        people.officer,
        "/accounts/tokens/",
        {"name": "", "days": "365"},
        "id_name",
        "토큰 이름을 입력하세요.",
        ['<option value="365" selected>'],
        ApiToken.objects.count,
    )


def a_password(people: People) -> Case:
    return Case(
        people.officer,
        "/accounts/password/",
        {"old_password": "not-my-password", "new_password1": "Gangnam-2026!", "new_password2": "Gangnam-2026!"},
        "id_old_password",
        "기존 비밀번호를 잘못 입력하셨습니다. 다시 입력해 주세요.",
        [],
        lambda: 0 if User.objects.get(pk=people.officer.pk).check_password(PASSWORD) else 1,
        # A password typed is never sent back into a page.
        not_shown=["Gangnam-2026!", "not-my-password"],
    )


FORMS = {
    "round": a_round,
    "panel": a_panel,
    "assign": assigning,
    "apply": applying,
    "conflict": a_conflict,
    "document request": a_document_request,
    "request answer": answering_a_request,
    "finding": a_finding,
    "finding closed": closing_a_finding,
    "waiver": a_waiver,
    "waiver answer": answering_a_waiver,
    "decision": a_decision,
    "certificate status": a_status_change,
    "surveillance audit": a_surveillance_audit,
    "verify a certificate": verifying,
    "appeal": an_appeal,
    "appeal decision": deciding_an_appeal,
    "complaint": a_complaint,
    "complaint handling": handling_a_complaint,
    "new assessment": an_assessment,
    "evidence": evidence,
    "filled sheet": a_filled_sheet,
    "indicator import": indicator_values,
    "API token": a_token,
    "password": a_password,
}


@pytest.mark.parametrize("name", list(FORMS))
def test_the_form_comes_back_with_the_reason_at_its_field_and_nothing_saved(people: People, name: str) -> None:
    case = FORMS[name](people)
    client = Client()
    if case.who is not None:
        client.force_login(case.who)
    before = case.saved()
    answer = client.post(case.url, case.data)
    html = answer.content.decode()

    assert answer.status_code == 400, html[:2000]
    assert 'lang="ko"' in html and "처리하지 못했습니다" not in html  # the page itself, in Korean
    if case.field_id is not None:
        # Right below its field, which says it is in error and is described by it.
        assert f'id="{case.field_id}_error">{case.error}</p>' in html
        assert re.search(rf'aria-describedby="{case.field_id}_error[^"]*"', html)
        assert 'aria-invalid="true"' in html
        assert "다시 확인할 입력란이 있습니다" in html or "증빙자료를 추가하지 않았습니다" in html
    else:
        assert f'<p class="error">{case.error}</p>' in html
    for kept in case.kept:
        assert re.search(kept, html), kept
    for typed in case.not_shown:
        assert typed not in html
    assert case.saved() == before


def test_every_form_of_the_pages_has_its_case() -> None:
    """A new form gets a case here: the list above is the list of forms."""
    assert len(FORMS) == 25


def test_the_round_form_names_its_categories_and_none_ticked_takes_every_city(people: People) -> None:
    client = Client()
    client.force_login(people.certifier)
    page = client.get("/certification/").content.decode()
    kr = find_version("kr-smartcity")
    assert re.search(r'<input type="checkbox" name="categories" value="large"[^>]*>\s*대도시</label>', page)
    assert re.search(r'<input type="checkbox" name="categories" value="small_medium"[^>]*>\s*중소도시</label>', page)
    assert "아무것도 선택하지 않으면 모든 구분의 도시가 신청할 수 있습니다." in page
    assert "small_medium" not in visible_text(page)

    every = client.post(
        "/certification/rounds/new/",
        {"framework_version": kr.pk, "year": "2026", "opens_on": "2026-06-01", "closes_on": "2026-06-30"},
    )
    assert every.status_code == 302, every.content.decode()[:2000]
    round_ = Round.objects.get(framework_version=kr, year=2026)
    assert round_.categories == [] and round_.name_ko.startswith("2026년")
    shown = client.get(every["Location"]).content.decode()
    assert "모든 구분의 도시" in shown

    small = client.post(
        "/certification/rounds/new/",
        {
            "framework_version": kr.pk,
            "year": "2027",
            "opens_on": "2027-06-01",
            "closes_on": "2027-06-30",
            "categories": ["small_medium"],
        },
    )
    assert small.status_code == 302
    assert Round.objects.get(year=2027).categories == ["small_medium"]
    shown = client.get(small["Location"]).content.decode()
    assert "구분: 중소도시" in visible_text(shown) and "small_medium" not in visible_text(shown)


def test_a_category_the_chosen_framework_lacks_is_refused_at_the_categories(people: People) -> None:
    client = Client()
    client.force_login(people.certifier)
    before = Round.objects.count()
    answer = client.post(
        "/certification/rounds/new/",
        {
            "framework_version": find_version("bsi-iso37106").pk,
            "year": "2026",
            "opens_on": "2026-06-01",
            "closes_on": "2026-06-30",
            "categories": ["small_medium"],
        },
    )
    html = answer.content.decode()
    assert answer.status_code == 400
    assert re.search(r'id="id_categories_error">[^<]*중소도시 구분이 없습니다', html)
    assert re.search(r'value="small_medium"[^>]*checked', html)
    assert Round.objects.count() == before


def test_the_round_form_speaks_english_when_switched(people: People) -> None:
    client = Client()
    client.force_login(people.certifier)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    answer = client.post(
        "/certification/rounds/new/",
        {"framework_version": find_version("kr-smartcity").pk, "year": "20x6", "categories": ["large"]},
    )
    html = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="id_year_error">Enter a whole number.</p>' in html
    assert 'id="id_opens_on_error">This field is required.</p>' in html
    assert re.search(r'value="large"[^>]*checked[^>]*>\s*Large city</label>', html)
    assert 'value="20x6"' in html


def test_a_second_round_of_the_same_year_is_refused_at_the_year(people: People) -> None:
    client = Client()
    client.force_login(people.certifier)
    data = {
        "framework_version": find_version("bsi-iso37106").pk,
        "year": "2026",
        "opens_on": "2026-06-01",
        "closes_on": "2026-06-30",
    }
    assert client.post("/certification/rounds/new/", data).status_code == 302
    again = client.post("/certification/rounds/new/", {**data, "name_ko": "중복 공모"})
    html = again.content.decode()
    assert again.status_code == 400
    assert re.search(r'id="id_year_error">[^<]*2026', html) and 'value="중복 공모"' in html
    assert Round.objects.count() == 1


def test_another_citys_officer_still_gets_no_form_of_seocho(people: People) -> None:
    """The forms keep their permission checks: Hanam-si's officer posting to Seocho-gu's draft is not told
    anything about the form, the page does not exist for them."""
    client = Client()
    client.force_login(people.other_officer)
    answer = client.post(f"/assessments/{people.draft.pk}/evidence/", {"title": "x"})
    assert answer.status_code == 404
    anonymous = Client().post("/certification/rounds/new/", {"year": "2026"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assessor = Client()
    assessor.force_login(person("assessor-9", Role.ASSESSOR))
    assert assessor.post("/certification/rounds/new/", {"year": "2026"}).status_code == 403


def visible_text(html: str) -> str:
    """The page as read: no tags, no attribute values."""
    body = html.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_decision_against_the_engine_without_a_reason_is_refused_at_that_reason(people: People) -> None:
    """A rule of the decision (409) that concerns one field is said at that field, the rest kept."""
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    client = Client()
    client.force_login(second_certifier())
    answer = client.post(
        f"/certification/applications/{story.seocho.pk}/decide/",
        {"outcome": "not_certified", "reasons": "현장 확인 결과 미흡-E1"},
    )
    html = answer.content.decode()
    assert answer.status_code == 409
    assert re.search(r'id="id_decision_against_engine_reason_error">[^<]*사유가 필요합니다', html)
    assert '<option value="not_certified" selected>' in html and "현장 확인 결과 미흡-E1</textarea>" in html
    assert Decision.objects.count() == 0
