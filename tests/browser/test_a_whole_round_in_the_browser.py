"""A whole round of Korea's national certification in Chromium, once in Korean and once in English, from an empty
round to an appeal, each person at their own browser and reading their own pages.

The certifier opens the 2026 round (the scheme announces whole rounds: decisions wait for the certifier's
announcement) and forms a panel of two assessors. Seocho-gu's officer applies with the city's submitted
self-assessment, and the certifier assigns the application to the panel. Each assessor's certification page says
they have declared no conflict of interest with any city; each scores every item of both required stages and
submits; while the second assessor has not, the certifier's consensus is refused with the stage and the assessor
still missing. The certifier records the consensus, one maturity level above anything the panel gave, refused until
that item has its reason; the certifier is then told that somebody else decides. certifier-2, who took no part,
decides. Until the certifier announces the round, the officer's page shows no decision and a visitor's registry no
certificate; after it, the visitor finds the certificate and the officer reads
the decision, downloads the decision letter (its text read back with pdftotext: the city, the outcome, the item
outside the panel's range with its reason, the last day to appeal) and appeals. The certifier who recorded the
consensus is told they may not handle the appeal; certifier-3 takes it and upholds the decision, and the officer
reads that on the application's page.

Screenshots at 1280 and 390 pixels wide at each step, and the two decision letters, are kept in
/tmp/browser-shots/whole-round-<language>/ for a person to look at."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Response, ViewportSize, expect

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.competence.workflow import QualificationInput, record_qualification
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from tests.browser.chromium import launched
from tests.people import PASSWORD, PDF, People, person

SHOTS = Path("/tmp/browser-shots")
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# The item the certifier agrees one level above anything the panel gave: assessor-1 says 3, assessor-2 says 4.
OUTSIDE = "D1.I1.4"
# Comments long enough to wrap: the review sheet and the decision letter must keep them in their columns.
LONG_COMMENTS = {
    "D1.I1.1": "https://data.seocho.go.kr/opendata/catalogue/2026/smart-city/datasets-opened-in-machine-readable-form",
    "D1.I1.2": "기계판독가능형식으로개방된데이터셋의비율을산출한근거자료와2025년도공공데이터포털등록현황을함께확인하였음",
}


@dataclass(frozen=True)
class Words:
    """What each person reads, in the run's language."""

    round_opened: str
    panel_formed: str
    applied: str
    state_applied: str
    state_in_review: str
    state_decided: str
    not_started: str
    submitted: str
    conflicts: str
    no_conflict: str
    scores_submitted: str
    not_yet_submitted: str
    stages_in: str
    outside_needs_reason: str
    outside_tag: str
    consensus_saved: str
    you_recorded: str
    decision_recorded: str
    outside_heading: str
    private_until_announced: str
    cities_learn_at_announcement: str
    announced: str
    certified: str
    letter_link: str
    letter_title: str
    letter_appeal_until: str
    appeal_filed: str
    appeal_filed_state: str
    may_not_handle: str
    upheld: str
    yes: str
    datasets: str


WORDS = {
    "ko": Words(
        round_opened="인증 공모를 개시했습니다.",
        panel_formed="평가위원단을 구성했습니다.",
        applied="신청했습니다.",
        state_applied="신청됨",
        state_in_review="심사 중",
        state_decided="결정됨",
        not_started="시작 전",
        submitted="제출됨",
        conflicts="이해충돌",
        no_conflict="어느 도시와도 이해충돌을 신고하지 않았습니다.",
        scores_submitted="점수를 제출했습니다.",
        not_yet_submitted="assessor-2 미제출",
        stages_in="필수 심사 단계가 모두 제출되었습니다.",
        outside_needs_reason="패널 점수 범위를 벗어난 합의 점수는 해당 항목의 사유가 필요합니다",
        outside_tag="패널 범위 밖",
        consensus_saved="합의 점수를 저장했습니다.",
        you_recorded="이 신청의 합의 점수를 기록하셨습니다.",
        decision_recorded="결정을 기록했습니다.",
        outside_heading="패널 점수 범위를 벗어난 합의",
        private_until_announced="1건의 결정은 회차를 발표할 때까지 공개되지 않습니다.",
        cities_learn_at_announcement="도시는 발표 때 결정을 알게 됩니다.",
        announced="회차 결과를 발표했습니다. 이제 공개됩니다.",
        certified="인증",
        letter_link="결과 통보서 (한국어, PDF)",
        letter_title="인증 결과 통보서",
        letter_appeal_until="까지 이의를 신청할 수 있습니다",
        appeal_filed="이의 신청이 접수되었습니다.",
        appeal_filed_state="접수됨",
        may_not_handle="이 이의 신청을 처리할 수 없습니다",
        upheld="원결정 유지",
        yes="예",
        datasets="건",
    ),
    "en": Words(
        round_opened="Round opened.",
        panel_formed="Panel formed.",
        applied="Applied.",
        state_applied="applied",
        state_in_review="in review",
        state_decided="decided",
        not_started="not started",
        submitted="submitted",
        conflicts="Conflicts of interest",
        no_conflict="You have declared no conflict of interest with any city.",
        scores_submitted="Scores submitted.",
        not_yet_submitted="not yet submitted by assessor-2",
        stages_in="Every required review stage is in.",
        outside_needs_reason="A consensus outside the panel's range needs a reason for that item",
        outside_tag="outside the panel's range",
        consensus_saved="Consensus saved.",
        you_recorded="You recorded this application's consensus.",
        decision_recorded="Decision recorded.",
        outside_heading="Consensus outside the panel's range",
        private_until_announced="1 decision is private until the round is announced.",
        cities_learn_at_announcement="Cities learn their decisions at the announcement.",
        announced="The round's results are announced: they are public now.",
        certified="certified",
        letter_link="Decision letter (English, PDF)",
        letter_title="Certification decision letter",
        letter_appeal_until="You may appeal this decision until",
        appeal_filed="Appeal filed.",
        appeal_filed_state="filed",
        may_not_handle="You may not handle this appeal",
        upheld="decision upheld",
        yes="yes",
        datasets="datasets",
    ),
}
REASON_OUTSIDE = {
    "ko": "현장실사에서 데이터 공유 협의체 운영 실적(2025년 12회)을 추가로 확인하여 5수준으로 합의",
    "en": "The site visit found the data-sharing council met twelve times in 2025: agreed at level 5",
}
DECISION_REASONS = {
    "ko": "총점이 70% 이상이고 3등급 이상이므로 인증합니다.",
    "en": "The total is above 70 % and the grade is 3 or better: certified.",
}
APPEAL_REASONS = {
    "ko": "D1.I1.1 항목의 2025년 개방 실적이 반영되지 않아 등급이 낮게 산정되었습니다.",
    "en": "The datasets Seocho-gu opened in 2025 were left out of D1.I1.1, so the grade is too low.",
}
RESOLUTION = {
    "ko": "2025년 개방 실적은 이미 심사에 반영되었습니다. 원결정을 유지합니다.",
    "en": "The 2025 datasets were counted in the review. The decision stands.",
}


@dataclass
class Round:
    """What the story knows before the browser opens: the city's answers, which the assessors type in."""

    answers: dict[str, str]


@dataclass
class Camera:
    """Each key step at desktop and at phone width, kept for a person to look at."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def shoot(self, page: Page, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for label, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            path = self.folder / f"{len(self.taken) // 2 + 1:02d}-{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            self.taken.append(path)
        page.set_viewport_size(DESKTOP)


@dataclass
class Trouble:
    """Every 5xx answer and script error met on the way, so a broken page fails the story with its address."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")


@pytest.fixture
def national(live_server: Any, people: People) -> Round:
    """Seocho-gu's submitted self-assessment on the national scheme, between 80 and 85 % of the points; the two
    assessors and the three certifiers. No round exists yet."""
    assessors = [people.assessor, *(person(username, Role.ASSESSOR) for username in ("assessor-2",))]
    # Both qualified for the national scheme by the certifying body; each declares for the round in the browser.
    for assessor in assessors:
        record_qualification(
            assessor,
            QualificationInput(title="스마트도시 인증 평가위원", schemes=["kr-smartcity"], valid_from=date(2020, 1, 1)),
            people.certifier,
        )
    for username in ("certifier-2", "certifier-3"):
        person(username, Role.CERTIFIER)
    version = find_version("kr-smartcity")
    own = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    answers = {
        item: stored_text(answer.value)
        for item, answer in illustrative_answers(
            version.framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=7
        ).items()
    }
    save_responses(own, {item: {"value": value} for item, value in answers.items()}, people.officer)
    transition(own, State.SUBMITTED, people.officer)
    return Round(answers)


@pytest.fixture
def chromium(national: Round) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def person_at_a_browser(browser: Browser, site: str, username: str, language: str, trouble: Trouble) -> Page:
    """A fresh browser window for one person, logged in through the form, in the run's language."""
    context: BrowserContext = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    trouble.watch(page)
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} is still on the login page"
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def score_a_stage(page: Page, answers: dict[str, str], outside_level: str, comments: dict[str, str]) -> None:
    """Every item of the sheet: the city's own answer, `outside_level` for OUTSIDE, and the given comments."""
    fields = page.locator("[name^='value-']")
    # A yes-or-no item is two radio buttons under one name: each item once.
    names = list(dict.fromkeys(fields.nth(index).get_attribute("name") or "" for index in range(fields.count())))
    assert len(names) == len(answers), f"the sheet shows {len(names)} items, the scheme has {len(answers)}"
    for name in names:
        item = name.removeprefix("value-")
        value = outside_level if item == OUTSIDE else answers[item]
        field_ = page.locator(f"[name='{name}']")
        kind = field_.first.evaluate("element => element.tagName + ':' + element.type")
        if kind.startswith("SELECT"):
            field_.select_option(value)
        elif kind == "INPUT:radio":
            page.check(f"input[name='{name}'][value='{value}']")
        else:
            field_.fill(value)
    for item, comment in comments.items():
        page.fill(f"input[name='comment-{item}']", comment)
    # Each row saves itself as a draft when left (the last one too, once the focus moves on); the person sees every
    # row say it was saved before submitting the sheet.
    page.keyboard.press("Tab")
    expect(page.locator(".row-status .saved")).to_have_count(len(names), timeout=90_000)
    with page.expect_navigation():
        page.click("button[name=submit][value='1']")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_whole_national_round_from_opening_to_an_appeal(
    live_server: Any, national: Round, chromium: Browser, language: str
) -> None:
    site, words, trouble = live_server.url, WORDS[language], Trouble()
    camera = Camera(SHOTS / f"whole-round-{language}")
    shutil.rmtree(camera.folder, ignore_errors=True)
    today = timezone.localdate()
    round_name = "2026년 스마트도시 인증 (시험)" if language == "ko" else "Smart city certification 2026 (trial)"

    # The certifier opens the round on the national scheme, announced by the certifier (no date set).
    certifier = person_at_a_browser(chromium, site, "certifier", language, trouble)
    certifier.goto(f"{site}/certification/")
    certifier.click("details:has(form[action*='/rounds/new/']) summary")
    form = "form[action*='/rounds/new/']"
    scheme = (
        "스마트도시 인증 (국토교통부) (2024)"
        if language == "ko"
        else "Smart City Certification (MOLIT, Republic of Korea) (2024)"
    )
    certifier.select_option(f"{form} select[name=framework_version]", label=scheme)
    certifier.fill(f"{form} input[name=year]", "2026")
    certifier.fill(f"{form} input[name={'name_ko' if language == 'ko' else 'name_en'}]", round_name)
    certifier.fill(f"{form} input[name=opens_on]", (today - timedelta(days=7)).isoformat())
    certifier.fill(f"{form} input[name=closes_on]", (today + timedelta(days=21)).isoformat())
    submit(certifier, form)
    expect(certifier.locator(".messages")).to_contain_text(words.round_opened)
    expect(certifier.locator("h1")).to_have_text(round_name)
    # A form's action names its anchor, which the browser keeps on the redirect: the page's own address is without it.
    round_page = certifier.url.split("#")[0]

    # Each assessor declares their impartiality for the new round, from their competence record.
    for username in ("assessor-1", "assessor-2"):
        declaring = person_at_a_browser(chromium, site, username, language, trouble)
        declaring.goto(f"{site}/competence/")
        declaring.click("a[href*='/declaration/']")
        declaring.check("input[name=affirm]")
        submit(declaring, "form[action*='/declaration/']")
        expect(declaring.locator(".messages")).to_contain_text(round_name)
        declaring.close()

    # A panel of the two assessors.
    certifier.click("details:has(form[action*='/panels/']) summary")
    certifier.fill("form[action*='/panels/'] input[name=name]", "패널 A")
    for assessor in ("assessor-1", "assessor-2"):
        certifier.locator("form[action*='/panels/'] label", has_text=assessor).locator("input[name=members]").check()
    submit(certifier, "form[action*='/panels/']")
    expect(certifier.locator(".messages")).to_contain_text(words.panel_formed)
    expect(certifier.locator("main .card", has_text="패널 A")).to_contain_text("assessor-1, assessor-2")
    camera.shoot(certifier, "certifier-round-opened-panel-formed")

    # Seocho-gu's officer applies with the submitted self-assessment.
    officer = person_at_a_browser(chromium, site, "officer-seocho", language, trouble)
    officer.goto(f"{site}/certification/")
    applying = officer.locator("form.card", has_text=round_name)
    expect(applying.locator("select[name=assessment] option")).to_have_count(1)
    with officer.expect_navigation():
        applying.locator("button[type=submit]").click()
    expect(officer.locator(".messages")).to_contain_text(words.applied)
    expect(officer.locator("main .state")).to_have_text(words.state_applied)
    application_page = officer.url.split("#")[0]
    camera.shoot(officer, "officer-applied")

    # The certifier assigns it to the panel.
    certifier.goto(round_page)
    row = certifier.locator("table.list tbody tr", has_text="서초구" if language == "ko" else "Seocho-gu")
    with certifier.expect_navigation():
        row.locator("form button[type=submit]").click()
    expect(certifier.locator("table.list tbody tr .state")).to_have_text(words.state_in_review)

    # Each assessor: no conflict declared against Seocho-gu, then both stages scored alone and submitted.
    assessors = {}
    for assessor, level in (("assessor-1", "3"), ("assessor-2", "4")):
        page = person_at_a_browser(chromium, site, assessor, language, trouble)
        assessors[assessor] = page
        page.goto(f"{site}/certification/")
        expect(page.locator("main h2", has_text=words.conflicts)).to_have_count(1)
        expect(page.locator("main")).to_contain_text(words.no_conflict)
        if assessor == "assessor-1":
            camera.shoot(page, "assessor-declares-no-conflict")
        page.goto(application_page)
        stages = page.locator("main h2 + ul li a[href*='/review/']")
        expect(stages).to_have_count(2)
        expect(page.locator("main h2 + ul").first).to_contain_text(words.not_started)
        addresses = [stages.nth(index).get_attribute("href") or "" for index in range(2)]
        for number, address in enumerate(addresses):
            page.goto(f"{site}{address}")
            comments = LONG_COMMENTS if assessor == "assessor-1" and number == 0 else {}
            if assessor == "assessor-1" and number == 0:
                # A yes-or-no indicator is chosen as yes or no; a counted one shows its unit beside the box.
                expect(page.locator("label", has=page.locator("input[name='value-D1.I2.4'][value=true]"))).to_have_text(
                    words.yes
                )
                expect(page.locator("tr", has=page.locator("input[name='value-D1.I1.1']"))).to_contain_text(
                    words.datasets
                )
                camera.shoot(page, "assessor-scores-a-stage")
            score_a_stage(page, national.answers, level, comments)
            expect(page.locator(".messages")).to_contain_text(words.scores_submitted)
            expect(page.locator("[name^='value-']")).to_have_count(0)
        page.goto(application_page)
        expect(page.locator("main h2 + ul").first).not_to_contain_text(words.not_started)
        if assessor == "assessor-1":
            # The second assessor has not submitted yet: the certifier's consensus waits, and says for whom.
            certifier.goto(application_page)
            expect(certifier.locator("#stages + .notice")).to_contain_text(words.not_yet_submitted)
            submit(certifier, "form[action*='/consensus/']")
            expect(certifier.locator("#consensus ~ p.error[role=alert]")).to_contain_text(words.not_yet_submitted)
            camera.shoot(certifier, "certifier-consensus-refused-stage-missing")
    camera.shoot(assessors["assessor-2"], "assessor-submitted-both-stages")

    # The consensus: one value above the panel's range, refused until that item has its reason.
    certifier.goto(application_page)
    expect(certifier.locator("h2#stages + p")).to_have_text(words.stages_in)
    expect(certifier.locator("input[name='value-D1.I2.4'][value=true]")).to_be_checked()
    certifier.select_option(f"select[name='value-{OUTSIDE}']", "5")
    submit(certifier, "form[action*='/consensus/']")
    expect(certifier.locator("#consensus ~ p.error[role=alert]")).to_contain_text(words.outside_needs_reason)
    flagged = certifier.locator("tr.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text(OUTSIDE)
    expect(flagged).to_contain_text("3–4")
    expect(flagged).to_contain_text(words.outside_tag)
    expect(certifier.locator(f"select[name='value-{OUTSIDE}']")).to_have_value("5")
    camera.shoot(certifier, "certifier-consensus-outside-range-refused")
    certifier.fill(f"input[name='rationale-{OUTSIDE}']", REASON_OUTSIDE[language])
    submit(certifier, "form[action*='/consensus/']")
    expect(certifier.locator(".messages")).to_contain_text(words.consensus_saved)
    expect(certifier.locator("#decide ~ .notice")).to_contain_text(words.you_recorded)
    expect(certifier.locator("#decide ~ .notice")).to_contain_text("certifier-2")
    expect(certifier.locator("#decide ~ .notice")).to_contain_text("certifier-3")
    camera.shoot(certifier, "certifier-consensus-recorded-four-eyes")

    # certifier-2, who took no part, decides as the engine does.
    second = person_at_a_browser(chromium, site, "certifier-2", language, trouble)
    second.goto(application_page)
    expect(second.locator("#decide ~ .notice")).to_have_count(0)
    expect(second.locator("select[name=outcome] option:checked")).to_have_text(words.certified)
    second.fill("textarea[name=reasons]", DECISION_REASONS[language])
    submit(second, "form[action*='/decide/']")
    expect(second.locator(".messages")).to_contain_text(words.decision_recorded)
    decision = second.locator("#decision")
    expect(decision).to_contain_text(words.outside_heading)
    expect(decision).to_contain_text(OUTSIDE)
    expect(decision).to_contain_text(REASON_OUTSIDE[language])
    expect(decision).to_contain_text("certifier-2")
    camera.shoot(second, "second-certifier-decided")

    # Until the round is announced, the officer's page shows no decision and no certificate.
    officer.goto(application_page)
    expect(officer.locator("main .state")).to_have_text(words.state_decided)
    expect(officer.locator("#decision")).to_have_count(0)
    expect(officer.locator("main")).not_to_contain_text(DECISION_REASONS[language])
    expect(officer.locator("main a[href*='/certificates/']")).to_have_count(0)
    camera.shoot(officer, "officer-before-announcement")
    visitor = chromium.new_context(viewport=DESKTOP)
    visitor.add_cookies([{"name": "django_language", "value": language, "url": site}])
    public = visitor.new_page()
    trouble.watch(public)
    public.goto(f"{site}/registry/")
    expect(public.locator("main")).not_to_contain_text("KR-SC-")

    # The certifier announces the round.
    certifier.goto(round_page)
    announcement = certifier.locator("#announcement")
    expect(announcement).to_contain_text(words.private_until_announced)
    expect(announcement).to_contain_text(words.cities_learn_at_announcement)
    submit(certifier, "form[action$='/announce/']")
    expect(certifier.locator(".messages")).to_contain_text(words.announced)
    expect(certifier.locator("#announcement form")).to_have_count(0)
    camera.shoot(certifier, "certifier-announced")

    public.goto(f"{site}/registry/")
    expect(public.locator("main")).to_contain_text("KR-SC-2026-0001")
    camera.shoot(public, "visitor-finds-the-certificate-after-the-announcement")

    # The officer reads the decision, downloads the letter and appeals.
    officer.goto(application_page)
    decision = officer.locator("#decision")
    expect(decision).to_contain_text(DECISION_REASONS[language])
    expect(decision).to_contain_text(REASON_OUTSIDE[language])
    expect(officer.locator("main a[href*='/certificates/KR-SC-']")).to_have_count(1)
    camera.shoot(officer, "officer-reads-the-decision")
    letter_address = officer.locator("#decision a", has_text=words.letter_link).get_attribute("href")
    letter = officer.context.request.get(f"{site}{letter_address}")
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    letter_file = camera.folder / f"decision-letter-{language}.pdf"
    letter_file.write_bytes(letter.body())
    text = " ".join(pdf_text(letter_file).split())
    for expected in (
        words.letter_title,
        "서초구" if language == "ko" else "Seocho-gu",
        OUTSIDE,
        words.letter_appeal_until,
    ):
        assert expected in text, f"the decision letter does not say {expected!r}"
    assert " ".join(REASON_OUTSIDE[language].split()) in text
    assert "KR-SC-" in text

    officer.click("#appeals a.button")
    officer.fill("textarea[name=reasons]", APPEAL_REASONS[language])
    evidence = camera.folder / "2025-open-data.pdf"
    evidence.write_bytes(PDF)
    officer.set_input_files("input[name=files]", str(evidence))
    camera.shoot(officer, "officer-appeals")
    submit(officer, "main form.stacked")
    expect(officer.locator(".messages")).to_contain_text(words.appeal_filed)
    expect(officer.locator("main .tag").first).to_have_text(words.appeal_filed_state)
    expect(officer.locator("main")).to_contain_text("2025-open-data.pdf")
    appeal_page = officer.url.split("#")[0]

    # The certifier who recorded the consensus may not handle it; certifier-3, who took no part, upholds it.
    certifier.goto(appeal_page)
    expect(certifier.locator("#handling [role=alert]")).to_contain_text(words.may_not_handle)
    expect(certifier.locator("form[action$='/take/']")).to_have_count(0)
    third = person_at_a_browser(chromium, site, "certifier-3", language, trouble)
    third.goto(appeal_page)
    expect(third.locator("#handling")).to_contain_text("certifier-3")
    submit(third, "form[action$='/take/']")
    third.check("input[name=outcome][value=upheld]")
    third.fill("textarea[name=resolution]", RESOLUTION[language])
    submit(third, "form[action*='/decide/']")
    expect(third.locator("main dl.facts")).to_contain_text(words.upheld)
    expect(third.locator("main dl.facts")).to_contain_text(RESOLUTION[language])
    camera.shoot(third, "third-certifier-upholds")

    officer.goto(application_page)
    expect(officer.locator("#appeals")).to_contain_text(words.upheld)
    expect(officer.locator("#appeals")).to_contain_text("certifier-3")
    camera.shoot(officer, "officer-reads-the-appeal-outcome")

    assert not trouble.problems, "the site answered with errors: " + "; ".join(trouble.problems)
