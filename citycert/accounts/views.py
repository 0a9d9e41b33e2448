"""A person's own API tokens: the list, issuing one (its secret shown once) and revoking one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from citycert.accounts import single_sign_on, tokens
from citycert.accounts.forms import PasswordForm, TokenForm
from citycert.page_forms import INVALID
from citycert.permissions import own_tokens


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


class SignIn(auth_views.LoginView):
    """Django's login page, with "Sign in with <provider>" when an OpenID provider is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = single_sign_on.provider_name() if single_sign_on.configured() else None
        return context
