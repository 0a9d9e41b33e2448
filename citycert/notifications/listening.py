"""Every step writes an audit event (and an indicator alert or a reminder its row) in the transaction that takes it;
once that transaction commits, the step is told (`steps.py`, `telling.py`). Told after the commit, so a step
refused or rolled back tells nobody, and the person who took it waits for no email."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

log = logging.getLogger(__name__)


# `raw` is a row loaded as it is (a backup restored, a fixture): what it records was told when it happened.
def connect() -> None:
    from citycert.audit.models import AuditEvent
    from citycert.certification.models import Reminder
    from citycert.indicators.models import Alert

    post_save.connect(_after_event, sender=AuditEvent, dispatch_uid="notifications-audit-event")
    post_save.connect(_after_alert, sender=Alert, dispatch_uid="notifications-alert")
    post_save.connect(_after_reminder, sender=Reminder, dispatch_uid="notifications-reminder")


def _after_event(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        transaction.on_commit(partial(_safely, "tell_event", instance.pk))


def _after_alert(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        transaction.on_commit(partial(_safely, "tell_alert", instance.pk))


def _after_reminder(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        transaction.on_commit(partial(_safely, "tell_reminder", instance.pk))


def _safely(name: str, pk: int) -> None:
    """The step stands whatever happens here: a failure to tell is logged, never shown to whoever took the step."""
    from citycert.notifications import told_after_commit

    try:
        getattr(told_after_commit, name)(pk)
    except Exception:
        log.exception("notifications: %s %s could not be told", name, pk)
