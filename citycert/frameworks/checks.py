"""Checks that span several elements of a framework file: ids, the tree, points, bands and rules.

Each check returns located problems and never stops at the first, so an author sees them all at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from citycert.frameworks.located_yaml import Located, Problem
from citycert.frameworks.names import alias_denotes
from citycert.frameworks.points import item_max_points
from citycert.frameworks.schema import (
    Category,
    CategoryRule,
    Condition,
    Crosswalk,
    Framework,
    FrameworkHeader,
    Node,
    Provenance,
    ReviewStage,
    Rules,
    Scale,
    ValueBand,
)
from citycert.frameworks.vocabulary import LOCAL_GOVERNMENT_KINDS

LEVELLED = ("maturity", "qualitative")
# Fields that only some item types may carry; anything else on a node is a mistake worth naming.
FIELDS_BY_TYPE: dict[str | None, set[str]] = {
    None: {"points"},
    "maturity": {"scale", "points"},
    "qualitative": {"scale", "points", "level_points"},
    "quantitative": {"unit", "direction", "min", "max", "scoring", "points"},
    "boolean": {"points"},
}
TYPE_SPECIFIC = {"scale", "level_points", "unit", "direction", "min", "max", "scoring", "points"}


@dataclass(frozen=True)
class Skeleton:
    """The bare tree of a node, read from the raw file so that even an invalid node takes part."""

    index: int
    id: str
    parent: str | None
    assessable: bool


def skeletons(raw_nodes: Any) -> list[Skeleton]:
    """Id, parent and kind of every node that has at least a text id."""
    found = []
    for index, raw in enumerate(raw_nodes if isinstance(raw_nodes, list) else []):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            parent = raw.get("parent")
            found.append(
                Skeleton(index, raw["id"], parent if isinstance(parent, str) else None, raw.get("type") is not None)
            )
    return found


def check_framework(
    doc: Located, header: FrameworkHeader | None, nodes: list[tuple[int, Node]], sections: Mapping[str, Any]
) -> list[Problem]:
    """Every cross-element problem of a framework file.

    `header` is None when some part of it is invalid; `sections` then holds the parts that are valid,
    so that the checks of those parts still run and the author sees every problem at once.
    """
    tree = skeletons(doc.data.get("nodes") if isinstance(doc.data, dict) else None)
    problems = _check_tree(doc, tree)
    by_id: dict[str, tuple[int, Node]] = {}
    for index, node in nodes:
        by_id.setdefault(node.id, (index, node))
    scales = {scale.id: scale for scale in sections.get("scales") or []}
    for index, node in nodes:
        problems += _check_node(doc, index, node, scales if "scales" in sections else None)
    problems += _check_ids(doc, sections)
    problems += _check_sources(doc, sections, nodes)
    problems += _check_aliases(doc, sections, nodes)
    # Sums over a tree with an invalid or duplicated node would only repeat that node's problem.
    whole_tree = len(by_id) == len(tree) == len(nodes)
    if "scales" in sections:
        problems += _check_scales(doc, sections["scales"])
        if "total_points" in sections and whole_tree:
            problems += _check_points(doc, sections["total_points"], sections["scales"], by_id)
    if "categories" in sections and "category_rules" in sections:
        problems += _check_categories(doc, sections["categories"], sections["category_rules"])
    if "rules" in sections and "scales" in sections:
        problems += _check_rules(doc, sections["rules"], sections["scales"], by_id)
    return problems


def _check_tree(doc: Located, tree: list[Skeleton]) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, Skeleton] = {}
    for node in tree:
        if node.id in by_id:
            problems.append(
                doc.problem(
                    ("nodes", node.index, "id"),
                    f"duplicate node id {node.id!r} (first at nodes[{by_id[node.id].index}])",
                )
            )
        else:
            by_id[node.id] = node
    children: Counter[str] = Counter()
    for node in by_id.values():
        if node.parent is None:
            continue
        if node.parent not in by_id:
            problems.append(
                doc.problem(("nodes", node.index, "parent"), f"node {node.id!r}: parent {node.parent!r} does not exist")
            )
            continue
        children[node.parent] += 1
        if by_id[node.parent].assessable:
            problems.append(
                doc.problem(
                    ("nodes", node.index, "parent"),
                    f"node {node.id!r}: parent {node.parent!r} is an assessable item; only groups (no type) have children",
                )
            )
    in_cycle: set[str] = set()
    for node in by_id.values():
        seen = [node.id]
        current = node
        while current.parent is not None and current.parent in by_id:
            current = by_id[current.parent]
            if current.id in seen:
                cycle = seen[seen.index(current.id) :]
                if not in_cycle & set(cycle):
                    in_cycle |= set(cycle)
                    chain = " -> ".join([*cycle, current.id])
                    problems.append(
                        doc.problem(("nodes", node.index, "parent"), f"node {node.id!r}: parents form a cycle: {chain}")
                    )
                break
            seen.append(current.id)
    for node in by_id.values():
        if not node.assessable and children[node.id] == 0:
            problems.append(
                doc.problem(
                    ("nodes", node.index),
                    f"node {node.id!r} is a group (no type) with no children; give it a type or children",
                )
            )
    if by_id and not any(node.assessable for node in by_id.values()):
        problems.append(doc.problem(("nodes",), "the framework has no assessable item (a node with a type)"))
    return problems


def _check_node(doc: Located, index: int, node: Node, scales: Mapping[str, Any] | None) -> list[Problem]:
    at = ("nodes", index)
    problems: list[Problem] = []
    label = f"node {node.id!r}"
    allowed = FIELDS_BY_TYPE[node.type]
    for field in sorted(TYPE_SPECIFIC - allowed):
        if field in node.model_fields_set:
            kind = f"a {node.type} item" if node.type else "a group"
            problems.append(doc.problem((*at, field), f"{label}: {field!r} does not apply to {kind}", on_key=True))
    if node.type in LEVELLED:
        if node.scale is None:
            problems.append(doc.problem(at, f"{label}: a {node.type} item needs a scale"))
        elif scales is not None and node.scale not in scales:
            problems.append(doc.problem((*at, "scale"), f"{label}: scale {node.scale!r} is not defined under scales"))
        elif scales is not None and node.level_points is not None:
            values = {level.value for level in scales[node.scale].levels}
            if set(node.level_points) != values:
                problems.append(
                    doc.problem(
                        (*at, "level_points"),
                        f"{label}: level_points must give points for exactly the levels {sorted(values)}",
                    )
                )
    if node.type == "qualitative" and node.points is None and node.level_points is None:
        problems.append(doc.problem(at, f"{label}: a qualitative item needs points (or level_points)"))
    if node.type == "quantitative":
        problems += _check_quantitative(doc, at, node)
    return problems


def _check_quantitative(doc: Located, at: tuple[Any, ...], node: Node) -> list[Problem]:
    problems: list[Problem] = []
    label = f"node {node.id!r}"
    if node.unit is None:
        problems.append(doc.problem(at, f"{label}: a quantitative item needs a unit"))
    if node.direction is None:
        problems.append(
            doc.problem(at, f"{label}: a quantitative item needs a direction (higher_is_better or lower_is_better)")
        )
    missing = [bound for bound in ("min", "max") if getattr(node, bound) is None]
    if missing:
        # Plausible values are data: without bounds, 1e308 would be a count that earns full points.
        problems.append(
            doc.problem(
                at,
                f"{label}: a quantitative item needs bounds; give {' and '.join(missing)} (the least and the most "
                "plausible value, e.g. 0 and 100 for a percentage)",
            )
        )
    if node.min is not None and node.max is not None and node.min >= node.max:
        problems.append(doc.problem((*at, "max"), f"{label}: max ({node.max}) must be above min ({node.min})"))
    scoring = node.scoring
    if scoring is None:
        if node.points is not None:
            problems.append(doc.problem((*at, "points"), f"{label}: points need a scoring method to earn them"))
        return problems
    where = (*at, "scoring")
    if scoring.method == "bands":
        if not scoring.bands:
            return [*problems, doc.problem(where, f"{label}: scoring by bands needs bands")]
        problems += _check_value_bands(doc, (*where, "bands"), label, scoring.bands, node.min, node.max)
    elif scoring.method == "linear":
        if scoring.worst is None or scoring.best is None:
            problems.append(doc.problem(where, f"{label}: linear scoring needs worst and best"))
        elif scoring.worst == scoring.best:
            problems.append(doc.problem(where, f"{label}: linear scoring needs worst and best to differ"))
        elif (scoring.best > scoring.worst) != (node.direction != "lower_is_better"):
            problems.append(doc.problem(where, f"{label}: best and worst contradict direction {node.direction}"))
        if node.points is None:
            problems.append(doc.problem(at, f"{label}: linear scoring needs points (the points earned at best)"))
    else:
        if scoring.target is None or scoring.target <= 0:
            problems.append(doc.problem(where, f"{label}: percent_of_target scoring needs a target above 0"))
        if scoring.bands:
            problems += _check_value_bands(doc, (*where, "bands"), label, scoring.bands, Decimal(0), None)
        elif node.points is None:
            problems.append(doc.problem(at, f"{label}: percent_of_target scoring needs bands or points"))
    for field in ("worst", "best", "target", "bands"):
        if field in scoring.model_fields_set and field not in _METHOD_FIELDS[scoring.method]:
            problems.append(
                doc.problem(
                    (*where, field), f"{label}: {field!r} does not apply to {scoring.method} scoring", on_key=True
                )
            )
    if scoring.bands and node.points is not None and scoring.method != "linear":
        top = max(band.points for band in scoring.bands)
        if top != node.points:
            problems.append(
                doc.problem(
                    (*at, "points"), f"{label}: points ({node.points}) differ from the best band's points ({top})"
                )
            )
    return problems


_METHOD_FIELDS = {"bands": {"bands"}, "linear": {"worst", "best"}, "percent_of_target": {"target", "bands"}}


def _check_value_bands(
    doc: Located,
    at: tuple[Any, ...],
    label: str,
    bands: list[ValueBand],
    low: Decimal | None,
    high: Decimal | None,
) -> list[Problem]:
    """Bands must cover [low, high) with no gap and no overlap, in ascending order."""
    problems: list[Problem] = []
    for index, band in enumerate(bands):
        if band.min is not None and band.max is not None and band.min >= band.max:
            problems.append(
                doc.problem((*at, index), f"{label}: band {index} is empty (min {band.min} >= max {band.max})")
            )
    for index, (before, after) in enumerate(pairwise(bands), start=1):
        if before.max is None or after.min is None:
            problems.append(
                doc.problem((*at, index), f"{label}: bands {index - 1} and {index} overlap (an open end meets a band)")
            )
        elif after.min < before.max:
            problems.append(
                doc.problem(
                    (*at, index),
                    f"{label}: bands overlap: band {index} starts at {after.min}, before band {index - 1} ends at {before.max}",
                )
            )
        elif after.min > before.max:
            problems.append(doc.problem((*at, index), f"{label}: bands leave a gap from {before.max} to {after.min}"))
    first, last = bands[0], bands[-1]
    if first.min is not None and (low is None or first.min > low):
        start = "the lowest allowed value" if low is None else f"{low}"
        problems.append(
            doc.problem(
                (*at, 0),
                f"{label}: bands leave a gap: values from {start} up to {first.min} earn nothing (open the first band or set min)",
            )
        )
    if last.max is not None and (high is None or last.max < high):
        problems.append(
            doc.problem(
                (*at, len(bands) - 1),
                f"{label}: bands leave a gap: values from {last.max} up earn nothing (open the last band or set max)",
            )
        )
    return problems


def _check_ids(doc: Located, sections: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for section in ("sources", "scales", "categories"):
        seen: set[str] = set()
        for index, element in enumerate(sections.get(section) or []):
            if element.id in seen:
                problems.append(doc.problem((section, index, "id"), f"duplicate {section[:-1]} id {element.id!r}"))
            seen.add(element.id)
    return problems


def _provenances(
    sections: Mapping[str, Any], nodes: list[tuple[int, Node]]
) -> Iterator[tuple[tuple[Any, ...], Provenance]]:
    if "provenance" in sections:
        yield ("provenance",), sections["provenance"]
    for section in ("scales", "categories", "category_rules"):
        for index, element in enumerate(sections.get(section) or []):
            yield (section, index, "provenance"), element.provenance
    for index, node in nodes:
        yield ("nodes", index, "provenance"), node.provenance
    rules: Rules | None = sections.get("rules")
    if rules is None:
        return
    yield ("rules", "provenance"), rules.provenance
    if rules.classification:
        yield ("rules", "classification", "provenance"), rules.classification.provenance
    if rules.certificate:
        yield ("rules", "certificate", "provenance"), rules.certificate.provenance
    for path, condition in _conditions(rules.pass_, ("rules", "pass")):
        if condition.provenance:
            yield (*path, "provenance"), condition.provenance


def _check_sources(doc: Located, sections: Mapping[str, Any], nodes: list[tuple[int, Node]]) -> list[Problem]:
    if "sources" not in sections:
        return []
    known = {source.id for source in sections["sources"]}
    problems = []
    for path, provenance in _provenances(sections, nodes):
        for position, source in enumerate(provenance.sources):
            if source not in known:
                problems.append(
                    doc.problem((*path, "sources", position), f"source {source!r} is not listed under sources")
                )
    return problems


def _check_aliases(doc: Located, sections: Mapping[str, Any], nodes: list[tuple[int, Node]]) -> list[Problem]:
    """An alias cites listed sources and names no other item (or group) of the framework: a sheet using it must
    say which one it means. (Plain names may repeat, e.g. U4SSC's "Transport" in two dimensions.)"""
    known = {source.id for source in sections.get("sources") or []}
    problems = []
    for index, node in nodes:
        for position, alias in enumerate(node.aliases):
            for at, source in enumerate(alias.sources):
                if "sources" in sections and source not in known:
                    problems.append(
                        doc.problem(
                            ("nodes", index, "aliases", position, "sources", at),
                            f"source {source!r} is not listed under sources",
                        )
                    )
    for kind_is_item in (True, False):
        same_kind = [(index, node) for index, node in nodes if node.assessable == kind_is_item]
        for index, node in same_kind:
            for position, alias in enumerate(node.aliases):
                others = [other.id for _, other in same_kind if other.id != node.id and alias_denotes(alias, other)]
                if others:
                    kind = "item" if kind_is_item else "group"
                    problems.append(
                        doc.problem(
                            ("nodes", index, "aliases", position),
                            f"alias {alias.text!r} of {node.id} also names the {kind} {', '.join(others)}: "
                            "a sheet using it could not say which is meant",
                        )
                    )
    return problems


def _check_scales(doc: Located, scales: list[Scale]) -> list[Problem]:
    problems = []
    for index, scale in enumerate(scales):
        values = [level.value for level in scale.levels]
        if values != sorted(set(values)):
            problems.append(
                doc.problem(
                    ("scales", index, "levels"),
                    f"scale {scale.id!r}: level values must be unique and ascending, got {values}",
                )
            )
        shares = [level.share for level in scale.levels]
        if any(share is not None for share in shares):
            if any(share is None for share in shares):
                problems.append(
                    doc.problem(
                        ("scales", index, "levels"), f"scale {scale.id!r}: give a share for every level or for none"
                    )
                )
            elif shares != sorted(shares):  # type: ignore[type-var]
                problems.append(
                    doc.problem(("scales", index, "levels"), f"scale {scale.id!r}: shares must not fall as levels rise")
                )
    return problems


def _check_points(
    doc: Located, total_points: Decimal | None, scale_list: list[Scale], by_id: dict[str, tuple[int, Node]]
) -> list[Problem]:
    """Declared group points and the framework total must equal the sum of their parts."""
    scales = {scale.id: scale for scale in scale_list}
    children: dict[str | None, list[Node]] = {}
    for _, node in by_id.values():
        children.setdefault(node.parent, []).append(node)
    memo: dict[str, Decimal] = {}

    def max_of(node: Node, depth: int = 0) -> Decimal:
        if node.id in memo or depth > len(by_id):
            return memo.get(node.id, Decimal(0))
        if node.assessable:
            value = item_max_points(node, scales.get(node.scale or ""))
        else:
            value = sum((max_of(child, depth + 1) * child.weight for child in children.get(node.id, [])), Decimal(0))
        memo[node.id] = value
        return value

    problems = []
    for index, node in by_id.values():
        if not node.assessable and node.points is not None:
            actual = max_of(node)
            if actual != node.points:
                problems.append(
                    doc.problem(
                        ("nodes", index, "points"),
                        f"node {node.id!r}: declares {node.points} points but its children add up to {actual}",
                    )
                )
    if total_points is not None:
        total = sum((max_of(node) * node.weight for node in children.get(None, [])), Decimal(0))
        if total != total_points:
            problems.append(
                doc.problem(("total_points",), f"total_points is {total_points} but the items add up to {total}")
            )
    return problems


def _check_categories(doc: Located, categories: list[Category], category_rules: list[CategoryRule]) -> list[Problem]:
    problems = []
    known = {category.id for category in categories}
    for index, rule in enumerate(category_rules):
        if rule.category not in known:
            problems.append(
                doc.problem(
                    ("category_rules", index, "category"), f"category {rule.category!r} is not listed under categories"
                )
            )
        for position, kind in enumerate(rule.kinds or []):
            if kind not in LOCAL_GOVERNMENT_KINDS:
                problems.append(
                    doc.problem(
                        ("category_rules", index, "kinds", position),
                        f"unknown kind {kind!r}; known kinds: {', '.join(LOCAL_GOVERNMENT_KINDS)}",
                    )
                )
    if category_rules and not category_rules[-1].unconditional:
        problems.append(
            doc.problem(
                ("category_rules", len(category_rules) - 1),
                "the last category rule must have no condition, so that every city gets a category",
            )
        )
    if categories and not category_rules:
        problems.append(
            doc.problem(("categories",), "categories need category_rules that say which city falls in which")
        )
    return problems


def _conditions(condition: Condition | None, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Condition]]:
    if condition is None:
        return
    yield path, condition
    for combinator in ("all", "any"):
        for index, child in enumerate(getattr(condition, combinator) or []):
            yield from _conditions(child, (*path, combinator, index))


def _check_rules(doc: Located, rules: Rules, scales: list[Scale], by_id: dict[str, tuple[int, Node]]) -> list[Problem]:
    problems: list[Problem] = []
    classification = rules.classification
    band_ids: list[Any] = []
    if classification is not None:
        at = ("rules", "classification")
        if (classification.bands is None) == (classification.rounding is None):
            problems.append(doc.problem(at, "classification: give either bands or rounding"))
        if classification.rounding is not None and classification.basis != "mean_level":
            problems.append(doc.problem((*at, "rounding"), "classification: rounding applies only to basis mean_level"))
        bands = classification.bands or []
        band_ids = [band.id for band in bands]
        for index, (before, after) in enumerate(pairwise(bands), start=1):
            if after.min >= before.min:
                problems.append(
                    doc.problem(
                        (*at, "bands", index),
                        f"classification bands overlap: list them best first with falling min ({before.min} then {after.min})",
                    )
                )
        duplicates = [band for band, count in Counter(band_ids).items() if count > 1]
        if duplicates:
            problems.append(doc.problem((*at, "bands"), f"classification: duplicate band ids {duplicates}"))
    seen_ids: dict[str, tuple[Any, ...]] = {}
    items = [node for _, node in by_id.values() if node.assessable]
    for path, condition in _conditions(rules.pass_, ("rules", "pass")):
        kinds = condition.kinds
        if len(kinds) != 1:
            problems.append(
                doc.problem(
                    path,
                    f"a condition needs exactly one of all, any, every_item, total, reported, classification (got {kinds or 'none'})",
                )
            )
            continue
        kind = kinds[0]
        if kind not in ("all", "any") and (condition.id is None or condition.name is None):
            problems.append(doc.problem(path, "a condition needs an id and a name {ko, en}, so a failure can be named"))
        if condition.id is not None:
            if condition.id in seen_ids:
                problems.append(doc.problem((*path, "id"), f"duplicate condition id {condition.id!r}"))
            seen_ids[condition.id] = path
        test = getattr(condition, kind)
        scope = getattr(test, "node", None)
        if scope is not None and scope not in by_id:
            problems.append(
                doc.problem(
                    (*path, kind, "node"), f"condition {condition.id!r} names node {scope!r}, which does not exist"
                )
            )
            continue
        if kind == "every_item":
            problems += _check_every_item(doc, (*path, kind), condition, scales, by_id, items)
        elif kind == "classification":
            target = condition.classification.at_least  # type: ignore[union-attr]
            if classification is None:
                problems.append(doc.problem((*path, kind), "a classification condition needs rules.classification"))
            elif classification.bands is not None and target not in band_ids:
                problems.append(
                    doc.problem((*path, kind, "at_least"), f"classification has no band {target!r}; bands: {band_ids}")
                )
    if rules.certificate is not None:
        problems += _check_stages(doc, rules.certificate.stages)
    return problems


def _check_stages(doc: Located, stages: list[ReviewStage]) -> list[Problem]:
    """Review stages need distinct ids and exactly one stage that decides the result, which someone must submit."""
    at = ("rules", "certificate", "stages")
    if not stages:
        return []
    problems = [
        doc.problem((*at, index, "id"), f"duplicate review stage id {stage.id!r}")
        for index, stage in enumerate(stages)
        if [other.id for other in stages[:index]].count(stage.id)
    ]
    deciding = [stage.id for stage in stages if stage.decides]
    if len(deciding) != 1:
        problems.append(
            doc.problem(at, f"exactly one review stage must have decides: true (found {len(deciding)}: {deciding})")
        )
    problems += [
        doc.problem(
            (*at, index, "assessors"),
            f"review stage {stage.id!r} decides the result, so at least one assessor must submit it (assessors: 0)",
        )
        for index, stage in enumerate(stages)
        if stage.decides and stage.assessors == 0
    ]
    return problems


def _check_every_item(
    doc: Located,
    at: tuple[Any, ...],
    condition: Condition,
    scale_list: list[Scale],
    by_id: dict[str, tuple[int, Node]],
    items: list[Node],
) -> list[Problem]:
    test = condition.every_item
    assert test is not None
    scales = {scale.id: scale for scale in scale_list}
    in_scope = [node for node in items if test.node is None or _under(node, test.node, by_id)]
    levelled = [node for node in in_scope if node.type in LEVELLED and node.scale in scales]
    if not levelled:
        return [doc.problem(at, f"condition {condition.id!r}: there are no levelled items for every_item to test")]
    for node in levelled:
        values = [level.value for level in scales[node.scale or ""].levels]
        if not values[0] <= test.min_level <= values[-1]:
            return [
                doc.problem(
                    (*at, "min_level"),
                    f"condition {condition.id!r}: min_level {test.min_level} is outside the scale of {node.id!r} ({values[0]}-{values[-1]})",
                )
            ]
    return []


def _under(node: Node, ancestor: str, by_id: dict[str, tuple[int, Node]]) -> bool:
    current: Node | None = node
    for _ in range(len(by_id) + 1):
        if current is None:
            return False
        if current.id == ancestor:
            return True
        current = by_id[current.parent][1] if current.parent in by_id else None
    return False


def check_crosswalk(doc: Located, crosswalk: Crosswalk, frameworks: Mapping[str, Framework]) -> list[Problem]:
    """Both frameworks exist and every mapped node exists in its framework."""
    problems: list[Problem] = []
    sides: dict[str, set[str] | None] = {}
    for side in ("source", "target"):
        ref = getattr(crosswalk, side)
        framework = frameworks.get(f"{ref.id}@{ref.version}")
        if framework is None:
            problems.append(
                doc.problem((side,), f"{side} framework {ref.id}@{ref.version} is not known; import or list it first")
            )
            sides[side] = None
        else:
            sides[side] = {node.id for node in framework.nodes}
    known_sources = {source.id for source in crosswalk.sources}
    pairs: set[tuple[str, str]] = set()
    for index, mapping in enumerate(crosswalk.mappings):
        for side in ("source", "target"):
            ids = sides[side]
            node = getattr(mapping, side)
            if ids is not None and node not in ids:
                ref = getattr(crosswalk, side)
                problems.append(
                    doc.problem(
                        ("mappings", index, side), f"{side} node {node!r} does not exist in {ref.id}@{ref.version}"
                    )
                )
        if (mapping.source, mapping.target) in pairs:
            problems.append(doc.problem(("mappings", index), f"duplicate mapping {mapping.source} -> {mapping.target}"))
        pairs.add((mapping.source, mapping.target))
        for position, source in enumerate(mapping.provenance.sources):
            if source not in known_sources:
                problems.append(
                    doc.problem(
                        ("mappings", index, "provenance", "sources", position),
                        f"source {source!r} is not listed under sources",
                    )
                )
    return problems
