"""Make the provider's database: migrate, then its people and its client (run once, before the server starts)."""

from __future__ import annotations

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    from tests.oidc_provider.claims import UNVERIFIED
    from tests.oidc_provider.people import CLIENT_ID, CLIENT_SECRET, EVERYONE, PASSWORD, REDIRECT_URIS

    call_command("migrate", verbosity=0)
    unverified = Group.objects.create(name=UNVERIFIED)
    for person in EVERYONE:
        user = User.objects.create_user(person.username, person.email, PASSWORD)
        if not person.verified:
            user.groups.add(unverified)
    Application.objects.create(
        name="citycert",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(REDIRECT_URIS),
        algorithm=Application.RS256_ALGORITHM,
    )


if __name__ == "__main__":
    main()
