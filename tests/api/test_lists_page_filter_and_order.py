"""A researcher pages through cities and certificates: limit and offset page, filters narrow, order orders,
and a filter or order the API does not know is 422 naming the parameter."""

from __future__ import annotations

from tests.api.calling import Caller, error_of
from tests.people import People


def test_cities_page_filter_and_order(people: People) -> None:
    public = Caller()
    everyone = public.get("/cities", {"order": "-code"}).json()
    codes = [city["code"] for city in everyone["results"]]
    assert everyone["count"] == 3 and codes == sorted(codes, reverse=True)

    first, second = (public.get("/cities", {"limit": 2, "offset": offset}).json() for offset in (0, 2))
    assert [c["code"] for c in first["results"] + second["results"]] == sorted(codes)
    assert (first["count"], len(first["results"]), len(second["results"])) == (3, 2, 1)

    assert [c["code"] for c in public.get("/cities", {"parent": "11000"}).json()["results"]] == [people.seocho.code]
    assert [c["code"] for c in public.get("/cities", {"kind": "city"}).json()["results"]] == [people.hanam.code]
    assert [c["code"] for c in public.get("/cities", {"q": "하남"}).json()["results"]] == [people.hanam.code]


def test_unknown_filters_orders_and_limits_are_named(people: People) -> None:
    public = Caller()
    for query, field in (
        ({"order": "population"}, "query.order"),
        ({"kind": "village"}, "query.kind"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"offset": -1}, "query.offset"),
    ):
        answer = public.get("/cities", query)
        assert answer.status_code == 422, query
        assert [detail["field"] for detail in error_of(answer)["details"]] == [field], query
    assert public.get("/certificates", {"status": "lost"}).status_code == 422


def test_an_id_larger_than_any_database_holds_is_invalid_not_a_crash(people: People) -> None:
    officer = Caller(people.officer)
    huge = "13060973966686519932208807936"
    for path, query in ((f"/assessments/{huge}", None), ("/applications", {"round": huge})):
        answer = officer.get(path, query)
        assert answer.status_code == 422, (path, answer.content)
        assert error_of(answer)["code"] == "invalid"
