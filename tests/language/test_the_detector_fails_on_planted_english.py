"""The untranslated-message test is only worth its pass if it fails on English: a sentence planted in the site's
frame (a message marked for translation that nobody translated, and a bare value), a planted English API error,
and a planted English cell in a workbook are each found; the allowed names, codes, ids and typed text are not."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.test import Client, override_settings
from openpyxl import Workbook

from tests.api.calling import Caller
from tests.language.crawling import typed_texts, workbook_text
from tests.language.english import english_words, visible_text
from tests.language.test_every_api_error_answers_in_korean import check
from tests.language.test_every_page_reads_in_korean import untranslated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

PLANTED = "Nobody translated this sentence."


def planted_templates(folder: Path) -> list[dict[str, Any]]:
    """The site's templates, with a base template that carries one English message and one bare value."""
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    planted = base.replace(
        "{% block content %}{% endblock %}",
        '<p>{% translate "' + PLANTED + '" %}</p><p>{{ "true" }}</p>{% block content %}{% endblock %}',
    )
    assert planted != base
    (folder / "base.html").write_text(planted, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [folder, *cast(list[Path], templates[0]["DIRS"])]
    return templates


def test_the_page_walk_fails_on_a_planted_english_message(tmp_path: Path) -> None:
    with override_settings(TEMPLATES=planted_templates(tmp_path)):
        client = Client()
        home = client.get("/").content.decode()
        assert PLANTED in home, "the planted frame is the one the pages use"
        seen, faults = untranslated(client, start=("/",), at_most=5)
    assert seen >= 3
    assert PLANTED in faults and "true" in faults, list(faults)[:5]


def test_the_same_walk_without_the_plant_passes() -> None:
    seen, faults = untranslated(Client(), start=("/",), at_most=5)
    assert seen >= 3 and not faults, faults


def test_a_planted_english_api_error_is_found() -> None:
    caller = Caller()
    answer = caller.get("/cities/99999")
    assert not check(answer, "as it is")
    english = caller.get("/cities/99999", None, **{"Accept-Language": "en"})
    english["Content-Language"] = "ko"  # an English message answered as if it were Korean
    assert any("No" in fault and "city" in fault for fault in check(english, "planted"))


def test_a_planted_english_cell_is_found_and_the_english_side_is_not() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["항목 / item", "이름 / name_ko", "name_en", "상태 / state"])
    sheet.append(["BM.vision", "도시 비전", "City vision", "decided"])
    out = io.BytesIO()
    book.save(out)
    assert english_words(workbook_text(out.getvalue())) == ["decided"]


def test_names_codes_ids_and_typed_text_are_not_english() -> None:
    pieces = visible_text(
        '<html lang="ko"><body><p>ISO 37106 · bsi-iso37106@2021 · BM.vision · citycert가 만든 PDF</p>'
        '<p><code>citycert audit verify</code> <span lang="en">Seocho-gu</span></p>'
        "<p>서초구 통계연보: Smart Seocho 2030</p><script>var x = 'hidden';</script></body></html>"
    )
    assert english_words(pieces, typed={"Smart Seocho 2030"}) == []
    assert english_words(["인증: yes"]) == ["yes"]
    assert typed_texts(), "the demo's typed text is read from the database"
