"""Password reset by email: Django's views and signed one-time links, with the email queued for the worker.

The message is worded in the language of the page the person asked from (they are its only reader), and it
leaves through the queue like every citycert email, after the request, never slowing it. Django's form already
sends nothing for an unknown address or an inactive account, and the page says the same either way, so nobody
learns from it who has an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from citycert.operations.mail import queue_email
from citycert.page_forms import FieldErrors


class QueuedPasswordResetForm(FieldErrors, PasswordResetForm):
    """Asks for the account's email address; the link goes out through the queue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Your account's email address")

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(subject, render_to_string(email_template_name, context), [to_email])


class NewPasswordForm(FieldErrors, SetPasswordForm):  # type: ignore[type-arg]
    """The new password, twice, with the rules it must meet shown beside it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
