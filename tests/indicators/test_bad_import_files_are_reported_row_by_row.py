"""Seocho-gu's officer tries files that are wrong in each of the ways files are: wrong columns, an unknown
city or item, text in a number, a wrong unit, duplicate rows, a value outside the item's range, a period in
the future, another city's row, a truncated file, a file far too large. Each gets a report naming the row
and the field, and the stored series stays as it was, unless the officer chooses to keep the good rows."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from citycert.indicators.importing.committing import commit
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.importing.reading import ImportRefused
from citycert.indicators.models import ImportRun, IndicatorValue
from tests.indicators.story import Certified, certified_cities, long_csv
from tests.people import People

OPEN = "kr-smartcity:D1.I1.1"  # public datasets opened, a count (건) from 0 up
SHARE = "kr-smartcity:D1.I1.2"  # share of machine-readable datasets, 0-100 %


@pytest.fixture
def story(people: People) -> Certified:
    return certified_cities(people)


def series() -> list[tuple[Any, ...]]:
    return list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "current"))


def test_each_bad_row_is_named_and_nothing_is_saved(story: Certified) -> None:
    officer, year = story.people.officer, str(story.today.year)
    good = ("11650", OPEN, year, "120", "건", "공공데이터포털")
    data = long_csv(
        [
            good,
            ("99999", OPEN, year, "1", "건", "x"),
            ("11650", "kr-smartcity:NO.SUCH", year, "1", "", "x"),
            ("11650", SHARE, year, "많음", "%", "x"),
            ("11650", SHARE, year, "55", "km", "x"),
            ("11650", OPEN, year, "130", "건", "x"),
            ("11650", SHARE, year, "140", "%", "x"),
            ("11650", SHARE, str(story.today.year + 1), "40", "%", "x"),
            ("11680", SHARE, year, "40", "%", "x"),
        ]
    )
    before = series()
    plan = plan_import("bad.csv", data, officer, story.today)
    reported = [(r.line, r.field) for r in plan.rejected]
    assert reported == [
        (3, "city"),
        (4, "item"),
        (5, "value"),
        (6, "unit"),
        (7, "item"),
        (8, "value"),
        (9, "period"),
        (10, "city"),
    ]
    reasons = [r.reason for r in plan.rejected]
    assert "99999" in reasons[0] and "많음" in reasons[2] and "km" in reasons[3] and "2" in reasons[4]
    assert [row.line for row in plan.added] == [2]
    with pytest.raises(ImportRefused):
        commit(plan, officer, keep_good_rows=False)
    assert series() == before and not ImportRun.objects.exists()

    commit(plan, officer, keep_good_rows=True)
    assert [(v.item_id, v.value) for v in IndicatorValue.objects.all()] == [("D1.I1.1", Decimal(120))]


def test_wrong_columns_truncated_and_oversized_files_are_refused_whole(story: Certified, settings: Any) -> None:
    officer, year = story.people.officer, str(story.today.year)
    with pytest.raises(ImportRefused, match="value"):
        plan_import("cols.csv", b"city,item,period,amount,unit,source\n11650,D1.I1.1,2025,1,,x\n", officer, story.today)

    cut = long_csv([("11650", OPEN, year, "120", "건", "x")]) + b"11650,kr-smartcity:D1.I1.2,20"
    with translation.override("en"):
        plan = plan_import("cut.csv", cut, officer, story.today)
    assert [(r.line, r.field) for r in plan.rejected] == [(3, "")] and "cut short" in plan.rejected[0].reason
    with translation.override("ko"):
        assert "잘렸" in plan_import("cut.csv", cut, officer, story.today).rejected[0].reason

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["city", "item", "period", "value", "unit", "source"])
    sheet.append(["11650", OPEN, year, 120, "건", "x"])
    whole = io.BytesIO()
    book.save(whole)
    assert len(plan_import("v.xlsx", whole.getvalue(), officer, story.today).added) == 1
    with pytest.raises(ImportRefused, match="XLSX"):
        plan_import("v.xlsx", whole.getvalue()[: len(whole.getvalue()) // 2], officer, story.today)

    big = b"city,item,period,value,unit,source\n" + b"11650,kr-smartcity:D1.I1.1,2025,1,,x\n" * (50 * 2**20 // 30)
    assert len(big) > 50 * 2**20
    with pytest.raises(ImportRefused, match="MB"):
        plan_import("big.csv", big, officer, story.today)
    assert not IndicatorValue.objects.exists()
