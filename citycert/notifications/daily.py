"""The notifications' daily job (the workers' schedule, `operations/schedule.py`): what time alone brings (a
certificate coming up to its expiry) is told, then the day's digests are sent."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.notifications.digest import send_digests
from citycert.notifications.models import Notification
from citycert.notifications.steps import Step, applicant
from citycert.notifications.telling import tell
from citycert.permissions import certifying_body, city_told_of

# As far ahead as "My work" lists an expiring certificate (citycert.inbox.EXPIRY_HORIZON_DAYS).
EXPIRY_NOTICE_DAYS = 90


def tell_expiring(today: date) -> int:
    """Each valid certificate that expires within EXPIRY_NOTICE_DAYS, told once to the applicant's officers and the
    certifying body; returns how many notifications were made."""
    soon = list(
        Certificate.objects.filter(
            status=CertificateStatus.VALID,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        ).select_related("application__city", "application__service", "city")
    )
    already = set(
        Notification.objects.filter(
            kind="certificate_expiring", object_id__in=[certificate.number for certificate in soon]
        ).values_list("object_id", flat=True)
    )
    made = 0
    for certificate in soon:
        if certificate.number in already:
            continue
        step = Step(
            "certificate_expiring",
            certificate,
            [*city_told_of(certificate.application), *certifying_body()],
            gettext_noop("Certificate %(number)s of %(city)s expires on %(expires)s."),
            {
                "number": certificate.number,
                "city": applicant(certificate.application),
                "expires": f"{certificate.expires_on:%Y-%m-%d}",
            },
            reverse("certificate", args=[certificate.number]),
            "certificate",
            certificate.number,
        )
        made += len(tell(step))
    return made


@task()
def daily_notifications() -> dict[str, int]:
    """Every day: expiring certificates told, then the digests sent."""
    told = tell_expiring(timezone.localdate())
    return {"expiring": told, "digests": send_digests()}
