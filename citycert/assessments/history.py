"""An assessment's history, read from the audit log: every change of its answers (item, field, before, after,
who, when, through which channel) and of its state, newest first, a page of events at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from citycert.assessments.choices import DataQuality, State
from citycert.assessments.models import Assessment, Response
from citycert.assessments.presenter import text
from citycert.assessments.workflow import ANSWERS_CHANGED
from citycert.audit.models import AuditEvent
from citycert.language import readable

EVENTS_PER_PAGE = 20
# The changes shown under one event; a spreadsheet of a thousand answers is one event, and the log keeps them all.
CHANGES_SHOWN = 100

CHANNELS = {
    "page": gettext_lazy("on the assessment page"),
    "api": gettext_lazy("through the API"),
    "spreadsheet": gettext_lazy("from an uploaded spreadsheet"),
    "crosswalk": gettext_lazy("pre-filled through a crosswalk"),
    "series": gettext_lazy("taken from the indicator series"),
    "demo": gettext_lazy("by the demo data"),
    "direct": gettext_lazy("directly on the server"),
}


@dataclass(frozen=True)
class Change:
    """One field of one answer: before and after, as a person reads them."""

    item: str
    name: str
    field: str
    before: str
    after: str


@dataclass
class Entry:
    """One event of the assessment's history."""

    event: AuditEvent
    what: str
    channel: str = ""
    origin: str = ""
    changes: list[Change] = field(default_factory=list)
    more: int = 0

    @property
    def who(self) -> str:
        return self.event.actor_name if self.event.actor_id is not None else _("the system")


@dataclass(frozen=True)
class History:
    """One page of an assessment's history: its entries, and the page of events they come from (for paging)."""

    entries: list[Entry]
    page: Page[AuditEvent]


def history(assessment: Assessment, page_number: Any) -> History:
    """A page of the assessment's history, newest first."""
    events = AuditEvent.objects.filter(object_type="assessment", object_id=str(assessment.pk)).order_by("-id")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(page_number)
    names = {node.id: text(node.name) for node in assessment.framework_version.framework.nodes}
    return History([_entry(event, names) for event in page.object_list], page)


def _entry(event: AuditEvent, names: dict[str, str]) -> Entry:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if event.action == ANSWERS_CHANGED:
        rows = [row for row in after.get("changes", []) if isinstance(row, list) and len(row) == 4]
        items = len({row[0] for row in rows})
        return Entry(
            event,
            ngettext("%(count)d answer changed", "%(count)d answers changed", items) % {"count": items},
            channel=str(CHANNELS.get(after.get("channel", ""), after.get("channel", ""))),
            origin=str(after.get("from", "")),
            changes=[
                Change(item, names.get(item, ""), _field_label(name), _shown(name, old), _shown(name, new))
                for item, name, old, new in rows[:CHANGES_SHOWN]
            ],
            more=max(0, len(rows) - CHANGES_SHOWN),
        )
    if event.action == "assessment.created":
        return Entry(event, _("Started as a draft"))
    if event.action.removeprefix("assessment.") in State.values and "state" in after:
        return Entry(
            event,
            _("State changed: %(before)s → %(after)s")
            % {"before": _state(before.get("state")), "after": _state(after.get("state"))},
        )
    if event.action == "assessment.started_from":
        return Entry(
            event,
            _("Started from assessment #%(number)s; its answers stay marked until confirmed")
            % {"number": after.get("from", "?")},
        )
    if event.action == "evidence.added":
        return Entry(event, _("Evidence added: %(title)s") % {"title": after.get("title", "")})
    if event.action == "assessment.prefill_confirmed":
        return Entry(event, _("%(count)d pre-filled answers confirmed.") % {"count": after.get("items", 0)})
    return Entry(event, _("Recorded: %(action)s") % {"action": event.action})


def _state(value: Any) -> str:
    return str(State(value).label) if value in State.values else str(value or "—")


def _field_label(name: str) -> str:
    try:
        return str(getattr(Response._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "data_quality" and value in DataQuality.values:
        return str(DataQuality(value).label)
    return readable(str(value))  # a yes-or-no answer is stored as "true" or "false"
