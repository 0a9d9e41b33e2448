"""The unread count beside "Notifications" is on every page a signed-in person opens, so it costs one indexed count:
with two unread notifications or forty, a page asks the notifications' table once; a visitor's page not at all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citycert.notifications.models import Notification
from tests.people import People

pytestmark = pytest.mark.django_db


def notification_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries if "notifications_notification" in query["sql"]]


def told(people: People, how_many: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=people.officer,
            kind="test",
            messages={"ko": "알림", "en": "notice"},
            object_type="x",
            object_id="1",
        )
        for _ in range(how_many)
    )


def test_one_count_whatever_the_number(people: People) -> None:
    client = Client()
    client.force_login(people.officer)
    told(people, 2)
    (few,) = notification_queries(client, "/registry/")
    assert "COUNT(" in few.upper() and "read_at" in few
    told(people, 38)
    (many,) = notification_queries(client, "/registry/")
    assert many == few
    assert '<span class="count" aria-label="읽지 않은 알림 40건">40</span>' in client.get("/registry/").content.decode()

    assert notification_queries(Client(), "/registry/") == []


def test_the_count_is_read_by_the_index() -> None:
    indexes = {index.name: index.fields for index in Notification._meta.indexes}
    assert indexes["notification_unread"] == ["recipient", "read_at"]
