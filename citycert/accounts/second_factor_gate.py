"""While a signed-in person owes a second factor (a code, or enrolment), every page but that step, logging out and
choosing a language sends them to it; an API request made with the session is refused. Nothing is asked of the
database here: what is owed was decided at sign-in (citycert.accounts.second_factor)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from citycert.accounts.second_factor import ENROL, owed


class SecondFactorGate:
    """Django middleware; after the session, authentication and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = owed(request)
        if step is None or not request.user.is_authenticated:
            return self.get_response(request)
        target = reverse("second-factor-enrol" if step == ENROL else "second-factor")
        open_paths = (target, reverse("logout"), reverse("set_language"), reverse("healthz"))
        if request.path in open_paths or request.path.startswith("/static/"):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Finish signing in with your second factor first.")}, status=403)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()}, safe='/')}")
