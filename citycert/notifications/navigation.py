"""The unread count beside "Notifications" in the site's navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from citycert.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the signed-in person's unread notifications, counted only when a page shows the count, by
    one query on the (recipient, read_at) index."""

    def count() -> int:
        if not request.user.is_authenticated:
            return 0
        counted: int | None = getattr(request, "_unread_notifications", None)
        if counted is None:
            counted = Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).count()
            request._unread_notifications = counted  # type: ignore[attr-defined]
        return counted

    return {"unread_notifications": count}
