"""`citycert check --deploy`: the certificate signing key is a deploy secret that must be there, and readable."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=True)
def signing_key_configured(**kwargs: Any) -> list[checks.CheckMessage]:
    """Fails unless every server will sign with the one configured key (and the retired keys all load)."""
    from citycert.signing import MISSING, configured_pem, load_private_key, retired_public_keys

    pem = configured_pem()
    if pem is None:
        return [checks.Error(MISSING, id="citycert.E001")]
    try:
        load_private_key(pem, "the certificate signing key")
        retired_public_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="citycert.E002")]
    return []
