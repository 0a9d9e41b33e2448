"""A certification round in the tests' stories: a BSI ISO 37106 round of 2026 with two applicants,
Seocho-gu and Hanam-si, reviewed by a panel of three assessors. The bundled schemes hold a decision until every
assessor has submitted every stage, and have it taken by a certifier who took no part in the review (four eyes):
`agree` and `decide` below walk those steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from citycert.accounts.models import Role
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, clean_response, create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.models import Application, Decision, Panel, Round
from citycert.certification.scheme import stage_ids
from citycert.cities.models import City
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from tests.people import People, person, ready_to_sit

SECOND_CERTIFIER = "certifier-2"

APPLYING_DAY = date(2026, 6, 15)
DECISION_DAY = date(2026, 9, 30)


def item_ids() -> list[str]:
    return [item.id for item in compile_framework(find_version("bsi-iso37106").framework).items]


def submitted_self_assessment(city: City, officer: User, levels: dict[str, str], default: str = "3") -> Assessment:
    """A self-assessment with every item answered (`default` unless `levels` says otherwise), submitted."""
    assessment = create_assessment(city, find_version("bsi-iso37106"), AssessmentKind.SELF_ASSESSMENT, 2026, officer)
    changes = {
        item: clean_response(assessment, item, ResponseInput(value=levels.get(item, default))) for item in item_ids()
    }
    save_responses(assessment, changes, officer)
    return transition(assessment, State.SUBMITTED, officer)


@dataclass
class RoundStory:
    people: People
    round: Round
    assessors: list[User]
    panel: Panel
    seocho: Application
    hanam: Application


def open_bsi_round(people: People) -> Round:
    return workflow.open_round(
        find_version("bsi-iso37106"),
        2026,
        name_ko="2026년 ISO 37106 인증",
        name_en="ISO 37106 certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        actor=people.certifier,
    )


def round_in_review(people: People) -> RoundStory:
    """Both cities applied and assigned to a panel of three; nobody has scored yet."""
    round_ = open_bsi_round(people)
    seocho_own = submitted_self_assessment(people.seocho, people.officer, {"BM.vision": "4"})
    hanam_own = submitted_self_assessment(people.hanam, people.other_officer, {})
    seocho = workflow.apply(round_, seocho_own, people.officer, APPLYING_DAY)
    hanam = workflow.apply(round_, hanam_own, people.other_officer, APPLYING_DAY)
    assessors = [people.assessor, person("assessor-2", Role.ASSESSOR), person("assessor-3", Role.ASSESSOR)]
    ready_to_sit(round_, assessors, people.certifier)
    panel = workflow.form_panel(round_, "패널 A", assessors, people.certifier, common=assessors[:1])
    seocho = workflow.assign(seocho, panel, people.certifier)
    hanam = workflow.assign(hanam, panel, people.certifier)
    return RoundStory(people, round_, assessors, panel, seocho, hanam)


def score_everything(story: RoundStory, application: Application, stage: str, levels: list[dict[str, str]]) -> None:
    """Each assessor scores every item (3 unless their dict says otherwise) and submits."""
    for assessor, own in zip(story.assessors, levels, strict=True):
        sheet = workflow.sheet_for(application, assessor, stage)
        workflow.save_scores(sheet, {item: (own.get(item, "3"), "") for item in item_ids()}, assessor)
        workflow.submit_sheet(sheet, assessor)


def second_certifier() -> User:
    """The certifier who decides what `certifier` reviewed: four eyes."""
    found = get_user_model().objects.filter(username=SECOND_CERTIFIER).first()
    return found if found is not None else person(SECOND_CERTIFIER, Role.CERTIFIER)


def review_in_full(application: Application, scores: Mapping[str, tuple[str, str]]) -> None:
    """Every member of the application's panel submits every review stage, giving the values of `scores`
    (the city's own answer for an item `scores` leaves out) for the items their sheet has no score for yet;
    sheets already submitted stay as they are."""
    assert application.panel is not None
    framework = application.round.framework_version.framework
    own = {response.item_id: response.value for response in application.frozen.responses.all() if response.value}
    values = {**own, **{item: value for item, (value, _note) in scores.items()}}
    for stage in stage_ids(framework):
        for member in application.panel.memberships.select_related("assessor").order_by("assessor__username"):
            sheet = workflow.sheet_for(application, member.assessor, stage)
            if sheet.submitted:
                continue
            scored = set(sheet.scores.values_list("item_id", flat=True))
            missing = {item: (value, "") for item, value in values.items() if item not in scored}
            workflow.save_scores(sheet, missing, member.assessor)
            workflow.submit_sheet(sheet, member.assessor)


def agree(application: Application, scores: Mapping[str, tuple[str, str]], certifier: User) -> int:
    """The panel reviews in full with these values, and `certifier` records them as the consensus."""
    review_in_full(application, scores)
    return workflow.record_consensus(application, scores, certifier)


def decide(
    application: Application, outcome: str, reasons: str, day: date = DECISION_DAY, against_engine_reason: str = ""
) -> Decision:
    """The second certifier, who took no part in the review, decides."""
    return workflow.decide(
        application, outcome, reasons, second_certifier(), day, against_engine_reason=against_engine_reason
    )


REVIEW_DAY = date(2026, 7, 31)  # the round's review date in `one_decided_one_waiting`, before the tests' today


def one_decided_one_waiting(people: People) -> RoundStory:
    """Hanam-si decided (certified); Seocho-gu's document review submitted by assessor-1 alone, with the round's
    review date past: the round as its progress page sees it half-way."""
    story = round_in_review(people)
    Round.objects.filter(pk=story.round.pk).update(review_on=REVIEW_DAY)
    agree(story.hanam, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.hanam, "certified", "all items at level 3 or more")
    first = story.assessors[0]
    sheet = workflow.sheet_for(story.seocho, first, "stage-1")
    workflow.save_scores(sheet, dict.fromkeys(item_ids(), ("3", "")), first)
    workflow.submit_sheet(sheet, first)
    return story
