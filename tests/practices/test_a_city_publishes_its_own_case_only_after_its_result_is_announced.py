"""After its result is announced, Hanam-si's officer publishes the city's living lab as a case: the level at each
item is read from the announced result, the case is public at once and the audit log holds the step. Seocho-gu's
officer may not publish for Hanam-si, nor Gyeonggi-do's officer while no result of it is announced; a city in review may
not publish on its undecided application; the refusals say why, in Korean and in English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from citycert.accounts.models import Role
from citycert.audit.models import AuditEvent
from citycert.certification.models import Application, PublishedItem
from citycert.cities.models import City
from citycert.practices.choices import Origin
from citycert.practices.models import Case
from citycert.practices.publishing import CaseRefused, CaseText, publish_case
from tests.people import also, person
from tests.practices.stories import demo_user, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

TEXT = {
    "title_ko": "하남 시민 리빙랩",
    "title_en": "Hanam citizens' living lab",
    "description_ko": "시민이 지역 문제를 고르고 함께 풀었다.",
    "description_en": "Residents chose local problems and solved them together.",
    "url": "https://www.hanam.go.kr/",
}


def test_the_officer_publishes_a_case_on_the_announced_result() -> None:
    client = Client()
    client.force_login(demo_user("officer-hanam"))
    form = client.get("/cases/publish/41450/")
    assert form.status_code == 200
    assert "우수사례 공개" in text_of(form.content.decode())
    application = Application.objects.filter(city__code="41450", decision__public_from__isnull=False).order_by("pk")[0]
    published = PublishedItem.objects.get(application=application, item_id="BM.engagement").value

    answer = client.post("/cases/publish/41450/", {**TEXT, "application": application.pk, "items": ["BM.engagement"]})
    assert answer.status_code == 302
    case = Case.objects.get(title_ko="하남 시민 리빙랩")
    assert case.origin == Origin.CITY and case.year == application.round.year
    reached = case.items.get().reached
    assert reached is not None and str(reached.normalize()) == published
    event = AuditEvent.objects.get(action="case.published", object_id=str(case.pk))
    assert event.actor_name == "officer-hanam"

    page = text_of(Client().get(answer["Location"]).content.decode())
    assert "하남 시민 리빙랩" in page and "지자체가 공개" in page and f"레벨 {published}" in page
    assert "하남 시민 리빙랩" in text_of(Client().get("/cases/?city=41450").content.decode())


def test_another_citys_officer_is_refused_and_told_why() -> None:
    client = Client()
    client.force_login(demo_user("officer-seocho"))
    refused = client.get("/cases/publish/41450/")
    assert refused.status_code == 403
    assert "하남시의 담당자만 사례를 공개할 수 있습니다." in text_of(refused.content.decode())
    application = Application.objects.filter(city__code="41450").order_by("pk")[0]
    posted = client.post("/cases/publish/41450/", {**TEXT, "application": application.pk, "items": ["BM.engagement"]})
    assert posted.status_code == 403
    assert not Case.objects.filter(title_ko="하남 시민 리빙랩").exists()
    client.cookies["django_language"] = "en"
    assert "Only the officers of Hanam-si may publish its cases." in text_of(
        client.get("/cases/publish/41450/").content.decode()
    )


def test_a_city_without_an_announced_result_cannot_publish_yet() -> None:
    # Gyeonggi-do has never applied: nothing of it is announced.
    province = City.objects.get(code="41000")
    assert not Application.objects.filter(city=province).exists()
    client = Client()
    client.force_login(person("officer-gyeonggi", Role.CITY_OFFICER, province))
    refused = client.get("/cases/publish/41000/")
    assert refused.status_code == 409
    assert "경기도는 아직 발표된 결과가 없습니다" in text_of(refused.content.decode())
    client.cookies["django_language"] = "en"
    seen = text_of(client.get("/cases/publish/41000/").content.decode())
    assert "Gyeonggi-do has no announced result yet" in seen


def test_an_application_still_in_review_cannot_carry_a_case() -> None:
    in_review = Application.objects.filter(decision__isnull=True).select_related("city", "round").first()
    assert in_review is not None, "the demo has an application in review"
    officer = demo_user("officer-hanam")
    also(officer, "officer", city=in_review.city)
    with translation.override("ko"), pytest.raises(CaseRefused, match=r"아직 발표되지 않았습니다"):
        publish_case(officer, in_review, ["D1.I2.2"], CaseText("a", "a", "b", "b"))
    assert not Case.objects.filter(city=in_review.city, origin=Origin.CITY).exists()


def test_the_public_is_sent_to_log_in() -> None:
    answer = Client().get("/cases/publish/41450/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert City.objects.get(code="41450").cases.filter(origin=Origin.CITY).count() == 0
