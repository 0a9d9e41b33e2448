"""The second factor's two pages: enrolling an authenticator app (QR code and secret, confirmed by a first code),
and entering a code after signing in."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from citycert.accounts import second_factor
from citycert.page_forms import INVALID, PageForm
from citycert.permissions import has_second_factor, must_enrol_second_factor


class CodeForm(PageForm):
    """The six digits an authenticator app shows."""

    code = forms.CharField(label=gettext_lazy("Code from your authenticator app"), max_length=12)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        )
        self.fields["code"].error_messages["required"] = _("Enter the code your authenticator app shows now.")


def _next(request: HttpRequest) -> str:
    """Where to go once the step is done: the page first asked for, if it is one of this site's."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return str(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """After signing in, whoever has an authenticator enters its code before anything else."""
    user: User = request.user  # type: ignore[assignment]
    if second_factor.owed(request) != second_factor.VERIFY:
        return redirect(_next(request))
    form, status = CodeForm(), 200
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                second_factor.prove(request, form.cleaned_data["code"])
            except second_factor.Refused as refusal:
                form.add_error("code", str(refusal))
            else:
                return redirect(_next(request))
        status = INVALID
    context = {"form": form, "next": _next(request), "who": user.get_username()}
    return render(request, "accounts/second_factor_verify.html", context, status=status)


@never_cache  # the page shows a secret
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """A new secret as a QR code and as text, confirmed by the first code the app shows."""
    user: User = request.user  # type: ignore[assignment]
    if second_factor.owed(request) == second_factor.VERIFY:
        return redirect("second-factor")
    if has_second_factor(user):
        return render(request, "accounts/second_factor_enrol.html", {"enrolled": True})
    device = second_factor.enrolment_device(user)
    form, status = CodeForm(), 200
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
            except second_factor.Refused as refusal:
                form.add_error("code", str(refusal))
            else:
                messages.success(request, _("Your authenticator app is set up: each sign-in will ask for its code."))
                return redirect(_next(request))
        status = INVALID
    context = {
        "form": form,
        "next": _next(request),
        "qr_svg": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "required": must_enrol_second_factor(user),
    }
    return render(request, "accounts/second_factor_enrol.html", context, status=status)
