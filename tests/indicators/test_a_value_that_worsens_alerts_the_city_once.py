"""Seocho-gu's values move from one year to the next: public datasets opened (higher is better) fall by a
third, so the city is alerted, once; its unemployment rate (ISO 37120, lower is better) falls by a third,
which is good news and alerts nobody, while its students per teacher rise by a third, which is bad news and
alerts the city. Small moves alert nobody."""

from __future__ import annotations

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.models import Alert
from tests.indicators.story import long_csv
from tests.people import People

OPENED = "kr-smartcity:D1.I1.1"  # higher is better
SHARE = "kr-smartcity:D1.I1.2"  # higher is better
UNEMPLOYED = "iso37120:37120-2018-5.1"  # lower is better
PUPILS = "iso37120:37120-2018-6.4"  # lower is better


def test_worse_values_alert_better_ones_do_not(people: People) -> None:
    def imported(rows: list[tuple[str, str, str, str, str, str]]) -> list[Alert]:
        plan = plan_import("v.csv", long_csv(rows), people.officer, people.draft.created_at.date())
        return commit_and_alert(plan, people.officer, keep_good_rows=False, today=people.draft.created_at.date())[1]

    imported(
        [
            ("11650", OPENED, "2024", "120", "", "x"),
            ("11650", SHARE, "2024", "50", "", "x"),
            ("11650", UNEMPLOYED, "2024", "6", "", "x"),
            ("11650", PUPILS, "2024", "15", "", "x"),
        ]
    )
    alerts = imported(
        [
            ("11650", OPENED, "2025", "80", "", "x"),  # a third fewer: worse
            ("11650", SHARE, "2025", "45", "", "x"),  # a tenth lower: under the share, no alert
            ("11650", UNEMPLOYED, "2025", "4", "", "x"),  # a third lower: better
            ("11650", PUPILS, "2025", "20", "", "x"),  # a third more: worse
        ]
    )
    assert sorted((a.kind, a.audience, a.condition) for a in alerts) == [
        ("drop", "city", "drop:iso37120:37120-2018-6.4:2025"),
        ("drop", "city", "drop:kr-smartcity:D1.I1.1:2025"),
    ]
    pupils = next(a for a in alerts if "6.4" in a.condition)
    assert "rose by 33%" in pupils.message_en and "lower is better" in pupils.message_en
    assert Alert.objects.count() == 2
