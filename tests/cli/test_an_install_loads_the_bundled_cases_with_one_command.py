"""On a fresh install (no demo), `citycert cases load` stores the bundled cases and the cities they need; run again
it adds nothing; a case file with an item its scheme does not have is refused, naming the file, case and field,
and nothing of it is saved."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from citycert.cities.models import City
from citycert.practices.bundled import BUNDLED, BadCaseFile, load_bundled_cases
from citycert.practices.models import Case

pytestmark = pytest.mark.django_db


def test_the_command_loads_every_bundled_case_once() -> None:
    out = StringIO()
    call_command("cases", "load", stdout=out)
    assert "good-practice cases: 18 added, 10 cities added for them" in out.getvalue()
    seoul = Case.objects.filter(city__code="11000")
    assert seoul.count() == 3
    youth = Case.objects.get(key="seocho-2023-smart-youth-centre")
    assert youth.city == City.objects.get(code="11650") and youth.city.parent == City.objects.get(code="11000")
    entry = youth.items.get()
    assert (entry.item_id, entry.inferred) == ("CSM.digital-inclusion", True)
    assert entry.reached == Decimal(5)
    assert [source.outlet for source in youth.sources.all()] == ["파이낸스투데이", "신아일보"]

    again = StringIO()
    call_command("cases", "load", stdout=again)
    assert "0 added, 0 cities added" in again.getvalue()


def test_a_case_naming_an_unknown_item_is_refused_with_where(tmp_path: Path) -> None:
    broken = tmp_path / "cases.yaml"
    text = BUNDLED.read_text(encoding="utf-8").replace(
        "{item: D3.I1.3, inferred: true}", "{item: D9.X, inferred: true}", 1
    )
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(
        BadCaseFile, match=r"cases\.yaml, 사례 guro-2021-iot-facility-safety, 필드 items: D9\.X은\(는\) kr-smartcity"
    ):
        load_bundled_cases(broken)
    with (
        translation.override("en"),
        pytest.raises(BadCaseFile, match=r"case guro-2021-iot-facility-safety, field items"),
    ):
        load_bundled_cases(broken)
    assert not Case.objects.exists() and not City.objects.exists()
