"""What the provider says of a person: their email, and whether it is verified (not for members of the group
"unverified"), in the id token and at the userinfo endpoint."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

UNVERIFIED = "unverified"


class EmailClaims(OAuth2Validator):  # type: ignore[misc]
    """The toolkit's validator with the email claims (given under the "email" scope) and the name."""

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name=UNVERIFIED).exists(),
            "name": user.get_full_name() or user.get_username(),
        }
