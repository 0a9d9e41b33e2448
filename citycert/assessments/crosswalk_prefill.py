"""Pre-fill an assessment from one on another framework, through a crosswalk between the two."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from citycert.assessments.answers import answers_of
from citycert.assessments.choices import State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import Actor, TransitionRefused, save_responses
from citycert.frameworks.schema import Crosswalk
from citycert.library.models import CrosswalkVersion
from citycert.scoring.engine import evaluate
from citycert.scoring.model import compile_framework


def crosswalk_between(source: Assessment, target: Assessment) -> tuple[Crosswalk, bool] | None:
    """A stored crosswalk linking the two framework versions, and whether it runs backwards."""
    pair = (source.framework_version_id, target.framework_version_id)
    for stored in CrosswalkVersion.objects.filter(source_id__in=pair, target_id__in=pair):
        if (stored.source_id, stored.target_id) == pair:
            return stored.crosswalk, False
        if (stored.target_id, stored.source_id) == pair:
            return stored.crosswalk, True
    return None


def proposed_levels(
    source: Assessment, target: Assessment, crosswalk: Crosswalk, backwards: bool
) -> dict[str, tuple[int, list[str]]]:
    """For each levelled item of the target: the level the source suggests, and the source nodes behind it.

    A levelled source item gives its level; any other node gives its share of points, placed on the
    target's scale (0 % = lowest level, 100 % = highest). Several sources for one item are averaged; where some
    of them are mapped as equal (the same item in two editions of a scheme), only those count, the others being
    hints at most.
    """
    source_framework = source.framework_version.framework
    target_items = compile_framework(target.framework_version.framework).item_by_id
    source_items = compile_framework(source_framework).item_by_id
    result = evaluate(source_framework, answers_of(source_framework, source.responses.all()))
    shares: dict[str, Decimal] = {node_id: node.points / node.max for node_id, node in result.nodes.items() if node.max}
    suggestions: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    equal: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    for mapping in crosswalk.mappings:
        from_node, to_node = (mapping.target, mapping.source) if backwards else (mapping.source, mapping.target)
        item = target_items.get(to_node)
        if item is None or not item.levelled or item.scale is None:
            continue
        levels = [level.value for level in item.scale.levels]
        source_item = source_items.get(from_node)
        answer = result.item_points.get(from_node)
        if source_item is not None and source_item.levelled:
            given = next((r for r in source.responses.all() if r.item_id == from_node and r.value), None)
            if given is None:
                continue
            level = Decimal(int(given.value))
        elif from_node in shares:
            level = levels[0] + shares[from_node] * (levels[-1] - levels[0])
        elif source_item is not None and answer is not None and source_item.max_points:
            level = levels[0] + answer / source_item.max_points * (levels[-1] - levels[0])
        else:
            continue
        suggestions[to_node].append((level, from_node))
        if mapping.relationship == "equal":
            equal[to_node].append((level, from_node))
    proposed = {}
    for item_id, found in suggestions.items():
        found = equal.get(item_id) or found
        mean = sum((level for level, _ in found), Decimal(0)) / len(found)
        proposed[item_id] = (int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP)), [node for _, node in found])
    return proposed


def carried_values(
    source: Assessment, target: Assessment, crosswalk: Crosswalk, backwards: bool
) -> dict[str, tuple[str, list[str]]]:
    """For each item of the target that is not levelled and is mapped as equal to an item of the source of the same
    type (and, for a number, the same unit): the source's answer, as it stands, and the source item behind it.
    Between two editions of one scheme this carries a city's numbers and yes/no answers across."""
    target_nodes = {node.id: node for node in target.framework_version.framework.nodes if node.assessable}
    source_nodes = {node.id: node for node in source.framework_version.framework.nodes if node.assessable}
    given = {response.item_id: response.value for response in source.responses.all() if response.value}
    carried: dict[str, tuple[str, list[str]]] = {}
    for mapping in crosswalk.mappings:
        if mapping.relationship != "equal":
            continue
        from_node, to_node = (mapping.target, mapping.source) if backwards else (mapping.source, mapping.target)
        into, out_of = target_nodes.get(to_node), source_nodes.get(from_node)
        if into is None or out_of is None or into.type not in ("quantitative", "boolean") or from_node not in given:
            continue
        if into.type == out_of.type and into.unit == out_of.unit:
            carried.setdefault(to_node, (given[from_node], [from_node]))
    return carried


def prefill_from(target: Assessment, source: Assessment, actor: Actor) -> int:
    """Fill the target's blank items from the source through a crosswalk: levelled items with the level proposed,
    numbers and yes/no answers where an equal mapping carries them; each stays unconfirmed. Saved and audited like
    any change of answers (channel "crosswalk")."""
    found = crosswalk_between(source, target)
    if found is None:
        return 0
    crosswalk, backwards = found
    proposed: dict[str, tuple[str | int, list[str]]] = dict(carried_values(source, target, crosswalk, backwards))
    proposed.update(proposed_levels(source, target, crosswalk, backwards))
    with transaction.atomic():
        # Read under the lock save_responses takes again: nobody answers an item between this read and the save.
        locked = Assessment.objects.select_for_update().get(pk=target.pk)
        if locked.state != State.DRAFT:
            raise TransitionRefused("only a draft can be pre-filled")
        answered = set(locked.responses.exclude(value="", not_applicable=False).values_list("item_id", flat=True))
        wanted = {item_id: found for item_id, found in proposed.items() if item_id not in answered}
        if not wanted:
            return 0
        save_responses(
            target,
            {item_id: {"value": str(level)} for item_id, (level, _nodes) in wanted.items()},
            actor,
            channel="crosswalk",
            prefilled_from={
                item_id: f"{crosswalk.id}: {', '.join(nodes)} (#{source.pk})"
                for item_id, (_level, nodes) in wanted.items()
            },
            origin=f"{crosswalk.id} (#{source.pk})",
        )
    return len(wanted)
