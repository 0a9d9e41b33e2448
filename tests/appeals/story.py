"""Appeals in the tests' stories: the 2026 ISO 37106 round (tests/certification/story.py), every stage scored by
the panel, the consensus recorded by `certifier`, the decision taken by `certifier-2` (four eyes), and
`certifier-3`, who took no part, there to handle an appeal. ISO 37106 publishes each decision when it is taken,
so the city is told at once."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.models import Application, Decision
from citycert.certification.scheme import stages
from tests.certification.story import RoundStory, item_ids, round_in_review, score_everything
from tests.people import People, person


@dataclass
class Appealable:
    """Seocho-gu's application decided; Hanam-si's still in review."""

    round: RoundStory
    application: Application
    decision: Decision
    decider: User  # certifier-2
    handler: User  # certifier-3, who took no part


def decide(application: Application, outcome: str, reasons: str, who: User, day: date) -> Decision:
    """The workflow's decide(); where it asks a reason for deciding against the engine's outcome (the stage-gates
    work), the reasons serve."""
    extra = (
        {"against_engine_reason": reasons}
        if "against_engine_reason" in inspect.signature(workflow.decide).parameters
        else {}
    )
    return workflow.decide(application, outcome, reasons, who, day, **extra)


def seocho_decided(people: People, outcome: str, *, level: str = "3", day: date | None = None) -> Appealable:
    """Every assessor scored every stage at `level`, the consensus is `level` everywhere (3 meets the bar), and
    certifier-2 decided `outcome` on `day` (today unless said)."""
    story = round_in_review(people)
    framework = story.round.framework_version.framework
    for stage in stages(framework):
        score_everything(story, story.seocho, stage.id, [dict.fromkeys(item_ids(), level)] * len(story.assessors))
    workflow.record_consensus(story.seocho, dict.fromkeys(item_ids(), (level, "")), people.certifier)
    decider = person("certifier-2", Role.CERTIFIER)
    handler = person("certifier-3", Role.CERTIFIER)
    decision = decide(story.seocho, outcome, "심사 결과에 따른 결정", decider, day or timezone.localdate())
    decision.refresh_from_db()
    story.seocho.refresh_from_db()
    return Appealable(story, story.seocho, decision, decider, handler)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]
