"""Seocho-gu's officer starts next year's national-scheme draft and takes its quantitative values from the
city's indicator series: the unanswered items are filled from the year's values (the newest month where the
data is monthly), marked pre-filled for the officer to confirm; an item already answered keeps its answer;
Hanam-si's officer cannot do it to Seocho-gu's draft."""

from __future__ import annotations

from django.test import Client

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.library.store import find_version
from tests.indicators.story import certified_cities, long_csv
from tests.people import People
from tests.registry.story import in_english

OPEN, SHARE, APIS = "D1.I1.1", "D1.I1.2", "D1.I1.3"


def test_unanswered_items_are_filled_and_marked_for_confirmation(people: People) -> None:
    story = certified_cities(people)
    year = story.today.year
    values = long_csv(
        [
            ("11650", f"kr-smartcity:{OPEN}", str(year), "150", "건", "공공데이터포털"),
            ("11650", f"kr-smartcity:{SHARE}", f"{year}-01", "40", "%", "데이터허브"),
            ("11650", f"kr-smartcity:{SHARE}", f"{year}-{story.today.month:02d}", "60", "%", "데이터허브"),
            ("11650", f"kr-smartcity:{APIS}", str(year), "9", "", "데이터허브"),
        ]
    )
    commit_and_alert(
        plan_import("v.csv", values, people.officer, story.today),
        people.officer,
        keep_good_rows=False,
        today=story.today,
    )
    draft = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, year, people.officer
    )
    save_response(draft, APIS, ResponseInput(value="12"), people.officer)

    assert Client().post(f"/assessments/{draft.pk}/fill-from-series/").status_code == 302  # to log in
    other = Client()
    other.force_login(people.other_officer)
    assert other.post(f"/assessments/{draft.pk}/fill-from-series/").status_code == 404

    officer = Client()
    officer.force_login(people.officer)
    page = officer.get(f"/assessments/{draft.pk}/").content.decode()
    assert f'action="/assessments/{draft.pk}/fill-from-series/"' in page
    assert officer.post(f"/assessments/{draft.pk}/fill-from-series/").status_code == 302

    answers = {r.item_id: r for r in draft.responses.all()}
    assert (answers[OPEN].value, answers[OPEN].value_year, answers[OPEN].data_source) == ("150", year, "공공데이터포털")
    assert answers[SHARE].value == "60"  # the newest month
    assert not answers[OPEN].confirmed and answers[OPEN].prefilled_from
    assert answers[APIS].value == "12" and answers[APIS].confirmed  # the officer's own answer stays
    assert "pre-filled" in in_english(officer).get(f"/assessments/{draft.pk}/").content.decode()
