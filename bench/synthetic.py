"""Synthetic frameworks and responses for benchmarks and property tests.

The framework is written as a YAML document and read back through the real loader, so whatever is
generated is also a valid framework file.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import yaml

from citycert.frameworks.loader import load_framework
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer

KINDS = ("maturity", "qualitative", "quantitative_bands", "quantitative_linear", "quantitative_target", "boolean")
QUANTITATIVE_KINDS = ("quantitative_bands", "quantitative_linear", "quantitative_target")


def framework_document(
    items: int = 1000, *, seed: int = 0, weighted: bool = True, kinds: tuple[str, ...] = KINDS
) -> dict[str, Any]:
    """A framework of `items` items in domains of groups of ten, the item types of `kinds` taken in turn."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    groups_per_domain = 10
    group_count = max(1, (items + 9) // 10)
    domain_count = max(1, (group_count + groups_per_domain - 1) // groups_per_domain)
    for domain in range(domain_count):
        nodes.append(_group(f"D{domain}", None, weight=rng.choice((1, 2)) if weighted else 1))
    made = 0
    for group in range(group_count):
        group_id = f"D{group // groups_per_domain}.G{group}"
        nodes.append(_group(group_id, f"D{group // groups_per_domain}", weight=1))
        for _ in range(min(10, items - made)):
            nodes.append(_item(f"{group_id}.I{made}", group_id, kinds[made % len(kinds)], rng))
            made += 1
    # A floor on levels only where there are levelled items: the loader refuses a condition with nothing to test.
    floor: list[dict[str, Any]] = []
    if {"maturity", "qualitative"} & set(kinds):
        floor.append(
            {
                "id": "floor",
                "name": {"ko": "모든 성숙도 항목 2수준 이상", "en": "Every levelled item at level 2 or above"},
                "every_item": {"min_level": 2},
            }
        )
    return {
        "schema": "citycert/framework@1",
        "id": "synthetic",
        "version": str(seed),
        "name": {"ko": "합성 평가 체계", "en": "Synthetic framework"},
        "description": {"ko": "벤치마크와 시험용", "en": "For benchmarks and tests"},
        "owner": {"ko": "citycert", "en": "citycert"},
        "provenance": "inferred",
        "scales": [
            {
                "id": "five",
                "name": {"ko": "5단계", "en": "Five levels"},
                "provenance": "inferred",
                "levels": [
                    {"value": value, "name": {"ko": f"{value}수준", "en": f"Level {value}"}} for value in range(1, 6)
                ],
            }
        ],
        "rules": {
            "provenance": "inferred",
            "pass": {
                "all": [
                    *floor,
                    {
                        "id": "ratio",
                        "name": {"ko": "60% 이상", "en": "60 % or more"},
                        "total": {"min_ratio": 0.6},
                    },
                ]
            },
            "classification": {
                "kind": "grade",
                "basis": "ratio",
                "provenance": "inferred",
                "bands": [
                    {"id": grade, "min": floor} for grade, floor in ((1, 0.9), (2, 0.8), (3, 0.6), (4, 0.4), (5, 0))
                ],
            },
        },
        "nodes": nodes,
    }


def _group(node_id: str, parent: str | None, weight: int) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "name": {"ko": node_id, "en": node_id}, "provenance": "inferred"}
    if parent:
        node["parent"] = parent
    if weight != 1:
        node["weight"] = weight
    return node


def _item(node_id: str, parent: str, kind: str, rng: random.Random) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": node_id,
        "parent": parent,
        "name": {"ko": f"지표 {node_id}", "en": f"Indicator {node_id}"},
        "provenance": "inferred",
    }
    points = rng.choice((10, 20, 30, 40))
    if kind == "maturity":
        node.update(type="maturity", scale="five")
    elif kind == "qualitative":
        node.update(type="qualitative", scale="five", points=points)
    elif kind == "boolean":
        node.update(type="boolean", points=points)
    else:
        node.update(
            type="quantitative", unit={"ko": "개", "en": "count"}, direction="higher_is_better", min=0, max=1000
        )
        if kind == "quantitative_bands":
            node["scoring"] = {
                "method": "bands",
                "bands": [
                    {"min": 0, "max": 10, "points": 0},
                    {"min": 10, "max": 50, "points": points // 2},
                    {"min": 50, "points": points},
                ],
            }
        elif kind == "quantitative_linear":
            node.update(points=points, scoring={"method": "linear", "worst": 0, "best": 100})
        else:
            node["scoring"] = {
                "method": "percent_of_target",
                "target": 80,
                "bands": [
                    {"min": 0, "max": 0.33, "points": 1},
                    {"min": 0.33, "max": 0.66, "points": 2},
                    {"min": 0.66, "max": 0.95, "points": 3},
                    {"min": 0.95, "points": 4},
                ],
            }
    return node


def synthetic_framework(items: int = 1000, *, seed: int = 0, weighted: bool = True) -> Framework:
    """The synthetic framework, loaded and checked like any framework file."""
    text = yaml.safe_dump(framework_document(items, seed=seed, weighted=weighted), allow_unicode=True)
    return load_framework(text, f"synthetic-{items}.yaml")


def full_responses(framework: Framework, *, seed: int = 0) -> dict[str, Answer]:
    """An answer for every item, spread over each item's range."""
    rng = random.Random(seed)
    answers: dict[str, Answer] = {}
    for node in framework.nodes:
        if node.type in ("maturity", "qualitative"):
            answers[node.id] = Answer(rng.randint(1, 5))
        elif node.type == "boolean":
            answers[node.id] = Answer(rng.random() < 0.5)
        elif node.type == "quantitative":
            answers[node.id] = Answer(Decimal(rng.randint(0, 120)))
    return answers
