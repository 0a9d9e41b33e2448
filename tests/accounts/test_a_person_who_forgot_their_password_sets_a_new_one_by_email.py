"""Seocho-gu's officer forgot their password. From the login page they ask for a link, in Korean; the worker sends
it; the link sets a new password once and then no more. An address without an account, or an inactive one, gets
the same page and no email. Asked from the English page, the email is in English."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.people import PASSWORD, People
from tests.support import run_queued_jobs

NEW_PASSWORD = "a-new-long-password-42"


def _ask(address: str, language: str = "ko") -> str:
    client = Client()
    client.cookies["django_language"] = language
    asked = client.post("/accounts/password/reset/", {"email": address}, follow=True)
    assert asked.status_code == 200
    return asked.content.decode()


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_the_officer_sets_a_new_password_with_the_link_once(people: People) -> None:
    people.officer.email = "officer@seocho.example"
    people.officer.save()
    login = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in login and "비밀번호를 잊으셨나요?" in login

    said = _ask("officer@seocho.example")
    assert "메일을 확인하세요" in said and "72시간" in said
    assert mail.outbox == []  # queued, not sent inside the request
    run_queued_jobs()
    [message] = mail.outbox
    assert message.to == ["officer@seocho.example"] and message.subject == "citycert: 새 비밀번호 설정"
    assert "officer-seocho" in message.body and "한 번만" in message.body

    client = Client()
    form = client.get(_link(message), follow=True)
    assert "새 비밀번호 설정" in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 400 and "field-error" in weak.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "새 비밀번호를 설정했습니다" in done.content.decode()
    assert Client().login(username="officer-seocho", password=NEW_PASSWORD)
    assert not Client().login(username="officer-seocho", password=PASSWORD)

    again = Client().get(_link(message), follow=True).content.decode()
    assert "이 링크는 더 이상 쓸 수 없습니다" in again and 'href="/accounts/password/reset/"' in again


def test_no_email_for_an_unknown_or_inactive_address_and_the_same_page(people: People) -> None:
    people.assessor.email = "assessor@body.example"
    people.assessor.is_active = False
    people.assessor.save()
    unknown = _ask("nobody@nowhere.example")
    inactive = _ask("assessor@body.example")
    run_queued_jobs()
    assert mail.outbox == []
    assert "메일을 확인하세요" in unknown and "메일을 확인하세요" in inactive


def test_a_bad_address_is_refused_at_its_field(people: People) -> None:
    client = Client()
    refused = client.post("/accounts/password/reset/", {"email": "officer-at-seocho"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "field-error" in page and 'value="officer-at-seocho"' in page


def test_asked_in_english_the_email_is_in_english(people: People) -> None:
    get_user_model().objects.filter(pk=people.certifier.pk).update(email="certifier@body.example")
    said = _ask("certifier@body.example", language="en")
    assert "Check your email" in said and "72 hours" in said
    run_queued_jobs()
    [message] = mail.outbox
    assert message.subject == "citycert: set a new password" and "it works once" in message.body
