"""The certifying body imports a year of indicator values for two certified cities from CSV: Seocho-gu's are
much lower than at its decision, so its projected score falls below its certificate's bar, and exactly one
alert goes to the city and one to the certifying body, by email too (sent by the worker); Gangnam-gu's match its decision and
raise nothing. Importing the same file again changes nothing and alerts nothing."""

from __future__ import annotations

from decimal import Decimal

from django.core import mail
from django.utils import translation

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.models import Alert, IndicatorValue, Projection
from tests.indicators.story import a_year_of_values, certified_cities, long_csv, quantitative_items
from tests.people import People
from tests.support import run_queued_jobs


def test_one_alert_each_and_the_same_file_again_changes_nothing(people: People) -> None:
    people.officer.email, people.certifier.email = "smart@seocho.go.kr", "cert@krihs.re.kr"
    people.officer.save()
    people.certifier.save()
    story = certified_cities(people)
    data = a_year_of_values(story, low_for=people.seocho.code)

    plan = plan_import("2026-values.csv", data, people.certifier, story.today)
    assert plan.rejected == [] and len(plan.added) == 2 * len(quantitative_items())
    run, alerts = commit_and_alert(plan, people.certifier, keep_good_rows=False, today=story.today)
    assert run.added == 2 * len(quantitative_items())

    seocho = Projection.objects.get(certificate=story.certificates[people.seocho.code])
    gangnam = Projection.objects.get(certificate=story.certificates[story.gangnam.code])
    assert not seocho.passes and seocho.bar is not None and seocho.total < seocho.bar < seocho.decided_total
    assert seocho.drivers and seocho.drivers[0]["projected"] < seocho.drivers[0]["decided"]
    assert gangnam.passes and gangnam.total == gangnam.decided_total

    assert sorted((a.audience, a.city.code, a.kind) for a in Alert.objects.all()) == [
        ("body", people.seocho.code, "below_bar"),
        ("city", people.seocho.code, "below_bar"),
    ]
    assert sorted(alerts, key=lambda a: a.audience) == sorted(Alert.objects.all(), key=lambda a: a.audience)
    assert mail.outbox == []
    assert run_queued_jobs() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["cert@krihs.re.kr", "smart@seocho.go.kr"]
    assert "서초구" in mail.outbox[0].body and "Seocho-gu" in mail.outbox[0].body

    values, sent = IndicatorValue.objects.count(), len(mail.outbox)
    again = plan_import("2026-values.csv", data, people.certifier, story.today)
    assert (again.added, again.changed, again.unchanged) == ([], [], 2 * len(quantitative_items()))
    _run, more = commit_and_alert(again, people.certifier, keep_good_rows=False, today=story.today)
    assert more == [] and Alert.objects.count() == 2
    assert run_queued_jobs() == 0
    assert IndicatorValue.objects.count() == values and len(mail.outbox) == sent


def test_a_revision_keeps_the_old_value_with_the_reason(people: People) -> None:
    story = certified_cities(people)
    item = quantitative_items()[0]
    first = plan_import("a.csv", a_year_of_values(story, low_for=people.seocho.code), people.certifier, story.today)
    commit_and_alert(first, people.certifier, keep_good_rows=False, today=story.today)
    before = IndicatorValue.objects.get(city=people.seocho, item_id=item, current=True)
    fixed = a_year_of_values(story, low_for="nobody")
    second = plan_import("b.csv", fixed, people.certifier, story.today)
    assert len(second.changed) == len(quantitative_items())
    commit_and_alert(second, people.certifier, keep_good_rows=False, today=story.today)
    now = IndicatorValue.objects.get(city=people.seocho, item_id=item, current=True)
    before.refresh_from_db()
    assert not before.current and now.replaces == before
    # The import's own wording is said in the reader's language, whatever language the import ran in.
    with translation.override("ko"):
        assert now.reason == "" and now.reason_shown == "b.csv 가져오기"
    with translation.override("en"):
        assert now.reason_shown == "import of b.csv"
    assert Projection.objects.get(certificate=story.certificates[people.seocho.code]).passes


def test_a_correction_carries_the_reason_given(people: People) -> None:
    story = certified_cities(people)
    year = str(story.today.year)
    first = long_csv([("11650", "kr-smartcity:D1.I1.1", year, "120", "건", "공공데이터포털")])
    commit_and_alert(
        plan_import("a.csv", first, people.officer, story.today),
        people.officer,
        keep_good_rows=False,
        today=story.today,
    )
    fixed = long_csv(
        [("11650", "kr-smartcity:D1.I1.1", year, "112", "건", "공공데이터포털", "중복 데이터셋 8건 제외")],
        header="city,item,period,value,unit,source,reason",
    )
    commit_and_alert(
        plan_import("b.csv", fixed, people.officer, story.today),
        people.officer,
        keep_good_rows=False,
        today=story.today,
    )
    now = IndicatorValue.objects.get(city=people.seocho, item_id="D1.I1.1", current=True)
    assert now.replaces is not None
    assert (now.value, now.reason, now.replaces.value) == (Decimal(112), "중복 데이터셋 8건 제외", Decimal(120))
