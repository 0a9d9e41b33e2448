"""A framework as plain data for people and programs: `frameworks show --json`, pages and the API."""

from __future__ import annotations

from typing import Any

from citycert.frameworks.points import number
from citycert.frameworks.schema import Framework, Node, Text


def framework_summary(framework: Framework) -> dict[str, Any]:
    """Id, version, names, rules in brief and every node with what it accepts."""
    scales = {scale.id: scale for scale in framework.scales}
    rules = framework.rules
    items = [node for node in framework.nodes if node.assessable]
    depth = _depths(framework)
    return {
        "id": framework.id,
        "version": framework.version,
        "key": framework.key,
        "name": framework.name.model_dump(),
        "short_name": (framework.short_name or framework.name).model_dump(),
        "edition": edition_name(framework).model_dump(),
        "description": framework.description.model_dump(),
        "owner": framework.owner.model_dump(),
        "provenance": framework.provenance.status,
        "total_points": number(framework.total_points),
        "item_count": len(items),
        "inferred_items": sum(1 for node in items if node.provenance.status == "inferred"),
        "has_pass_rule": rules.pass_ is not None,
        "classification": rules.classification.kind if rules.classification else None,
        "validity_years": rules.certificate.validity.years if rules.certificate else None,
        "categories": [{"id": category.id, "name": category.name.model_dump()} for category in framework.categories],
        "nodes": [_node(node, scales, depth[node.id]) for node in tree_order(framework)],
    }


def edition_name(framework: Framework) -> Text:
    """How people name this version of the scheme: its `edition` where the file gives one (the national scheme's
    "2023~2025년 판"), otherwise its version number."""
    if framework.edition is not None:
        return framework.edition
    return Text(ko=f"{framework.version} 버전", en=f"version {framework.version}")


def _node(node: Node, scales: dict[str, Any], depth: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node.id,
        "parent": node.parent,
        "assessable": node.assessable,
        "type": node.type,
        "name": node.name.model_dump(),
        "depth": depth,
        "provenance": node.provenance.status,
    }
    if node.reference:
        data["reference"] = node.reference
    if node.tier:
        data["tier"] = node.tier
    if node.points is not None:
        data["points"] = number(node.points)
    if node.type in ("maturity", "qualitative") and node.scale in scales:
        data["levels"] = [
            {"value": level.value, "name": level.name.model_dump()} for level in scales[node.scale].levels
        ]
    if node.type == "quantitative":
        data.update(
            {
                "unit": node.unit.model_dump() if node.unit else None,
                "direction": node.direction,
                "min": number(node.min),
                "max": number(node.max),
            }
        )
    if node.type == "boolean":
        data["values"] = [True, False]
    return data


def tree_order(framework: Framework) -> list[Node]:
    """Nodes depth first, each group followed by its children in the order of the file."""
    children: dict[str | None, list[Node]] = {}
    for node in framework.nodes:
        children.setdefault(node.parent, []).append(node)
    ordered: list[Node] = []
    pending = list(reversed(children.get(None, [])))
    while pending:
        node = pending.pop()
        ordered.append(node)
        pending.extend(reversed(children.get(node.id, [])))
    return ordered


def _depths(framework: Framework) -> dict[str, int]:
    parents = {node.id: node.parent for node in framework.nodes}
    depths: dict[str, int] = {}
    for node_id in parents:
        depth, current = 0, parents[node_id]
        while current is not None and depth <= len(parents):
            depth, current = depth + 1, parents.get(current)
        depths[node_id] = depth
    return depths


def top_areas(framework: Framework) -> list[Node]:
    """The framework's top-level areas: its group nodes without a parent (the axes of its charts)."""
    return [node for node in framework.nodes if node.parent is None and not node.assessable]
