"""Seocho-gu's officer previews a filled-in sheet and comes back to it after more than a day: applying it is
refused with "upload the file again" and nothing changes, and the next upload sweeps the forgotten file away. A
preview applied once cannot be applied twice, and a made-up token finds nothing. With the files in a folder and
in an S3 bucket alike."""

from __future__ import annotations

import re
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert import pending_uploads
from tests.people import People
from tests.services import Storage

EXPIRED = "올린 파일의 유효 시간이 지났습니다"  # That upload has expired


def filled_in(client: Client, people: People) -> bytes:
    sheet = client.get(f"/assessments/{people.draft.pk}/export.csv").content.decode("utf-8-sig")
    return sheet.replace("BM.vision,3,", "BM.vision,5,").encode()


def preview(client: Client, people: People, sheet: bytes) -> dict[str, str]:
    answer = client.post(f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile("s.csv", sheet)})
    assert answer.status_code == 200
    return dict(re.findall(r'name="(token|suffix|revision)" value="([^"]+)"', answer.content.decode()))


def apply(client: Client, people: People, fields: dict[str, str]) -> str:
    answer = client.post(f"/assessments/{people.draft.pk}/import/apply/", fields, follow=True)
    return answer.content.decode()


def test_a_day_old_preview_is_refused_and_swept_away(client: Client, people: People, storage: Storage) -> None:
    client.force_login(people.officer)
    sheet = filled_in(client, people)
    fields = preview(client, people, sheet)
    # The same file as it stands in the storage when kept a day and a minute ago.
    old = f"{int(time.time()) - 24 * 3600 - 60}-{secrets.token_urlsafe(16)}"
    default_storage.save(f"pending/{old}", ContentFile(sheet))

    assert EXPIRED in apply(client, people, {**fields, "token": old})
    assert people.draft.responses.get(item_id="BM.vision").value == "3"

    fresh = preview(client, people, sheet)
    assert not default_storage.exists(f"pending/{old}")
    assert pending_uploads.kept(fresh["token"]) == sheet


def test_a_preview_is_applied_once_and_a_made_up_token_finds_nothing(
    client: Client, people: People, storage: Storage
) -> None:
    client.force_login(people.officer)
    fields = preview(client, people, filled_in(client, people))
    made_up = f"{int(time.time())}-{secrets.token_urlsafe(16)}"
    assert EXPIRED in apply(client, people, {**fields, "token": made_up})
    assert EXPIRED in apply(client, people, {**fields, "token": "../evidence/ab/" + "0" * 64})

    assert EXPIRED not in apply(client, people, fields)
    assert people.draft.responses.get(item_id="BM.vision").value == "5"
    assert pending_uploads.kept(fields["token"]) is None
    assert EXPIRED in apply(client, people, fields)
