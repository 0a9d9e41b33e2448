"""Who sits on a panel without a qualification for the round's scheme or an impartiality declaration, and the
certifier's reason for it, read back from the audit events that seated them (forming the panel, adding a member,
giving the panel an application): the reason is kept there and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from citycert.audit.models import AuditEvent
from citycert.competence.workflow import said_missing

SEATING = ("panel.formed", "panel.member_added")
ASSIGNING = "application.assigned"


@dataclass(frozen=True)
class SeatedAnyway:
    """One step that seated assessors lacking something, with the certifier's reason: who lacked what (said in the
    page's language), the reason, who gave it and when; `application` is the application's id when the step gave
    the panel an application."""

    people: list[tuple[str, list[str]]]
    reason: str
    by: str
    at: datetime
    application: int | None


def seated_anyway(panel_ids: Iterable[int], application_ids: Iterable[int]) -> dict[int, list[SeatedAnyway]]:
    """For each of these panels (and the applications given to them), the steps that seated somebody without a
    qualification or a declaration, the first first. One query."""
    panels = [str(pk) for pk in panel_ids]
    applications = [str(pk) for pk in application_ids]
    events = AuditEvent.objects.filter(
        Q(object_type="panel", object_id__in=panels, action__in=SEATING)
        | Q(object_type="application", object_id__in=applications, action=ASSIGNING),
        after__has_key="seated_without",
    ).order_by("id")
    found: dict[int, list[SeatedAnyway]] = {}
    for event in events:
        after = event.after or {}
        assigning = event.action == ASSIGNING
        panel: Any = after.get("panel") if assigning else event.object_id
        try:
            panel_id = int(panel)
        except (TypeError, ValueError):
            continue
        people = [
            (str(one.get("assessor", "")), [said_missing(str(code)) for code in one.get("missing", [])])
            for one in after.get("seated_without", [])
            if isinstance(one, dict)
        ]
        found.setdefault(panel_id, []).append(
            SeatedAnyway(
                people=people,
                reason=str(after.get("reason", "")),
                by=event.actor_name,
                at=event.at,
                application=int(event.object_id) if assigning else None,
            )
        )
    return found
