"""Every published outcome in tests/scenarios, replayed through `citycert score` as a city officer would.

Each case is turned into a responses file, scored by the command, and the JSON it prints is compared
with the published result. A case of a shape this file does not know fails, so no case is skipped silently.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from citycert.frameworks.schema import Framework, Node
from tests.support import SCENARIOS, bundled_frameworks, items_of, run

pytestmark = pytest.mark.django_db

FRAMEWORKS = bundled_frameworks()


def scenario_documents() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        documents.extend(doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc)
    return documents


def cases(section: str) -> list[Any]:
    found = []
    for doc in scenario_documents():
        for index, case in enumerate(doc.get(section) or []):
            found.append(pytest.param(doc["framework"], case, id=f"{doc['framework']}-{case.get('name', index)}"))
    return found


def score_json(framework_id: str, responses: dict[str, Any], tmp_path: Path, *extra: str) -> dict[str, Any]:
    path = tmp_path / "responses.yaml"
    path.write_text(yaml.safe_dump({"responses": responses}, allow_unicode=True), encoding="utf-8")
    ran = run("score", "--framework", framework_id, str(path), "--json", *extra)
    assert ran.code == 0, ran.err
    result: dict[str, Any] = json.loads(ran.out)
    return result


# --- choosing values the way a person reading the framework would ---------------------------------


def best_value(node: Node, framework: Framework) -> Any:
    """The value that earns an item's full points, read from its definition."""
    if node.type in ("maturity", "qualitative"):
        return max(level.value for level in _scale(node, framework).levels)
    if node.type == "boolean":
        return True
    return _quantitative_value(node, best=True)


def worst_value(node: Node, framework: Framework) -> Any:
    if node.type in ("maturity", "qualitative"):
        return min(level.value for level in _scale(node, framework).levels)
    if node.type == "boolean":
        return False
    return _quantitative_value(node, best=False)


def _scale(node: Node, framework: Framework) -> Any:
    return next(scale for scale in framework.scales if scale.id == node.scale)


def _quantitative_value(node: Node, *, best: bool) -> Any:
    scoring = node.scoring
    lower = node.direction == "lower_is_better"
    if scoring is None:
        return float(node.min or 0)
    if scoring.method == "linear":
        return float(scoring.best if best else scoring.worst)  # type: ignore[arg-type]
    if scoring.method == "percent_of_target":
        target = scoring.target or Decimal(1)
        if best:
            return float(target)
        return float(target * 100) if lower else float(node.min or 0)
    bands = scoring.bands or []
    band = max(bands, key=lambda b: b.points) if best else min(bands, key=lambda b: b.points)
    if band.min is not None and not (lower and band.max is not None):
        return float(band.min)
    assert band.max is not None
    return float(band.max - 1)


def answers_totalling(framework: Framework, total: int) -> dict[str, Any]:
    """Responses whose points add up to exactly `total`, the linear items taking up the remainder."""
    items = items_of(framework)
    responses = {node.id: worst_value(node, framework) for node in items}
    remaining = Decimal(total) - sum((_points(node, framework, responses[node.id]) for node in items), Decimal(0))
    linear = [node for node in items if node.scoring is not None and node.scoring.method == "linear"]
    for node in [node for node in items if node not in linear]:
        options = _options(node, framework)
        start = _points(node, framework, responses[node.id])
        fitting = [(points - start, value) for value, points in options if Decimal(0) <= points - start <= remaining]
        gain, value = max(fitting, key=lambda option: option[0])
        responses[node.id] = value
        remaining -= gain
    for node in linear:
        scoring = node.scoring
        assert scoring is not None and scoring.worst is not None and scoring.best is not None and node.points
        gain = min(remaining, node.points)
        responses[node.id] = float(scoring.worst + (scoring.best - scoring.worst) * gain / node.points)
        remaining -= gain
    assert remaining == 0, f"could not reach {total} points exactly ({remaining} left)"
    return responses


def _options(node: Node, framework: Framework) -> list[tuple[Any, Decimal]]:
    if node.type in ("maturity", "qualitative"):
        values: list[Any] = [level.value for level in _scale(node, framework).levels]
    elif node.type == "boolean":
        values = [False, True]
    else:
        assert node.scoring is not None
        values = [float(band.min) for band in node.scoring.bands or [] if band.min is not None]
    return [(value, _points(node, framework, value)) for value in values]


def _points(node: Node, framework: Framework, value: Any) -> Decimal:
    """Points of one value, computed from the definition independently of the engine."""
    if node.type in ("maturity", "qualitative"):
        scale = _scale(node, framework)
        if node.level_points:
            return node.level_points[value]
        level = next(level for level in scale.levels if level.value == value)
        share = level.share if level.share is not None else Decimal(value) / scale.levels[-1].value
        return (node.points or Decimal(value)) * share if node.points else Decimal(value)
    if node.type == "boolean":
        return (node.points or Decimal(1)) if value else Decimal(0)
    scoring = node.scoring
    assert scoring is not None
    number = Decimal(str(value))
    if scoring.method == "linear":
        assert scoring.worst is not None and scoring.best is not None and node.points is not None
        share = (number - scoring.worst) / (scoring.best - scoring.worst)
        return node.points * min(Decimal(1), max(Decimal(0), share))
    for band in scoring.bands or []:
        if (band.min is None or number >= band.min) and (band.max is None or number < band.max):
            return band.points
    return Decimal(0)


# --- the cases -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("framework_id", "case"), cases("cases"))
def test_a_published_case_gives_its_published_result(framework_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    framework = FRAMEWORKS[framework_id]
    expect = case["expect"]
    results = [score_json(framework_id, responses, tmp_path) for responses in responses_for(framework, case)]
    for result in results:
        for key, wanted in expect.items():
            if key == "failed_conditions_min":
                assert len(result["failed_conditions"]) >= wanted
            elif key == "points":
                assert result["total"] == wanted
            elif key == "band":
                assert result["band"] == wanted
            else:
                assert result[key] == wanted, f"{key}: {result[key]!r} != {wanted!r} in {case['name']}"


def responses_for(framework: Framework, case: dict[str, Any]) -> list[dict[str, Any]]:
    """One or more response sets that stand for the case (several when order must not matter)."""
    items = items_of(framework)
    if "levels" in case:
        levels = [level for level, count in sorted(case["levels"].items(), reverse=True) for _ in range(count)]
        assert len(levels) == len(items)
        forwards = {node.id: level for node, level in zip(items, levels, strict=True)}
        backwards = {node.id: level for node, level in zip(items, reversed(levels), strict=True)}
        return [forwards, backwards]
    if case.get("fill") == "max":
        return [{node.id: best_value(node, framework) for node in items}]
    if case.get("fill") == "min":
        return [{node.id: worst_value(node, framework) for node in items}]
    if "total_points" in case:
        return [answers_totalling(framework, case["total_points"])]
    if "kpi_points" in case:
        return [u4ssc_education_answers(framework, case["kpi_points"])]
    if "value_ratio_to_target" in case:
        node = next(node for node in items if _has_target(node) and node.direction == "higher_is_better")
        assert node.scoring is not None and node.scoring.target is not None
        return [{node.id: float(node.scoring.target * Decimal(str(case["value_ratio_to_target"])))}]
    if "verified_count" in case:
        return [{node.id: {"value": 1, "verified": True} for node in items[: case["verified_count"]]}]
    raise AssertionError(f"scenario shape not understood: {case}")


def _has_target(node: Node) -> bool:
    return node.scoring is not None and node.scoring.method == "percent_of_target" and node.scoring.target is not None


RATIO_FOR_POINTS = {1: Decimal("0.2"), 2: Decimal("0.5"), 3: Decimal("0.8"), 4: Decimal(1)}


def u4ssc_education_answers(framework: Framework, kpi_points: list[int]) -> dict[str, Any]:
    """Values for KPIs of the Education category that earn the given points by their distance to target."""
    education = {node.id for node in framework.nodes if not node.assessable and node.name.en == "Education"}
    kpis = [node for node in items_of(framework) if node.parent in education and _has_target(node)]
    assert len(kpis) >= len(kpi_points), "the Education category needs enough KPIs with targets"
    responses = {}
    for node, points in zip(kpis, kpi_points, strict=False):
        assert node.scoring is not None and node.scoring.target is not None
        ratio = RATIO_FOR_POINTS[points]
        target = node.scoring.target
        value = target / ratio if node.direction == "lower_is_better" else target * ratio
        responses[node.id] = float(value)
    return responses


@pytest.mark.parametrize(("framework_id", "case"), cases("categories"))
def test_a_city_falls_in_its_published_category(framework_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    kind = case["kind"].replace(" ", "_").replace("-", "_")
    result = score_json(framework_id, {}, tmp_path, "--kind", kind, "--population", str(case["population"]))
    assert result["category"] == case["expect"]


@pytest.mark.parametrize(("framework_id", "case"), cases("validity"))
def test_a_certificate_expires_and_asks_for_extension_on_the_published_dates(
    framework_id: str, case: dict[str, Any]
) -> None:
    ran = run("frameworks", "schedule", framework_id, "--issued", date.isoformat(case["issued"]), "--json")
    assert ran.code == 0, ran.err
    schedule = json.loads(ran.out)
    assert schedule["expires"] == case["expect_expires"].isoformat()
    assert schedule["extension_deadline"] == case["expect_extension_deadline"].isoformat()


@pytest.mark.parametrize(("framework_id", "case"), cases("published_outcomes"))
def test_a_published_national_outcome_is_reproducible(framework_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    # Item-level results are not published: a total inside the published grade stands for the city's result.
    framework = FRAMEWORKS[framework_id]
    grade = case.get("grade", 3)
    classification = framework.rules.classification
    assert classification is not None and classification.bands is not None
    floor = next(band.min for band in classification.bands if band.id == grade)
    total = int(floor * (framework.total_points or Decimal(0))) + 10
    kind = "autonomous_district" if case["city"].endswith("구") else "city"
    result = score_json(
        framework_id, answers_totalling(framework, total), tmp_path, "--kind", kind, "--population", "300000"
    )
    assert result["certified"] is case["certified"]
    assert result["grade"] == grade
    assert result["category"] == case["category"]
