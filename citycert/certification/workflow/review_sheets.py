"""Each assessor scores each stage alone, on their own review sheet, and submits it once."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor
from citycert.audit.log import record
from citycert.certification.models import Application, ReviewScore, ReviewSheet
from citycert.certification.scheme import stage_ids
from citycert.certification.workflow._shared import _canonical, _items
from citycert.certification.workflow.refusals import Refused
from citycert.permissions import reviews


def sheet_for(application: Application, assessor: User, stage: str) -> ReviewSheet:
    """The assessor's own sheet for a stage, made on first use."""
    if stage not in stage_ids(application.round.framework_version.framework):
        raise Refused(_("%(stage)s is not a review stage of this scheme.") % {"stage": stage})
    if not reviews(assessor, application):
        raise Refused(_("You are not on the panel reviewing this application."))
    sheet, _created = ReviewSheet.objects.get_or_create(application=application, assessor=assessor, stage=stage)
    return sheet


def save_scores(sheet: ReviewSheet, scores: Mapping[str, tuple[str, str]], actor: Actor) -> int:
    """Store an assessor's scores (item → (value, comment)) on their unsubmitted sheet; all or nothing."""
    cleaned = {
        item_id: (_canonical(sheet.application.frozen, item_id, value), comment.strip())
        for item_id, (value, comment) in scores.items()
        if value.strip()
    }
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted:
            raise Refused(_("These scores were submitted and can no longer be changed."))
        existing = {score.item_id: score for score in locked.scores.filter(item_id__in=list(cleaned))}
        now = timezone.now()
        created: list[ReviewScore] = []
        updated: list[ReviewScore] = []
        for item_id, (value, comment) in cleaned.items():
            score = existing.get(item_id) or ReviewScore(sheet=locked, item_id=item_id)
            score.value, score.comment, score.updated_at = value, comment, now
            (updated if score.pk else created).append(score)
        ReviewScore.objects.bulk_create(created)
        ReviewScore.objects.bulk_update(updated, ["value", "comment", "updated_at"])
        record(
            actor,
            "review.scored",
            "review_sheet",
            locked.pk,
            after={"stage": locked.stage, "scores": {k: v[0] for k, v in cleaned.items()}},
        )
    return len(cleaned)


def submit_sheet(sheet: ReviewSheet, actor: Actor) -> ReviewSheet:
    """Submit a sheet once every item has a score; then the assessor may see the others' submitted sheets."""
    framework = sheet.application.round.framework_version.framework
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted:
            raise Refused(_("These scores were already submitted."))
        scored = set(locked.scores.values_list("item_id", flat=True))
        missing = [item.id for item in _items(framework) if item.id not in scored]
        if missing:
            raise Refused(
                _("Score every item before submitting; %(count)s without a score: %(items)s")
                % {"count": len(missing), "items": ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")}
            )
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
        record(
            actor,
            "review.submitted",
            "review_sheet",
            locked.pk,
            after={
                "application": locked.application_id,
                "stage": locked.stage,
                "assessor": locked.assessor.get_username(),
            },
        )
    return locked


def submit_scores(sheet: ReviewSheet, scores: Mapping[str, tuple[str, str]], actor: Actor) -> ReviewSheet:
    """Store the sheet's last scores and submit it as one step: when the submission is refused, none of the
    scores sent with it is kept either."""
    with transaction.atomic():
        save_scores(sheet, scores, actor)
        return submit_sheet(sheet, actor)
