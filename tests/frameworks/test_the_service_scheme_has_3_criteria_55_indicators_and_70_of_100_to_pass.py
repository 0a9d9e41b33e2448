"""Korea's smart-city service certification as bundled: a service (not a city) applies; the three criteria of
the 2022 call, confirmed; 55 indicators worth 100 points, all inferred; 70 points certify, 69.99 do not."""

from __future__ import annotations

from decimal import Decimal

from citycert.scoring import Answer, score
from citycert.scoring.model import compile_framework
from tests.support import bundled_frameworks, items_of

SERVICE = bundled_frameworks()["kr-smartcity-service"]


def test_a_service_applies_to_three_confirmed_criteria_over_55_inferred_indicators() -> None:
    assert SERVICE.applicant == "service"
    assert all(framework.applicant == "city" for key, framework in bundled_frameworks().items() if key != SERVICE.id)
    criteria = [node for node in SERVICE.nodes if node.parent is None]
    assert [node.name.ko for node in criteria] == ["체감효과", "기술·기능", "확산가능성"]
    assert all(node.provenance.status == "confirmed" for node in criteria)
    assert all("inference" in (node.provenance.note or "") for node in criteria), "the point split is ours"
    indicators = items_of(SERVICE)
    assert len(indicators) == 55 and SERVICE.total_points == 100
    assert all(item.provenance.status == "inferred" for item in indicators), "the indicator list is not public"
    assert SERVICE.rules.certificate is not None and SERVICE.rules.certificate.provenance.status == "inferred"


def test_70_points_certify_and_less_does_not() -> None:
    model = compile_framework(SERVICE)
    at_four = {item.id: Answer(4) for item in model.items}
    assert score(SERVICE, at_four).certified and score(SERVICE, at_four).total == Decimal(80)
    # Level 4 is 0.8 of an indicator's points and level 3 is 0.6: dropping 2-point indicators from 4 to 3 takes
    # 0.4 each, so 25 of them leave exactly 70 and a 26th 69.6.
    two_pointers = [item.id for item in model.items if item.node.points == 2]
    exactly_70 = {**at_four, **{item: Answer(3) for item in two_pointers[:25]}}
    assert score(SERVICE, exactly_70).total == Decimal(70) and score(SERVICE, exactly_70).certified
    below = {**at_four, **{item: Answer(3) for item in two_pointers[:26]}}
    assert score(SERVICE, below).total == Decimal("69.6") and not score(SERVICE, below).certified
