"""The decision letter (결과 통보서) a city receives for its application, as a PDF in Korean or English.

It says what was decided and why, as the decision stored it: the outcome and reasons, the score and grade or
level of the panel's consensus, each item's agreed value and points beside the assessors' scores and comments at
the deciding stage, the findings, the improvement plan of the decided result, the certificate where one was
issued, and the last day to appeal. Everything comes from what the decision froze, so a letter made today
reads as one made on the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from citycert.assessments.presenter import gap_row, text
from citycert.certification.choices import Outcome, WaiverState
from citycert.certification.models import Application, Decision
from citycert.certification.scheme import appeal_deadline, classification_name, deciding_stage, stages
from citycert.frameworks.schema import Framework
from citycert.language import in_page_language, readable
from citycert.scoring.model import compile_framework

# An appeal may be lodged within this time of the decision unless the framework sets its own window.


@dataclass(frozen=True)
class LetterRow:
    """One item of the letter: the agreed value and points, and what each assessor gave and said."""

    item: str
    name: str
    agreed: str
    unit: str
    points: str
    rationale: str
    assessors: list[tuple[str, str, str]]  # (assessor's label, score, comment)


# A run of text holding a Hangul syllable, between spaces and tags; and the parts of the letter's HTML that are tags,
# or text no reader sees (the style sheet, the title).
KOREAN_WORD = re.compile(r"[^\s<>]*[\uac00-\ud7a3][^\s<>]*")
TAGS_AND_HIDDEN = re.compile(r"(<style.*?</style>|<title>.*?</title>|<[^>]*>)", re.DOTALL)
LONGEST_KEPT_WORD = 10


def keep_korean_words(html: str) -> str:
    """Each Korean word of the letter in a span that does not break (WeasyPrint knows no `word-break: keep-all`, and
    breaks Korean between any two syllables: 성숙|도). A word longer than LONGEST_KEPT_WORD characters is left to
    wrap anywhere, so that it still keeps to its column."""

    def kept(word: re.Match[str]) -> str:
        text = word.group(0)
        return text if len(text) > LONGEST_KEPT_WORD else f'<span class="w">{text}</span>'

    parts = TAGS_AND_HIDDEN.split(html)
    return "".join(part if index % 2 else KOREAN_WORD.sub(kept, part) for index, part in enumerate(parts))


def letter_rows(application: Application, framework: Framework, decision: Decision) -> list[LetterRow]:
    """Every item in framework order; assessors are named by letter (A, B, …), as a city is told their scores
    but not who gave them."""
    stage = deciding_stage(framework).id
    sheets = list(
        application.sheets.filter(stage=stage, submitted_at__isnull=False).order_by("pk").prefetch_related("scores")
    )
    by_sheet = [{score.item_id: score for score in sheet.scores.all()} for sheet in sheets]
    agreed = {score.item_id: score for score in application.consensus.all()}
    points = {node["id"]: node["points"] for node in decision.result.get("nodes") or []}
    published = {row.item_id: row.points for row in application.published_items.all()}
    rows = []
    for item in compile_framework(framework).items:
        consensus = agreed.get(item.id)
        scored = published.get(item.id, points.get(item.id))
        assessors = []
        for index, scores in enumerate(by_sheet):
            own = scores.get(item.id)
            score = readable(own.value) if own else "-"
            assessors.append((chr(ord("A") + index), score, own.comment if own else ""))
        rows.append(
            LetterRow(
                item=item.id,
                name=text(item.node.name),
                agreed=readable(consensus.value) if consensus else "-",
                unit=text(item.node.unit) if item.node.unit is not None else "",
                points=f"{float(scored):g}" if scored is not None else "-",
                rationale=consensus.rationale if consensus else "",
                assessors=assessors,
            )
        )
    return rows


def decision_letter_pdf(decision: Decision, language: str) -> bytes:
    """The letter in `language` (one of settings.LANGUAGES)."""
    application = decision.application
    framework = application.round.framework_version.framework
    with override(language):
        context = _context(application, framework, decision, language)
        html = keep_korean_words(render_to_string("reports/decision_letter.html", context))
    # Imported here: WeasyPrint takes a second to load, which every command and worker start would pay.
    from weasyprint import HTML

    document = HTML(string=html).write_pdf()
    assert document is not None
    return bytes(document)


def _side(stored: dict[str, str]) -> str:
    """The language's side of a bilingual text as the decision stored it ({"ko": …, "en": …})."""
    return in_page_language(stored)


def _context(application: Application, framework: Framework, decision: Decision, language: str) -> dict[str, Any]:
    result = decision.result
    kind = framework.rules.classification.kind if framework.rules.classification else None
    grade = classification_name(framework, result.get(kind)) if kind else None
    certificate = application.certificate
    sheets = application.sheets.filter(stage=deciding_stage(framework).id, submitted_at__isnull=False).count()
    stage_names = {stage.id: stage.name for stage in stages(framework)}
    return {
        "language": language,
        "application": application,
        "city": application.city.full_name,
        "round": application.round,
        "framework": framework,
        "framework_name": text(framework.name),
        "decision": decision,
        "decided_on": timezone.localtime(decision.decided_at).date(),
        "result": result,
        "grade": text(grade) if grade else "",
        "failed": [
            f"{_side(failed['name'])}: {_side(failed['message'])}" for failed in result.get("failed_conditions") or []
        ],
        "gaps": [
            gap_row(gap["item"], _side(gap["name"]), gap["from"], gap["to"], gap["action"], gap.get("points"))
            for gap in result.get("gaps") or []
        ],
        "rows": letter_rows(application, framework, decision),
        "assessor_labels": [chr(ord("A") + index) for index in range(sheets)],
        "findings": list(application.findings.all()),
        # What the certifying body decided besides the engine: stages waived (each approved by a second certifier),
        # values outside the panel's range with their reasons, and why it went against the engine's outcome.
        "waived": [
            (text(stage_names[waiver.stage]) if waiver.stage in stage_names else waiver.stage, waiver.reason)
            for waiver in application.waivers.filter(state=WaiverState.APPROVED)
        ],
        "engine_outcome": Outcome(decision.engine_outcome).label if decision.engine_outcome else "",
        "certificate": certificate,
        "appeal_deadline": appeal_deadline(framework, decision.decided_at),
        "made_at": timezone.localtime(),
    }
