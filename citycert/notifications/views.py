"""A person's notifications (알림): the list, marking them read, and how they want to be told."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from citycert.notifications.models import EmailChoice, Notification, Preference, languages
from citycert.notifications.telling import preference_of
from citycert.page_forms import INVALID, PageForm

PER_PAGE = 50


class PreferenceForm(PageForm):
    """The language of a person's emails, and when they come."""

    language = forms.ChoiceField(
        label=gettext_lazy("Language of your emails"), choices=languages, widget=forms.RadioSelect
    )
    email = forms.ChoiceField(label=gettext_lazy("Emails come"), choices=EmailChoice.choices, widget=forms.RadioSelect)


def own(request: HttpRequest) -> Any:
    """A person's notifications are theirs alone: nobody else sees or marks them."""
    return Notification.objects.filter(recipient_id=request.user.pk)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(own(request), PER_PAGE).get_page(request.GET.get("page"))
    language = translation.get_language()
    rows = [(n, n.message_in(language)) for n in page.object_list]
    context = {"page": page, "rows": rows, "unread": own(request).filter(read_at__isnull=True).exists()}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it leads (or back to the list)."""
    notification = get_object_or_404(own(request), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url or "notifications")
    return redirect("notifications")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = own(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": marked})
    return redirect("notifications")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """The language of a person's emails, and whether each comes at once or in a daily digest."""
    current = preference_of(request.user)  # type: ignore[arg-type]  # signed in: login_required
    form = PreferenceForm(request.POST or None, initial={"language": current.language, "email": current.email})
    if request.method == "POST":
        if form.is_valid():
            Preference.objects.update_or_create(user_id=request.user.pk, defaults=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=INVALID)
    return render(request, "notifications/preferences.html", {"form": form})
