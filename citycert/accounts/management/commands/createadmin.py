"""`citycert createadmin`: the first account of a fresh install, the certifying body's administrator."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from citycert.accounts.first_account import FirstAccountRefused, make_first_administrator

# Exit code of a refusal (bad input or an administrator already there), as the other citycert commands use.
REFUSED = 2


class Command(BaseCommand):
    help = (
        "Make the first account of a fresh install: the administrator. Asks for the password twice at a terminal; "
        "from a pipe it reads one line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password()
        try:
            user = make_first_administrator(options["username"], options["email"], password)
        except FirstAccountRefused as refused:
            raise CommandError(str(refused), returncode=REFUSED) from refused
        self.stdout.write(
            _("Administrator %(username)s made. Sign in at /accounts/login/; the admin site is at /admin/.")
            % {"username": user.get_username()}
        )

    def _password(self) -> str:
        if not sys.stdin.isatty():
            # Scripts and provisioning tools pipe the password in rather than putting it on the command line.
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass(_("Password: "))
        if first != getpass.getpass(_("Password again: ")):
            raise CommandError(_("password: the two passwords differ."), returncode=REFUSED)
        return first
