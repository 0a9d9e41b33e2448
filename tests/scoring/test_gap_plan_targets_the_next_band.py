"""A city short of the bar is told the next step for each item, not its maximum: the least value of the next
scoring band (or the level the scheme needs), with the points it brings.

One case per scoring kind per bundled scheme. Each case leaves one item short and sets the rest so that the
item's next step is the smallest that closes the gap; the expected targets are worked out by hand from the
framework files (the comments show the sums).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from citycert.frameworks.loader import LIBRARY, load_framework
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer, score
from citycert.scoring.model import compile_framework


def bundled(name: str) -> Framework:
    return load_framework((LIBRARY / name).read_text(encoding="utf-8"), name)


KR = bundled("kr-smartcity-2024.yaml")
BSI = bundled("bsi-iso37106-2021.yaml")
ISO = bundled("iso37120-2018.yaml")
U4SSC = bundled("u4ssc-kpi-2017.yaml")


def at_best(framework: Framework) -> dict[str, Answer]:
    return {item.id: Answer(item.values[-1]) for item in compile_framework(framework).items}


def plan_of(framework: Framework, answers: dict[str, Answer], target: Any = None) -> list[tuple[Any, ...]]:
    result = score(framework, answers, target=target)
    assert result.target_reachable is True
    return [(gap.item, gap.before, gap.after, gap.action, gap.points) for gap in result.gaps]


# The national scheme: 2,000 points; grade 1 needs 90 % (1,800). Every item at its best, then four
# booleans left at 아니오 lose 170 points: D3.I2.1 (50), D3.I3.1 (50), D2.I1.1 (40), D2.I3.4 (30).
KR_SHORT = {name: Answer(False) for name in ("D3.I2.1", "D3.I3.1", "D2.I1.1", "D2.I3.4")}


def kr(item: str, value: Any, **others: Answer) -> dict[str, Answer]:
    return {
        **at_best(KR),
        **KR_SHORT,
        **{key.replace("_", "."): answer for key, answer in others.items()},
        item: Answer(value),
    }


def test_kr_qualitative_item_one_level_up() -> None:
    # D3.I1.3 (50 points, 10 a level) at level 3 loses 20; D3.I2.3 (60 points, 12 a level) at 4 loses 12.
    # 2,000 - 170 - 20 - 12 = 1,798: 2 short. Level 3 -> 4 brings 10, the least step that covers 2
    # (D3.I2.3's next level brings 12, a boolean 30 to 50).
    answers = kr("D3.I1.3", 3, D3_I2_3=Answer(4))
    assert plan_of(KR, answers, target=1) == [("D3.I1.3", 3, 4, "raise", Decimal(10))]


def test_kr_banded_quantity_to_the_least_value_of_the_next_band() -> None:
    # D1.I1.1 datasets: bands 0-20 (0), 20-50 (10), 50-100 (20), 100- (30). At 30 it earns 10, loses 20.
    # With D3.I2.3 at level 4 (loses 12): 1,798, 2 short. The next band starts at 50 and brings 10: not 100.
    answers = kr("D1.I1.1", Decimal(30), D3_I2_3=Answer(4))
    assert plan_of(KR, answers, target=1) == [("D1.I1.1", Decimal(30), Decimal(50), "raise", Decimal(10))]


def test_kr_linear_percentage_to_the_next_quarter() -> None:
    # D1.I1.2 machine-readable share: 40 points from 0 % to 100 %, offered in quarters. At 40 % it earns 16,
    # loses 24. D2.I1.2 (40) at 아니오 as well, D2.I3.4 at 예: losses 50 + 50 + 40 + 40 + 24 = 204, 1,796,
    # 4 short. 40 % -> 50 % brings exactly 4: not 100 %.
    answers = kr("D1.I1.2", Decimal(40), D2_I1_2=Answer(False), D2_I3_4=Answer(True))
    assert plan_of(KR, answers, target=1) == [("D1.I1.2", Decimal(40), Decimal(50), "raise", Decimal(4))]


def test_kr_boolean_to_yes() -> None:
    # D1.I2.4 ordinance (20) at 아니오 loses 20. D2.I1.2 (40) at 아니오, D2.I3.4 at 예, D3.I1.1 at 5 services
    # (40 of 60, loses 20): 50 + 50 + 40 + 40 + 20 + 20 = 220 lost, 1,780, 20 short. Two steps bring exactly
    # 20 (D1.I2.4 to 예, D3.I1.1 to 8); the earlier item in the framework is named.
    answers = kr("D1.I2.4", False, D2_I1_2=Answer(False), D2_I3_4=Answer(True), D3_I1_1=Answer(Decimal(5)))
    assert plan_of(KR, answers, target=1) == [("D1.I2.4", False, True, "raise", Decimal(20))]


def test_bsi_maturity_item_to_the_level_the_scheme_needs() -> None:
    # Certified needs every item at level 3 or above: BM.vision at 1 goes to 3 (the level needed), not to 5.
    # The items earn their level in points: 2 points.
    answers = {**{item: Answer(4) for item in at_best(BSI)}, "BM.vision": Answer(1)}
    assert plan_of(BSI, answers) == [("BM.vision", 1, 3, "raise", Decimal(2))]


def test_bsi_maturity_item_one_level_up_for_the_next_level() -> None:
    # 21 items at 4 and BM.vision at 3: mean 87 / 22, level 3 (rounded down). Level 4 needs a sum of 88:
    # one level more on one item; every item's step is worth 1, and the first item in the framework is named.
    answers = {**{item: Answer(4) for item in at_best(BSI)}, "BM.vision": Answer(3)}
    assert plan_of(BSI, answers, target=4) == [("BM.vision", 3, 4, "raise", Decimal(1))]


ISO_ITEMS = [item.id for item in compile_framework(ISO).items]


def test_iso37120_unscored_indicator_is_reported_not_set_to_zero() -> None:
    # Aspirational needs 30 indicators reported. 29 are (the 2nd to the 30th); the unemployment rate (5.1,
    # lower is better, earns no points) is the first of the rest: the plan asks for it to be reported,
    # with no value proposed (never "-> 0").
    answers = {item: Answer(Decimal(1)) for item in ISO_ITEMS[1:30]}
    assert ISO_ITEMS[0] == "37120-2018-5.1"
    assert plan_of(ISO, answers) == [("37120-2018-5.1", None, None, "report", Decimal(0))]


def test_iso37120_unverified_indicator_is_verified() -> None:
    # The unemployment rate is given (7.5 %) but not verified, so it does not count: verifying it is the step.
    answers = {item: Answer(Decimal(1)) for item in ISO_ITEMS[1:30]}
    answers["37120-2018-5.1"] = Answer(Decimal("7.5"), verified=False)
    assert plan_of(ISO, answers) == [("37120-2018-5.1", Decimal("7.5"), Decimal("7.5"), "verify", Decimal(0))]


def test_u4ssc_percent_of_target_higher_is_better_to_the_next_band() -> None:
    # Only EC:ICT:ICT:1C answered (unanswered items are left out): target 100 %, bands of the ratio to it
    # 0-0.33 (1 point), 0.33-0.66 (2), 0.66-0.95 (3), 0.95- (4). At 40 % it earns 2 of 4; band 3 (66 % of
    # the maximum) needs 2.64: 66 % (ratio 0.66) earns 3. The Wi-Fi hotspot count (EC:ICT:ICT:5A) earns no
    # points and is never proposed.
    assert plan_of(U4SSC, {"EC:ICT:ICT:1C": Answer(Decimal(40))}, target=3) == [
        ("EC:ICT:ICT:1C", Decimal(40), Decimal(66), "raise", Decimal(1))
    ]


def test_u4ssc_percent_of_target_lower_is_better_to_the_next_band() -> None:
    # PM2.5, target 10 µg/m³, lower is better: the ratio is 10 / value. At 20 it is 0.5 (2 points); band 3
    # needs the ratio 0.66, so at most 10 / 0.66 = 15.1515…, named with three figures rounded to the better
    # side: 15.1 (ratio 0.662). Not the target 10, and never 0.
    assert plan_of(U4SSC, {"EN:EN:AQ:1C:PM2.5": Answer(Decimal(20))}, target=3) == [
        ("EN:EN:AQ:1C:PM2.5", Decimal(20), Decimal("15.1"), "raise", Decimal(1))
    ]


@pytest.mark.parametrize("framework", [KR, BSI, ISO, U4SSC], ids=lambda framework: framework.id)
def test_the_plan_is_ordered_by_the_points_each_step_brings(framework: Framework) -> None:
    answers: dict[str, Answer] = {}
    result = score(framework, answers, target=None)
    points = [gap.points for gap in result.gaps]
    assert points == sorted(points, reverse=True)
