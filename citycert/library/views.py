"""Public pages of the framework library: the home page and one page per framework."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from citycert.frameworks.describe import framework_summary
from citycert.library.models import FrameworkVersion
from citycert.library.store import UnknownFramework, find_version, latest_versions, version_sort_key


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
    context = {"framework": framework_summary(stored.framework), "editions": _editions(stored)}
    return render(request, "library/framework.html", context)


def _editions(shown: FrameworkVersion) -> list[dict[str, object]]:
    """Every stored version of the framework shown, oldest first, when there is more than one: a scheme whose items
    change between rounds (the national scheme's 63, 56 and 53 indicators) is one edition per version."""
    stored = sorted(
        FrameworkVersion.objects.filter(framework_id=shown.framework_id), key=lambda one: version_sort_key(one.version)
    )
    if len(stored) < 2:
        return []
    return [
        {
            "version": one.version,
            "name": one.edition,
            "shown": one.pk == shown.pk,
        }
        for one in stored
    ]
