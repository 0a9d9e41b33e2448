"""Alerts to a city and to the certifying body: a projected score below the certificate's bar, a value that
worsened by more than a set share from a year before, data gone overdue. Each condition is raised once
(a unique row says it was), shown in the pages in the reader's language and sent by email in every language the site speaks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_noop
from django_tasks import task

from citycert.certification.models import Certificate
from citycert.cities.models import City
from citycert.indicators.importing.committing import Drop, commit, drops_in_run
from citycert.indicators.importing.planning import Plan
from citycert.indicators.models import Alert, ImportRun, Projection, period_text
from citycert.indicators.projection import expiring_evidence, next_review, project_cities
from citycert.operations.jobs import run_now
from citycert.operations.mail import in_every_language, queue_email, subject_in_every_language
from citycert.permissions import User, recipients


class Candidate(NamedTuple):
    """An alert that a condition calls for; raised unless the same condition was raised before."""

    kind: str
    audience: str
    city: City
    condition: str  # what makes two alerts the same one
    wording: str  # the catalogue's sentence, marked with gettext_noop
    values: dict[str, str]


def message(wording: str, **values: str) -> tuple[str, dict[str, str]]:
    """An alert's message: the catalogue's sentence (marked with gettext_noop) and what it fills in; each reader,
    and each email, reads it in their language (Alert.message)."""
    return wording, values


def raise_new(candidates: Iterable[Candidate]) -> list[Alert]:
    """The candidates not raised before, stored and their emails queued with them; the unique row is what makes
    'once' hold, also when two imports raise the same condition at the same moment."""
    raised = []
    for candidate in candidates:
        city, to_city = candidate.city, candidate.audience == Alert.Audience.CITY
        to = recipients(city, officers=to_city, body=not to_city)
        try:
            with transaction.atomic():
                alert = Alert(
                    kind=candidate.kind,
                    audience=candidate.audience,
                    city=city,
                    condition=candidate.condition[:200],
                    wording=candidate.wording,
                    values=candidate.values,
                    emailed_to=", ".join(to),
                )
                with translation.override("ko"):
                    alert.message_ko = alert.message
                with translation.override("en"):
                    alert.message_en = alert.message
                alert.save()
                if to:
                    context = {"alert": alert}
                    queue_email(
                        subject_in_every_language("indicators/email/alert_subject.txt", context),
                        in_every_language("indicators/email/alert.txt", context) + "\n",
                        to,
                    )
        except IntegrityError:
            continue
        raised.append(alert)
    return raised


def projection_alerts(projections: Iterable[Projection]) -> Iterator[Candidate]:
    """Below the bar (to the city and the certifying body), and last year's values missing (to the city)."""
    for projection in projections:
        certificate = projection.certificate
        city = certificate.city
        if not projection.passes:
            total = f"{projection.total.normalize():f}"
            bar = "-" if projection.bar is None else f"{projection.bar.normalize():f}"
            wording, values = message(
                gettext_noop(
                    "%(city)s: the next review's score projected from the latest indicators, %(total)s, is below "
                    "the bar of certificate %(number)s (%(bar)s)."
                ),
                total=total,
                number=certificate.number,
                bar=bar,
            )
            for audience in Alert.Audience.values:
                yield Candidate(
                    Alert.Kind.BELOW_BAR, audience, city, f"below_bar:{certificate.number}", wording, values
                )
        for item_id in projection.overdue:
            wording, values = message(
                gettext_noop("%(city)s: last year's value of %(item)s has not been entered."), item=item_id
            )
            condition = f"overdue:{certificate.number}:{item_id}:{projection.computed_at.year - 1}"
            yield Candidate(Alert.Kind.OVERDUE, Alert.Audience.CITY, city, condition, wording, values)


def drop_alerts(drops: list[Drop]) -> Iterator[Candidate]:
    """To the city, each value that worsened by more than INDICATOR_DROP_SHARE from a year before."""
    cities = City.objects.in_bulk({drop.row.city_id for drop in drops})
    for drop in drops:
        row, before, city = drop.row, drop.before, cities[drop.row.city_id]
        share = f"{abs(row.value / before - 1) * 100:.0f}"
        period = period_text(row.year, row.month)
        change = f"{before.normalize():f} → {row.value.normalize():f}"
        wording = (
            gettext_noop("%(city)s: %(item)s rose by %(share)s%% in %(period)s, where lower is better (%(change)s).")
            if drop.lower_is_better
            else gettext_noop("%(city)s: %(item)s fell by %(share)s%% in %(period)s (%(change)s).")
        )
        wording, values = message(wording, item=row.item_id, share=share, period=period, change=change)
        condition = f"drop:{row.framework_id}:{row.item_id}:{period}"
        yield Candidate(Alert.Kind.DROP, Alert.Audience.CITY, city, condition, wording, values)


def evidence_alerts(certificates: Iterable[Certificate], today: date) -> Iterator[Candidate]:
    """To the city, each piece of its application's evidence that expires before the next review."""
    for certificate in certificates:
        city, review = certificate.city, next_review(certificate, today)
        for evidence in expiring_evidence(certificate, review):
            expires = f"{evidence.expires_on:%Y-%m-%d}"
            wording, values = message(
                gettext_noop(
                    "%(city)s: the evidence “%(title)s” expires on %(day)s, before the next review (%(review)s)."
                ),
                title=evidence.title,
                day=expires,
                review=f"{review:%Y-%m-%d}",
            )
            condition = f"evidence:{certificate.number}:{evidence.pk}:{expires}"
            yield Candidate(Alert.Kind.EVIDENCE, Alert.Audience.CITY, city, condition, wording, values)


def watch(today: date) -> tuple[list[Projection], list[Alert]]:
    """Project every certified city again and raise what that shows, evidence expiring included: what a
    daily run of `citycert indicators project` does, since time alone makes data overdue and evidence expire."""
    projections = project_cities(None, today)
    certificates = [projection.certificate for projection in projections]
    return projections, raise_new(chain(projection_alerts(projections), evidence_alerts(certificates, today)))


def commit_and_alert(plan: Plan, user: User, *, keep_good_rows: bool, today: date) -> tuple[ImportRun, list[Alert]]:
    """Commit an import plan and, in the same transaction, queue its follow-up (project the cities it touched and
    raise what that shows); then run that follow-up here at once. A process killed between the two leaves the
    follow-up queued, and a worker runs it. A plan that changes nothing (the same file again) raises nothing."""
    with transaction.atomic():
        run = commit(plan, user, keep_good_rows=keep_good_rows)
        job = follow_up_import.enqueue(run.pk, today.isoformat()) if plan.changes_anything else None
    if job is None:
        return run, []
    done = run_now(job)
    return run, list(Alert.objects.filter(pk__in=done["alerts"]).order_by("pk")) if done else []


@task()
def follow_up_import(run_id: int, today: str) -> dict[str, object]:
    """After an import: project the cities whose values it stored, and raise the alerts of those projections and
    of the values that worsened. Run again (by a worker, after a crash), it raises only what is still new."""
    run = ImportRun.objects.get(pk=run_id)
    touched = set(run.values.values_list("city_id", flat=True).distinct())
    projections = project_cities(touched, date.fromisoformat(today))
    alerts = raise_new(chain(projection_alerts(projections), drop_alerts(drops_in_run(run))))
    return {"projections": len(projections), "alerts": [alert.pk for alert in alerts]}
