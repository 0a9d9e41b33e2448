"""Public pages of the framework library: the home page and one page per framework."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from citycert.frameworks.describe import framework_summary
from citycert.library.store import UnknownFramework, find_version, latest_versions


def home(request: HttpRequest) -> HttpResponse:
    """The bundled and imported frameworks, newest version of each."""
    frameworks = [framework_summary(stored.framework) for stored in latest_versions()]
    return render(request, "library/home.html", {"frameworks": frameworks})


def framework_detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    """One framework's tree of groups and items, with its rules in words."""
    reference = framework_id + (f"@{request.GET['version']}" if request.GET.get("version") else "")
    try:
        stored = find_version(reference)
    except UnknownFramework as error:
        raise Http404(str(error)) from None
    return render(request, "library/framework.html", {"framework": framework_summary(stored.framework)})
