"""Seocho-gu's application to the 2026 national smart-city certification (kr-smartcity: 53 items, among them six
yes/no items), in review by a panel of assessor-1 and assessor-2. The city answered every item and linked a
ordinance PDF and a web page as evidence for D2.I1.1 (smart city ordinance) before applying."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.auth.models import User

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.evidence import add_evidence
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.models import Application
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from citycert.scoring.model import Item, compile_framework
from tests.people import PDF, People, person, ready_to_sit

ORDINANCE = "서초구 스마트도시 조성 및 운영 조례"
ORDINANCE_PAGE = "https://www.law.go.kr/자치법규/서초구스마트도시조례"


@dataclass
class NationalReview:
    application: Application
    assessors: list[User]


def national_items() -> list[Item]:
    return compile_framework(find_version("kr-smartcity").framework).items


def national_application_in_review(people: People) -> NationalReview:
    version = find_version("kr-smartcity")
    own = create_assessment(people.seocho, version, AssessmentKind.CERTIFICATION, 2026, people.officer)
    answers = illustrative_answers(version.framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=1)
    save_responses(own, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, people.officer)
    add_evidence(own, title=ORDINANCE, item_ids=["D2.I1.1"], actor=people.officer, file_name="조례.pdf", data=PDF)
    add_evidence(
        own, title="조례 원문 (국가법령정보센터)", item_ids=["D2.I1.1"], actor=people.officer, url=ORDINANCE_PAGE
    )
    transition(own, State.SUBMITTED, people.officer)
    round_ = workflow.open_round(
        version,
        2026,
        name_ko="2026년 스마트도시 인증",
        name_en="Smart city certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        actor=people.certifier,
    )
    application = workflow.apply(round_, own, people.officer, date(2026, 6, 15))
    assessors = [people.assessor, person("assessor-2", Role.ASSESSOR)]
    ready_to_sit(round_, assessors, people.certifier)
    panel = workflow.form_panel(round_, "패널 A", assessors, people.certifier)
    return NationalReview(workflow.assign(application, panel, people.certifier), assessors)


def city_values(application: Application) -> dict[str, str]:
    """The city's own answers, as stored: a good score for every item."""
    return {response.item_id: response.value for response in application.frozen.responses.all()}


class _Fields(HTMLParser):
    """The values a browser would send from a piece of a page: text inputs, the checked radio, the chosen option."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {key: value or "" for key, value in attrs}
        name = given.get("name", "")
        if tag == "input" and name and given.get("type") not in ("hidden", "submit"):
            kind = given.get("type", "text")
            self.kinds[name] = kind
            if kind == "radio":
                if "checked" in given:
                    self.values[name] = given.get("value", "")
                else:
                    self.values.setdefault(name, "")
            else:
                self.values[name] = given.get("value", "")
        elif tag == "select":
            self._select = name
            self.kinds[name] = "select"
            self.values[name] = ""
        elif tag == "option" and self._select and "selected" in given:
            self.values[self._select] = given.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def fields_in(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """(name → value, name → kind of control) of the form fields in `html`."""
    parser = _Fields()
    parser.feed(html)
    return parser.values, parser.kinds


def row_of(html: str, item: str, prefix: str = "row") -> str:
    """The table row of one item on the review sheet (or, with prefix "consensus", the consensus form)."""
    return html.split(f'<tr id="{prefix}-{item}"')[1].split("</tr>")[0]
