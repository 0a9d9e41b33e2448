"""The people pages' forms: inviting a person, accepting an invitation (choosing a password), and the reason for
deactivating or reactivating an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from citycert.accounts.invitations import email_in_use, normal_email
from citycert.accounts.models import CertifyingBody, Invitation, InvitationLanguage, MembershipKind, Role
from citycert.cities.models import City
from citycert.page_forms import FieldErrors, PageForm, set_choices, text_field
from citycert.permissions import (
    grantable_bodies,
    invitable_cities,
    invitable_roles,
    is_city_kind,
    role_works_for_cities,
)

# Up to this many cities are offered as checkboxes; more (an administrator's every city) as a list to pick from.
CHECKBOXES_UP_TO = 12


class CityChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A city by its full name in the page's language."""

    def label_from_instance(self, obj: City) -> str:
        return obj.full_name


class InvitationForm(PageForm):
    """Who is invited, with which role (and for a city officer which cities), and in which language."""

    name = text_field(gettext_lazy("Name"), max_length=150, autocomplete="off")
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    cities = CityChoice(label=gettext_lazy("Cities"), queryset=City.objects.none(), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"), choices=InvitationLanguage.choices, widget=forms.RadioSelect
    )

    def __init__(self, inviter: AbstractBaseUser, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": "en" if (get_language() or "").startswith("en") else "ko"})
        super().__init__(*args, **kwargs)
        roles = dict(Role.choices)
        allowed = invitable_roles(inviter)
        set_choices(self.fields["role"], [(role, roles[role]) for role in allowed])
        if len(allowed) == 1:
            self.fields["role"].initial = allowed[0]
        cities = self.fields["cities"]
        assert isinstance(cities, CityChoice)
        offered = invitable_cities(inviter)
        few = offered.count() <= CHECKBOXES_UP_TO
        cities.widget = forms.CheckboxSelectMultiple() if few else forms.SelectMultiple(attrs={"size": 8})
        cities.queryset = offered  # after the widget: setting the queryset gives the widget its choices
        cities.help_text = _("For a city officer only: the cities they work for.")
        self.fields["name"].error_messages["required"] = _("Give the person's name.")
        self.fields["email"].error_messages.update(
            required=_("Give the person's email address."), invalid=_("This is not an email address.")
        )
        choose_role = _("Choose the person's role.")
        self.fields["role"].error_messages.update(required=choose_role, invalid_choice=choose_role)
        choose_language = _("Choose the language of the invitation.")
        self.fields["language"].error_messages.update(required=choose_language, invalid_choice=choose_language)
        cities.error_messages["invalid_choice"] = _("You may not invite an officer of this city.")

    def clean_email(self) -> str:
        email = normal_email(self.cleaned_data["email"])
        in_use = email_in_use(email)
        if in_use:
            raise forms.ValidationError(in_use)
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role and role_works_for_cities(role):
            if not data.get("cities") and "cities" not in self.errors:
                self.add_error("cities", _("Choose the city or cities the officer works for."))
        elif role:
            data["cities"] = []  # other roles work for no city: a choice left over from the officer's is dropped
        return data


class AcceptInvitationForm(FieldErrors, SetPasswordForm):  # type: ignore[type-arg]
    """The invited person's password, twice, checked by Django's validators against their name and address.
    The account is not made here (see accounts/invitations.py: accept)."""

    def __init__(self, invitation: Invitation, *args: Any, **kwargs: Any) -> None:
        candidate = get_user_model()(username=invitation.email, email=invitation.email, first_name=invitation.name)
        super().__init__(candidate, *args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password again")
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())


class ReasonForm(PageForm):
    """Why an account is deactivated or reactivated: kept in the audit log."""

    reason = text_field(gettext_lazy("Reason"), max_length=500, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Say why, for the record.")


class OneCity(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A city by its full name in the page's language."""

    def label_from_instance(self, obj: City) -> str:
        return obj.full_name


class OneBody(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A certifying body by its name in the page's language."""

    def label_from_instance(self, obj: CertifyingBody) -> str:
        return str(obj)


class MembershipForm(PageForm):
    """A membership an administrator grants on a person's page: what they become, of which city or body, and why.
    A city's kinds need the city and the rest the body; whether the granter may grant it, and whether the person
    holds it already, is the transition's to say (memberships.grant_membership)."""

    kind = forms.ChoiceField(label=gettext_lazy("Membership"), choices=MembershipKind.choices)
    city = OneCity(
        label=gettext_lazy("City (an officer's or an advisor's)"), queryset=City.objects.none(), required=False
    )
    body = OneBody(
        label=gettext_lazy("Certifying body (an assessor's, a certifier's or an administrator's)"),
        queryset=CertifyingBody.objects.none(),
        required=False,
    )
    reason = text_field(gettext_lazy("Reason"), max_length=500, rows=2)

    def __init__(self, granter: AbstractBaseUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = invitable_cities(granter)  # type: ignore[attr-defined]
        self.fields["body"].queryset = grantable_bodies(granter)  # type: ignore[attr-defined]
        choose = _("Choose what the person becomes.")
        self.fields["kind"].error_messages.update(required=choose, invalid_choice=choose)
        self.fields["city"].error_messages["invalid_choice"] = _("You may not grant a membership of this city.")
        self.fields["body"].error_messages["invalid_choice"] = _("You may not grant a membership of this body.")
        self.fields["reason"].error_messages["required"] = _("Say why, for the record.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and is_city_kind(kind):
            data["body"] = None  # a body left chosen from another kind is dropped, as the invitation drops cities
            if data.get("city") is None and "city" not in self.errors:
                self.add_error("city", _("Choose the city."))
        elif kind:
            data["city"] = None
            if data.get("body") is None and "body" not in self.errors:
                self.add_error("body", _("Choose the certifying body."))
        return data
