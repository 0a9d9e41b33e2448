"""The certifier also certifies for a second body, 국토연구원 (KRIHS): the form that opens a round now asks which body
runs it. Sent without one, it is refused at that field with everything typed kept and no round made; with KRIHS
chosen, the round is KRIHS's. A certifier of one body is not asked: the round is their body's."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.memberships import default_body, grant_membership
from citycert.accounts.models import CertifyingBody
from citycert.certification.models import Round
from citycert.library.store import find_version
from tests.people import People

FIELDS = {"year": "2027", "name_ko": "2027년 국가 인증", "opens_on": "2027-06-01", "closes_on": "2027-06-30"}


def _as(user: object) -> Client:
    client = Client()
    client.cookies["django_language"] = "ko"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_body_is_asked_of_a_certifier_of_two_and_the_round_is_the_chosen_ones(people: People) -> None:
    krihs = CertifyingBody.objects.create(code="krihs", name_ko="국토연구원", name_en="KRIHS")
    grant_membership(people.certifier, "certifier", body=krihs, actor=None, reason="Runs the national rounds too")
    certifier = _as(people.certifier)
    form = certifier.get("/certification/").content.decode()
    assert 'name="body"' in form and "국토연구원" in form and "인증기관" in form

    fields = {**FIELDS, "framework_version": find_version("kr-smartcity").pk}
    unnamed = certifier.post("/certification/rounds/new/", fields)
    assert unnamed.status_code == 400
    page = unnamed.content.decode()
    assert 'id="id_body_error"' in page and "이 회차를 운영할 인증기관을 고르십시오." in page
    assert 'value="2027년 국가 인증"' in page and 'value="2027-06-30"' in page
    assert not Round.objects.filter(year=2027).exists()

    opened = certifier.post("/certification/rounds/new/", {**fields, "body": krihs.pk})
    assert opened.status_code == 302
    assert Round.objects.get(year=2027).body == krihs


def test_a_certifier_of_one_body_is_not_asked(people: People) -> None:
    certifier = _as(people.certifier)
    assert 'name="body"' not in certifier.get("/certification/").content.decode()
    fields = {**FIELDS, "framework_version": find_version("bsi-iso37106").pk}
    assert certifier.post("/certification/rounds/new/", fields).status_code == 302
    assert Round.objects.get(year=2027).body == default_body()
