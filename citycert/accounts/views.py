"""A person's own account pages: API tokens (the list, issuing one, its secret shown once, revoking one), changing
and resetting a password, and the way into the admin site."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from citycert.accounts import single_sign_on, tokens
from citycert.accounts.forms import PasswordForm, TokenForm
from citycert.accounts.password_reset import NewPasswordForm, QueuedPasswordResetForm
from citycert.page_forms import INVALID
from citycert.permissions import opens_admin_site, own_tokens
from citycert.public_address import public_base


@never_cache  # the answer to issuing a token holds its secret; no cache along the way may keep it
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Everyone's own tokens and nobody else's; a POST issues one and shows its secret in this answer only."""
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, object] = {"form": TokenForm()}
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if not form.is_valid():
            context["form"], status = form, INVALID
        else:
            try:
                token, secret = tokens.issue(user, form.cleaned_data["name"], form.cleaned_data["days"])
            except tokens.Refused as error:
                form.add_error(None, str(error))
                context["form"], status = form, INVALID
            else:
                # Rendered into this answer, never put in the URL or the session: it cannot be shown a second time.
                context.update(issued=token, secret=secret)
    now = timezone.now()
    context["rows"] = [(token, token.state_on(now)) for token in own_tokens(user)]
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the owner revokes a token; for anyone else it does not exist."""
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(own_tokens(user), pk=pk)
    tokens.revoke(token, user)
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("api-tokens")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change with its errors at their fields, refused with 400 like every form of the pages."""

    form_class = PasswordForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = INVALID
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """Where the admin site sends whoever it does not let in: to citycert's login page (one page, one throttle)
    for the signed-out, a refusal that says why for the signed-in who are not superusers."""
    if request.user.is_authenticated and not opens_admin_site(request.user):
        raise PermissionDenied(_("The admin site is for superusers only. Your work is on citycert's own pages."))
    return redirect_to_login(request.GET.get("next") or "/admin/")


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a reset link by email address; the page reads the same whether or not the address has an account."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        # The link carries the site's public address (behind a proxy the request's host may be an inner one).
        protocol, _sep, domain = public_base(self.request).partition("://")
        self.extra_email_context = {"protocol": protocol, "domain": domain}
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = INVALID
        return response


class PasswordResetSent(auth_views.PasswordResetDoneView):
    """Says a link is on its way if the address has an account, and for how long it works."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Follow the link and set a new password; a link expired or already used says so and offers a new one."""

    form_class = NewPasswordForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = INVALID
        return response


class SignIn(auth_views.LoginView):
    """Django's login page, with "Sign in with <provider>" when an OpenID provider is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = single_sign_on.provider_name() if single_sign_on.configured() else None
        return context
