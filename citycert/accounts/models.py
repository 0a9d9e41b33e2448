"""Who a person is in citycert: the certifying bodies and the memberships they hold (of a body or of a city; the
permission module reads nothing else), the role they were first given, and their API tokens."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from citycert.cities.models import City
from citycert.language import field_in_page_language


class Role(models.TextChoices):
    """What a person may do is decided by their role (see citycert.permissions)."""

    CITY_OFFICER = "city_officer", _("city officer")
    ASSESSOR = "assessor", _("assessor")
    CERTIFIER = "certifier", _("certifier")
    ADMINISTRATOR = "administrator", _("administrator")


class Profile(models.Model):
    """The role a person's account was made with, and for a city officer the cities: what the account was first
    given (by an invitation, `createadmin`, the demo). What a person may see and do is read from their memberships,
    never from here (see citycert.permissions)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    cities = models.ManyToManyField(City, blank=True, related_name="officers", verbose_name=_("cities"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CertifyingBody(models.Model):
    """An organisation that runs certification: its rounds, panels, assessors' work and certificates are its own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("certifying body")
        verbose_name_plural = _("certifying bodies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")


class MembershipKind(models.TextChoices):
    """What a membership makes a person: of a city (officer, advisor) or of a certifying body (the rest)."""

    OFFICER = "officer", pgettext_lazy("membership", "officer of a city")
    ADVISOR = "advisor", pgettext_lazy("membership", "advisor to a city")
    ASSESSOR = "assessor", pgettext_lazy("membership", "assessor for a body")
    CERTIFIER = "certifier", pgettext_lazy("membership", "certifier of a body")
    ADMINISTRATOR = "administrator", pgettext_lazy("membership", "administrator of a body")


# The kinds held in a city; every other kind is held in a certifying body.
CITY_KINDS = ("officer", "advisor")


class Membership(models.Model):
    """One thing a person is, from when to when, and who granted it why: made by `accounts/memberships.py:
    grant_membership`, ended (never deleted) by `end_membership`. A person may hold several at once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MembershipKind.choices)
    body = models.ForeignKey(
        CertifyingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("certifying body"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("city")
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships_granted",
        verbose_name=_("granted by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships_ended",
        verbose_name=_("ended by"),
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["person_id", "kind", "pk"]
        constraints = [
            # A city's kinds name a city and no body; a body's kinds a body and no city.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=CITY_KINDS, city__isnull=False, body__isnull=True)
                    | (~models.Q(kind__in=CITY_KINDS) & models.Q(city__isnull=True, body__isnull=False))
                ),
                name="membership_of_a_city_or_of_a_body",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "city"],
                condition=models.Q(ended_at__isnull=True, city__isnull=False),
                name="one_open_city_membership_of_a_kind",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "body"],
                condition=models.Q(ended_at__isnull=True, body__isnull=False),
                name="one_open_body_membership_of_a_kind",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_at"], name="membership_person_open")]

    def __str__(self) -> str:
        return f"{self.person} {self.kind} {self.city or self.body}"


class TokenState(models.TextChoices):
    """Whether a personal API token still lets its owner in."""

    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class ApiToken(models.Model):
    """A person's secret for the REST API. Only its SHA-256 is kept: the secret is shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    # The public start of the secret: shown in lists so the owner can tell tokens apart, and used to find the row.
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state_on(self, now: datetime) -> TokenState:
        """Revoked wins over expired: a token revoked before its end stays revoked in the list."""
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if self.expires_at <= now:
            return TokenState.EXPIRED
        return TokenState.ACTIVE


class LoginFailure(models.Model):
    """One failed login, kept for the throttle's window: too many for a username from one address lock that pair."""

    username = models.CharField(_("username"), max_length=150)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        # The second index serves the clean-up that every failed login runs (failures older than the window).
        indexes = [models.Index(fields=["username", "address", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class InvitationState(models.TextChoices):
    """Where an invitation to citycert stands; only a pending one's link makes an account."""

    PENDING = "pending", pgettext_lazy("invitation", "pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "revoked")
    EXPIRED = "expired", pgettext_lazy("invitation", "expired")


class InvitationLanguage(models.TextChoices):
    """The language the invitation email and its page speak: the invited person's, chosen by whoever invites."""

    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")


class Invitation(models.Model):
    """A person asked by email to join citycert with a role (and, for a city officer, cities). Its link sets their
    password and makes their account; only the SHA-256 of the link's secret is kept (see accounts/invitations.py)."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    cities = models.ManyToManyField(City, blank=True, related_name="invitations", verbose_name=_("cities"))
    # The certifying body whose membership the account is given (for every role but a city officer's).
    body = models.ForeignKey(
        CertifyingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("certifying body"),
    )
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=InvitationLanguage.choices, default="ko"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email", "state"])]
        # One pending invitation per address, even when two people invite it at the same moment.
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=models.Q(state="pending"), name="one_pending_invitation_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.get_state_display()})"

    def state_on(self, now: datetime) -> InvitationState:
        """A pending invitation past its expiry reads as expired, before anyone has opened its link."""
        if self.state == InvitationState.PENDING and self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState(self.state)
