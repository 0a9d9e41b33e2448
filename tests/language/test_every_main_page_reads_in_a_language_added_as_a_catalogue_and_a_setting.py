"""A third language is added as a catalogue and a setting, with no code: in a made-up language whose catalogue
marks every message ⟦…⟧, the public registry, a certificate's verify page, an assessment as its officer sees
it, the certifier's round page, the indicator dashboard with its alerts, and the reminder and alert emails hold
no Korean and no English outside the marks, apart from stored data (names, framework texts, typed notes), which
the language reads on its English side. A sentence planted outside the catalogue is found."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import translation

from citycert.assessments.models import Assessment
from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate, DueAudit, Round
from citycert.certification.reminders import message_for
from citycert.cities.models import City
from citycert.indicators.models import Alert
from tests.language.english import visible_text
from tests.language.made_up_language import CODE, made_up_language, stored_texts, untranslated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def planted_templates(folder: Path, html: str) -> list[dict[str, Any]]:
    """The site's templates, with a base template that carries this HTML above every page's content."""
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    planted = base.replace("{% block content %}{% endblock %}", html + "{% block content %}{% endblock %}")
    assert planted != base
    (folder / "base.html").write_text(planted, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [folder, *cast(list[Path], templates[0]["DIRS"])]
    return templates


def reader(username: str | None = None) -> Client:
    """A visitor who chose the made-up language with the language switch (its cookie)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = CODE
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def page_text(client: Client, url: str, **post: object) -> list[str]:
    answer = client.post(url, post) if post else client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    html = answer.content.decode()
    assert f'<html lang="{CODE}">' in html, "the page is in the made-up language"
    return visible_text(html)


def pages() -> dict[str, list[str]]:
    """The text of the main pages, each as the person who uses it reads it in the made-up language."""
    certificate = Certificate.objects.filter(status=CertificateStatus.VALID).order_by("pk").first()
    assert certificate is not None
    pdf = reader().get(f"/certificates/{certificate.number}/certificate.pdf").content
    seocho = City.objects.get(code="11650")
    assessment = Assessment.objects.filter(city=seocho).order_by("pk").first()
    assert assessment is not None
    round_ = Round.objects.order_by("pk").first()
    assert round_ is not None
    return {
        "registry": page_text(reader(), "/registry/"),
        "verify": page_text(reader(), "/certificates/verify/", file=SimpleUploadedFile("c.pdf", pdf)),
        "assessment": page_text(reader("officer-seocho"), f"/assessments/{assessment.pk}/"),
        "round": page_text(reader("certifier"), f"/certification/rounds/{round_.pk}/"),
        "dashboard": page_text(reader("officer-seocho"), f"/indicators/{seocho.code}/"),
    }


def emails() -> dict[str, list[str]]:
    """The made-up language's part of a reminder email, and an alert as its email and the dashboard say it:
    mail to people with no language on record goes out in every language of LANGUAGES."""
    due = DueAudit.objects.select_related("certificate__city").order_by("pk").first()
    assert due is not None
    context = {"due": due, "certificate": due.certificate, "city": due.certificate.city}
    with translation.override(CODE):
        reminder = render_to_string("certification/email/reminder.txt", context).strip()
        about = render_to_string("certification/email/reminder_subject.txt", context).strip()
    subject, body = message_for(due)
    assert reminder in body and about in subject, "the reminder holds the made-up language's part"
    alert = Alert.objects.select_related("city").order_by("pk").first()
    assert alert is not None
    with translation.override(CODE):
        said = render_to_string("indicators/email/alert.txt", {"alert": alert}).strip()
    return {"reminder": [about, reminder], "alert": [said]}


def test_every_main_page_and_email_reads_in_a_language_added_as_a_catalogue_and_a_setting(tmp_path: Path) -> None:
    with made_up_language(tmp_path):
        seen = pages()
        seen |= emails()
    stored = stored_texts()
    faults = {name: untranslated(texts, stored) for name, texts in seen.items()}
    assert not any(faults.values()), "\n".join(
        f"{name}: {piece!r}" for name, found in faults.items() for piece in found
    )
    # Not a vacuous pass: each page and email is there, and says something through the made-up catalogue.
    assert all(any("⟦" in piece for piece in texts) for texts in seen.values()), seen


def test_a_sentence_written_outside_the_catalogue_is_found(tmp_path: Path) -> None:
    """The check is worth its pass only if it fails: an English and a Korean sentence planted in the pages'
    frame (as a hand-written "pick Korean or English" would leave them) are both found."""
    english, korean = "Nobody translated this sentence.", "아무도 번역하지 않은 문장입니다."
    with (
        made_up_language(tmp_path / "locale"),
        override_settings(TEMPLATES=planted_templates(tmp_path, f"<p>{english}</p><p>{korean}</p>")),
    ):
        text = page_text(reader(), "/registry/")
    assert untranslated(text, stored_texts()) == [english, korean]
