"""A person's own API tokens: the list, issuing one (its secret shown once) and revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from citycert.accounts import tokens
from citycert.accounts.models import ApiToken


@never_cache  # the answer to issuing a token holds its secret; no cache along the way may keep it
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Everyone's own tokens and nobody else's; a POST issues one and shows its secret in this answer only."""
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, object] = {"expiry_days": tokens.EXPIRY_DAYS, "chosen_days": tokens.DEFAULT_EXPIRY_DAYS}
    status = 200
    if request.method == "POST":
        name = request.POST.get("name", "")
        days = request.POST.get("days", "")
        context.update(name=name, chosen_days=int(days) if days.isdigit() else tokens.DEFAULT_EXPIRY_DAYS)
        try:
            token, secret = tokens.issue(user, name, int(days) if days.isdigit() else 0)
        except tokens.Refused as error:
            context["error"] = str(error)
            status = 400
        else:
            # Rendered into this answer, never put in the URL or the session: it cannot be shown a second time.
            context.update(issued=token, secret=secret, name="", chosen_days=tokens.DEFAULT_EXPIRY_DAYS)
    now = timezone.now()
    context["rows"] = [(token, token.state_on(now)) for token in ApiToken.objects.filter(user=user)]
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the owner revokes a token; for anyone else it does not exist."""
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    tokens.revoke(token, user)
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("api-tokens")
