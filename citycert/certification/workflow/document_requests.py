"""The panel asks the city for documents about an item; the city answers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.models import Application, DocumentRequest
from citycert.certification.workflow._shared import _item
from citycert.certification.workflow.refusals import Refused


def ask_city(application: Application, item_id: str, stage: str, question: str, actor: Actor) -> DocumentRequest:
    if not question.strip():
        raise Refused(_("Write what the city should send."))
    _item(application, item_id)
    with transaction.atomic():
        request = DocumentRequest.objects.create(
            application=application,
            item_id=item_id,
            stage=stage,
            question=question.strip(),
            asked_by=acting_user(actor),
        )
        record(
            actor,
            "request.asked",
            "application",
            application.pk,
            after={"item": item_id, "stage": stage, "question": request.question},
        )
    return request


def answer_request(request: DocumentRequest, answer: str, actor: Actor) -> DocumentRequest:
    if not answer.strip():
        raise Refused(_("Write an answer, or link the documents in it."))
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        before = {"answer": locked.answer}
        locked.answer, locked.answered_by, locked.answered_at = answer.strip(), acting_user(actor), timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        record(
            actor,
            "request.answered",
            "application",
            locked.application_id,
            before=before,
            after={"item": locked.item_id, "answer": locked.answer},
        )
    return locked
