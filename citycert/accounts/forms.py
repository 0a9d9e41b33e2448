"""The account pages' forms: a new API token, and changing one's password (Django's own form, with our labels,
its errors at its fields and the rules for a new password as plain text)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from citycert.accounts import tokens
from citycert.page_forms import FieldErrors, PageForm, set_choices, text_field


class TokenForm(PageForm):
    """A token's name, to know it by, and how long it lasts."""

    name = text_field(
        gettext_lazy("Name"), max_length=tokens.NAME_LENGTH, placeholder=gettext_lazy("e.g. monthly report script")
    )
    days = forms.TypedChoiceField(label=gettext_lazy("Expires after"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": tokens.DEFAULT_EXPIRY_DAYS})
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give the token a name.")
        set_choices(
            self.fields["days"],
            [(days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days}) for days in tokens.EXPIRY_DAYS],
        )
        choose = _("Choose how long the token lasts.")
        self.fields["days"].error_messages.update(required=choose, invalid_choice=choose)


class PasswordForm(FieldErrors, PasswordChangeForm):
    """Django's password change, labelled as the page says it; a password typed is never sent back in a page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
