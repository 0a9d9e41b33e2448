"""The first administrator opens Django's admin site and reads every record there, but changes none: records move
only through their transition functions. An officer who guesses the address is told the site is not for them; the
public is sent to citycert's own login page, whose throttle the admin cannot go round."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from citycert.certification.models import Application
from tests.people import PASSWORD, People


def _superuser_client() -> Client:
    # The stories' administrator exists already, so `createadmin` would refuse; a superuser as it makes one.
    get_user_model().objects.create_superuser("body-admin", "admin@body.example", PASSWORD)
    client = Client()
    assert client.login(username="body-admin", password=PASSWORD)
    return client


def test_the_administrator_reads_every_model_in_korean(people: People) -> None:
    client = _superuser_client()
    index = client.get("/admin/").content.decode()
    assert "citycert 관리" in index and "기록 (읽기 전용)" in index
    for model in admin.site._registry:
        meta = model._meta
        listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert listing.status_code == 200, f"{meta.label}: {listing.status_code}"


def test_a_record_shows_but_cannot_be_added_changed_or_deleted(people: People) -> None:
    client = _superuser_client()
    client.cookies["django_language"] = "en"
    assessment = people.submitted
    page = client.get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "View assessment" in text and 'name="_save"' not in text
    assert client.get(reverse("admin:assessments_assessment_add")).status_code == 403
    assert client.get(reverse("admin:assessments_assessment_delete", args=[assessment.pk])).status_code == 403
    before = assessment.state
    refused = client.post(reverse("admin:assessments_assessment_change", args=[assessment.pk]), {"state": "draft"})
    assessment.refresh_from_db()
    assert refused.status_code == 403 and assessment.state == before
    assert Application.objects.count() == 0  # nothing made along the way


def test_an_officer_is_told_the_admin_is_not_for_them(people: People) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    assert client.login(username="officer-seocho", password=PASSWORD)
    refused = client.get("/admin/", follow=True)
    assert refused.status_code == 403
    assert "The admin site is for superusers only." in refused.content.decode()


def test_the_public_signs_in_on_citycerts_own_page(people: People) -> None:
    sent = Client().get("/admin/", follow=True)
    assert sent.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    # A password posted to the admin's login address signs nobody in: it only points to the real page.
    posted = Client().post("/admin/login/", {"username": "officer-seocho", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
