"""The first account of a fresh install: the certifying body's administrator, made from the command line.

Everyone after them is made from the site, so this refuses once an administrator exists: a second run on a
live install must not quietly add a superuser."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from citycert.accounts.memberships import grant_for_role
from citycert.accounts.models import Profile, Role
from citycert.audit.log import record
from citycert.permissions import administrators


class FirstAccountRefused(Exception):
    """Why the first account was not made, worded for the person at the terminal, naming the field at fault."""


def make_first_administrator(username: str, email: str, password: str) -> AbstractUser:
    """Make the administrator (a superuser, so the admin site opens to them) and record it, in one transaction."""
    users = get_user_model()
    username = username.strip()
    email = email.strip()
    if not username:
        raise FirstAccountRefused(_("username: give a username."))
    try:
        validate_email(email)
    except ValidationError as refused:
        raise FirstAccountRefused(_("email: %(address)s is not an email address.") % {"address": email}) from refused
    with transaction.atomic():
        existing = administrators().first()
        if existing is not None:
            raise FirstAccountRefused(
                _(
                    "An administrator already exists (%(username)s): this command only makes the first account. "
                    "Sign in as them to add people."
                )
                % {"username": existing.get_username()}
            )
        if users.objects.filter(username=username).exists():
            raise FirstAccountRefused(_("username: %(username)s is taken.") % {"username": username})
        candidate = users(username=username, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as refused:
            raise FirstAccountRefused(_("password: %(reasons)s") % {"reasons": " ".join(refused.messages)}) from refused
        user = users.objects.create_superuser(username=username, email=email, password=password)
        Profile.objects.create(user=user, role=Role.ADMINISTRATOR)
        record(None, "account.first_administrator", "user", user.pk, after={"username": username, "email": email})
        grant_for_role(user, Role.ADMINISTRATOR, reason="createadmin")
    return user
