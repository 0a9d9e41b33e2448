"""Choices of appeals and complaints."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealState(models.TextChoices):
    """Where an appeal against a decision is: filed, taken by a handler, then decided one of three ways."""

    FILED = "filed", _("filed")
    IN_HANDLING = "in_handling", _("being handled")
    UPHELD = "upheld", _("decision upheld")
    OVERTURNED = "overturned", _("decision overturned")
    SENT_BACK = "sent_back", _("sent back for re-review")


OPEN_APPEAL_STATES = (AppealState.FILED, AppealState.IN_HANDLING)
APPEAL_OUTCOMES = (AppealState.UPHELD, AppealState.OVERTURNED, AppealState.SENT_BACK)


class ComplaintAbout(models.TextChoices):
    CITY = "city", _("a certified city")
    BODY = "body", _("the certifying body's conduct")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("received")
    TRIAGED = "triaged", _("triaged")
    CLOSED = "closed", _("closed")
