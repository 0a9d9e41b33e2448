"""Someone trying the demo signs in as the administrator: the years of rounds the demo ran told them of hundreds of
steps, but the navigation's count says 3, and their notification list shows those three as new and the rest as
read. (Loaded outside a transaction here, as `citycert demo` does, so that the steps are told after each commit.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from citycert.demo.load import DEMO_UNREAD_NOTIFICATIONS, load_demo
from citycert.notifications.models import Notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_opens_with_three_new_notifications_each() -> None:
    said = load_demo()

    admin = User.objects.get(username="admin")
    told = Notification.objects.filter(recipient=admin)
    assert told.count() > 100  # the demo's history was told
    assert told.filter(read_at__isnull=True).count() == DEMO_UNREAD_NOTIFICATIONS == 3
    newest = list(told.values_list("pk", flat=True)[:3])
    assert set(told.filter(read_at__isnull=True).values_list("pk", flat=True)) == set(newest)
    for person in User.objects.filter(notifications__isnull=False).distinct():
        assert person.notifications.filter(read_at__isnull=True).count() <= 3
    assert any(line.startswith("notifications: ") and "marked read" in line for line in said)

    client = Client()
    client.force_login(admin)
    page = client.get("/notifications/").content.decode()
    assert 'aria-label="읽지 않은 알림 3건">3</span>' in page  # the navigation's count
    assert page.count(' unread" id="notification-') == 3  # three items of the list marked new
