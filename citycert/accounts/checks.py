"""`citycert check` refuses a CITYCERT_REQUIRE_TOTP_FOR naming something that is not a role: a typo would otherwise
require a second factor of nobody, silently."""

from __future__ import annotations

from typing import Any

from django.core import checks

from citycert.permissions import unknown_second_factor_roles


@checks.register(checks.Tags.security)
def second_factor_roles_exist(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    unknown = unknown_second_factor_roles()
    if not unknown:
        return []
    return [
        checks.Error(
            f"CITYCERT_REQUIRE_TOTP_FOR names {', '.join(unknown)}, which is not a role "
            "(city_officer, assessor, certifier, administrator)",
            id="citycert.E101",
        )
    ]
