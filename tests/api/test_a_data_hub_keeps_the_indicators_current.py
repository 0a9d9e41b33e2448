"""Seocho-gu's data hub sends a year of indicator values through the API: a dry run first says what would
change and saves nothing; rows it may not send (another city's, text in a number) are named by their place in
the request; with the good rows kept they are stored, projected and readable as the city's series, and the
certifying body sees the projection. Hanam-si's officer sees none of it; the public must sign in."""

from __future__ import annotations

from citycert.indicators.models import IndicatorValue
from tests.api.calling import Caller, error_of
from tests.indicators.story import certified_cities, quantitative_items
from tests.people import People


def test_dry_run_import_and_read_back(people: People) -> None:
    story = certified_cities(people)
    year = str(story.today.year)
    hub, certifier = Caller(people.officer), Caller(people.certifier)
    rows = [
        {"city": "11650", "item": f"kr-smartcity:{item}", "period": year, "value": 0, "source": "데이터허브"}
        for item in quantitative_items()
    ]
    bad = [
        {"city": "11680", "item": "kr-smartcity:D1.I1.1", "period": year, "value": 5},
        {"city": "11650", "item": "kr-smartcity:D1.I1.2", "period": f"{year}-01", "value": "many"},
    ]

    dry = hub.post("/indicators/import", {"rows": rows + bad, "dry_run": True})
    assert dry.status_code == 200 and dry.json()["run"] is None
    assert dry.json()["added"] == len(rows) and not IndicatorValue.objects.exists()
    assert [r["field"] for r in dry.json()["rejected"]] == [
        f"body.rows.{len(rows)}.city",
        f"body.rows.{len(rows) + 1}.value",
    ]

    refused = hub.post("/indicators/import", {"rows": rows + bad})
    assert refused.status_code == 422 and len(error_of(refused)["details"]) == 2
    assert not IndicatorValue.objects.exists()

    done = hub.post("/indicators/import", {"rows": rows + bad, "keep_good_rows": True})
    assert done.status_code == 201 and done.json()["added"] == len(rows) and done.json()["alerts"] == 2

    series = hub.get(f"/cities/{people.seocho.code}/indicators", {"item": "D1.I1.1"}).json()
    assert [(v["item"], v["period"], v["value"]) for v in series["results"]] == [("D1.I1.1", year, 0.0)]
    projected = certifier.get(f"/cities/{people.seocho.code}/projections").json()
    assert len(projected) == 1 and projected[0]["passes"] is False and projected[0]["margin"] < 0

    assert Caller(people.other_officer).get(f"/cities/{people.seocho.code}/indicators").status_code == 404
    assert Caller(people.other_officer).get(f"/cities/{people.seocho.code}/projections").status_code == 404
    assert Caller().get(f"/cities/{people.seocho.code}/indicators").status_code == 401
    assert Caller().post("/indicators/import", {"rows": rows}).status_code == 401
