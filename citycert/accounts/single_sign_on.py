"""Signing in through an OpenID provider (mozilla-django-oidc), configured from CITYCERT_OIDC_* (citycert.settings).

The provider vouches for an email address; citycert lets in the one existing, active account with that address, and
only when the provider says the address is verified. Nobody is ever created by signing in: an unknown address is
refused on the login page with what to do instead. Every sign-in and every refusal is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from citycert.audit.log import record

__all__ = ["FinishSignIn", "StartSignIn", "VerifiedEmailBackend", "configured", "provider_name"]

# Where the reason for a refusal waits, in the session, between the backend and the callback view.
REFUSAL = "citycert_sign_in_refusal"


def configured() -> bool:
    """Whether an OpenID provider is configured (CITYCERT_OIDC_CLIENT_ID and its endpoints)."""
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    """The provider's name as the login page shows it ("Sign in with …")."""
    return str(getattr(settings, "OIDC_PROVIDER_NAME", "") or "OpenID Connect")


def _refuse(request: HttpRequest, reason: str, message: str, email: str) -> None:
    request.session[REFUSAL] = message
    record(None, "account.sign_in_refused", "sign_in", "oidc", after={"reason": reason, "email": email})


class VerifiedEmailBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The one active account whose email the provider verified; never a new account. Idle (answers None) while no
    provider is configured, so it can stay in AUTHENTICATION_BACKENDS beside the password backend."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        if configured():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not configured() or request is None:
            return None
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in person at each request, while their account is active: a deactivated person's session
        ends at their next request, as Django's password backend does."""
        user = self.UserModel.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and the nonce; the audience (this client) and the issuer (when one is
        configured) are checked here, so an id token made for another site or by another provider is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if getattr(settings, "OIDC_RP_CLIENT_ID", "") not in audiences:
            raise SuspiciousOperation("The id token was made for another client.")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The id token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        """The matching account, or None with the reason left in the session for the login page."""
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        name = provider_name()
        if not email:
            _refuse(
                self.request,
                "no_email",
                _("%(provider)s did not give an email address, so citycert cannot tell which account is yours.")
                % {"provider": name},
                email,
            )
            return None
        # Only a literal true: some providers send "false" as a string, which Python would take for true.
        if claims.get("email_verified") is not True:
            _refuse(
                self.request,
                "email_not_verified",
                _(
                    "%(provider)s has not verified the email address %(email)s, so citycert cannot let you in with it. "
                    "Verify the address with %(provider)s, or log in with your username and password."
                )
                % {"provider": name, "email": email},
                email,
            )
            return None
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if not users:
            _refuse(
                self.request,
                "no_account",
                _(
                    "No citycert account has the email address %(email)s. Signing in does not create accounts: "
                    "ask your certifying body's administrator to invite you, or to put this address on your account."
                )
                % {"email": email},
                email,
            )
            return None
        if len(users) > 1:
            _refuse(
                self.request,
                "several_accounts",
                _(
                    "More than one citycert account has the email address %(email)s, so citycert cannot tell which is "
                    "yours. Log in with your username and password, and ask the administrator to correct the addresses."
                )
                % {"email": email},
                email,
            )
            return None
        user: User = users[0]
        if not user.is_active:
            _refuse(
                self.request,
                "inactive",
                _("The citycert account with the email address %(email)s has been deactivated.") % {"email": email},
                email,
            )
            return None
        return user


class StartSignIn(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider; the page does not exist while no provider is configured."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if configured():
            super().__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]


class FinishSignIn(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back: signed in (and written to the audit log), or back on the login
    page with the reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]

    def login_success(self) -> HttpResponse:
        with transaction.atomic():
            response: HttpResponse = super().login_success()
            record(self.user, "account.signed_in", "user", self.user.pk, after={"method": "oidc"})
        return response

    def login_failure(self) -> HttpResponse:
        reason = self.request.session.pop(REFUSAL, None) or (
            _("Signing in with %(provider)s did not complete. Try again, or log in with your username and password.")
            % {"provider": provider_name()}
        )
        messages.error(self.request, reason)
        return super().login_failure()  # type: ignore[no-any-return]
