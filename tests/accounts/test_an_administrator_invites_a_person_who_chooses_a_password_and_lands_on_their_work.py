"""The administrator invites an assessor in English and an officer of Seocho-gu in Korean. Each email, read from
the outbox, is in the language chosen and carries a link; following it, the person chooses a password (a weak one
is refused at its field), their account is made with the invited role and cities, and they are signed in on their
own work page. The link is then used up, and every step is in the audit log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from citycert.accounts.models import Invitation
from citycert.audit.log import verify
from citycert.audit.models import AuditEvent
from citycert.permissions import applies_for_cities, declares_conflicts, works_for
from tests.accounts.inviting import NEW_PASSWORD, accept, invite, link_in, sent_to
from tests.people import People


def test_an_assessor_invited_in_english_joins_as_an_assessor(people: People) -> None:
    admin = Client()
    admin.force_login(people.admin)
    answer = invite(admin, name="Kim Ji-won", email="Jiwon@Body.example", role="assessor", language="en")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/people/"
    assert mail.outbox == []  # queued with the invitation, sent by the worker
    listed = admin.get("/accounts/people/").content.decode()
    assert "jiwon@body.example" in listed and "대기 중" in listed

    [message] = sent_to("jiwon@body.example")
    assert message.subject == "citycert: you are invited as assessor"
    assert "Hello Kim Ji-won," in message.body and "in the role of assessor" in message.body
    assert "admin invites you to citycert" in message.body
    assert "it works once, until" in message.body and "jiwon@body.example" in message.body
    link = link_in(message)
    secret = link.rstrip("/").rsplit("/", 1)[-1]
    assert not Invitation.objects.filter(secret_hash__contains=secret).exists()  # only its hash is kept

    person = Client()
    page = person.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accept your invitation" in html and "Welcome, Kim Ji-won. You are invited in the role of assessor." in html

    weak = person.post(link, {"new_password1": "jiwon", "new_password2": "jiwon"})
    assert weak.status_code == 400 and "field-error" in weak.content.decode()
    assert not get_user_model().objects.filter(email="jiwon@body.example").exists()

    landed = accept(link, client=person)
    assert landed.redirect_chain[-1][0] == "/my/"
    html = landed.content.decode()
    assert "My work" in html and "Welcome, Kim Ji-won." in html and "jiwon@body.example" in html
    made = get_user_model().objects.get(email="jiwon@body.example")
    assert made.get_username() == "jiwon@body.example" and made.get_full_name() == "Kim Ji-won"
    assert declares_conflicts(made) and made.is_active
    assert Client().login(username="jiwon@body.example", password=NEW_PASSWORD)

    used = Client().get(link)
    assert used.status_code == 410 and "already used" in used.content.decode()
    actions = list(AuditEvent.objects.filter(object_type="invitation").values_list("action", flat=True))
    assert actions == ["invitation.sent", "invitation.accepted"]
    assert verify()[1] is None


def test_an_officer_invited_in_korean_joins_seocho_gu(people: People) -> None:
    admin = Client()
    admin.force_login(people.admin)
    answer = invite(
        admin,
        name="이서연",
        email="seoyeon@seocho.example",
        role="city_officer",
        cities=[people.seocho.pk],
        language="ko",
    )
    assert answer.status_code == 302
    [message] = sent_to("seoyeon@seocho.example")
    assert message.subject == "citycert: 지자체 담당자(으)로 초대합니다"
    assert "이서연 님, 안녕하세요." in message.body and "서울특별시 서초구" in message.body
    landed = accept(link_in(message))
    assert landed.redirect_chain[-1][0] == "/my/" and "내 업무" in landed.content.decode()
    made = get_user_model().objects.get(email="seoyeon@seocho.example")
    assert applies_for_cities(made) and works_for(made, people.seocho) and not works_for(made, people.hanam)
    # The Korean invitation set their pages' language: the language cookie goes with the signing-in.
    assert landed.client.cookies["django_language"].value == "ko"
