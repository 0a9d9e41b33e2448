"""What a person has been told, and how they want to be told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailChoice(models.TextChoices):
    """When a person's notifications are emailed."""

    IMMEDIATE = "immediate", _("each one at once")
    DAILY = "daily", _("a daily digest")


def languages() -> list[tuple[str, str]]:
    """The languages a person may read their emails in: those the site speaks (settings.LANGUAGES), so that a third
    language is a catalogue and a setting, not a change here; named in the language of the page that offers them."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class Preference(models.Model):
    """How a person is told: the language of their emails, and whether each comes at once or in a daily digest.
    A person without a row reads Korean, each email at once (`preference_of`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # No choices here: they are settings.LANGUAGES (the form offers `languages()`), and a migration must not change
    # when a language is added.
    language = models.CharField(_("language of emails"), max_length=10, default="ko")
    email = models.CharField(_("emails"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} ({self.language}, {self.email})"


class Notification(models.Model):
    """One step of the process told to one person: what happened, in each of the site's languages as it was said then,
    where to see it, and when it was read and emailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The message in each language the site spoke when it was told ({"ko": …, "en": …}).
    messages = models.JSONField(default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What it is about, as the audit log names it ("application", 12), and the event it came from, if any.
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    event_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Emailed at once or in the day's digest; stays empty for a notification whose step has its own email (an
    # indicator alert, a reminder) and so is marked as needing none.
    emailed_at = models.DateTimeField(null=True, blank=True)
    needs_email = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The navigation's unread count, on every page: one indexed count.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The daily digest: what is still to email.
            models.Index(fields=["needs_email", "emailed_at"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.kind} {self.object_type} {self.object_id}"

    def message_in(self, language: str) -> str:
        """The message in a language, or in the site's default language when it was not said in that one (a language
        added after it was told)."""
        said = self.messages.get(language) or self.messages.get(settings.LANGUAGE_CODE)
        return str(said) if said else next(iter(self.messages.values()), "")
