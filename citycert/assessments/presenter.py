"""What an assessment page shows: rows in tree order with their responses, and the score beside them.

Everything is read in a fixed number of queries whatever the size of the framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from citycert.assessments import scored
from citycert.assessments.choices import State
from citycert.assessments.models import Assessment, Evidence, Response
from citycert.charts.common_charts import Axis, bar_chart, radar_chart
from citycert.frameworks.describe import tree_order
from citycert.frameworks.points import number
from citycert.frameworks.schema import Framework, Node
from citycert.language import in_english, in_page_language, said
from citycert.practices.for_gaps import cases_for_steps
from citycert.scoring import Result
from citycert.scoring.model import compile_framework


class ResponseRow(NamedTuple):
    """What the form shows of a stored response, read as a tuple rather than a model object."""

    item_id: str
    value: str
    not_applicable: bool
    value_year: int | None
    data_source: str
    data_quality: str
    justification: str
    prefilled_from: str
    confirmed: bool


def response_rows(
    assessment: Assessment, item_ids: Sequence[str] | None = None, *, unconfirmed_too: bool = False
) -> list[ResponseRow]:
    """The assessment's stored responses (of `item_ids` only, when given, and then every response not yet confirmed
    as well when `unconfirmed_too`) as tuples, in one query."""
    rows = assessment.responses.order_by()
    if item_ids is not None:
        chosen = Q(item_id__in=list(item_ids))
        rows = rows.filter(chosen | Q(confirmed=False) if unconfirmed_too else chosen)
    return [ResponseRow(*values) for values in rows.values_list(*ResponseRow._fields)]


@dataclass
class FormRow:
    """One line of the assessment form: a group heading or an item with its response."""

    node: Node
    depth: int
    name: str
    unit: str = ""
    response: Response | ResponseRow | None = None
    levels: list[tuple[int, str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    points: Decimal | None = None
    na_allowed: bool = False

    @property
    def value(self) -> str:
        return self.response.value if self.response else ""


# Above this many items, the page shows one top-level area's rows and loads the others when they are opened.
LAZY_AREAS_ABOVE = 400

_sections: dict[int, tuple[Framework, list[list[Node]]]] = {}


def sections(framework: Framework) -> list[list[Node]]:
    """The nodes in tree order, cut into the top-level nodes' subtrees (each begins with its top node)."""
    known = _sections.get(id(framework))
    if known is not None and known[0] is framework:
        return known[1]
    cut: list[list[Node]] = []
    for node in tree_order(framework):
        if node.parent is None:
            cut.append([])
        cut[-1].append(node)
    if len(_sections) >= 64:
        _sections.pop(next(iter(_sections)))
    # Keeping the framework beside its sections means its id cannot be reused by another object meanwhile.
    _sections[id(framework)] = (framework, cut)
    return cut


_depth_of: dict[int, tuple[Framework, dict[str, int]]] = {}


def _depths(framework: Framework) -> dict[str, int]:
    """How deep each node lies (0 for a top-level node), worked out once per framework."""
    known = _depth_of.get(id(framework))
    if known is not None and known[0] is framework:
        return known[1]
    parents = {node.id: node.parent for node in framework.nodes}
    depths: dict[str, int] = {}
    for node in framework.nodes:
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parents[parent]
        depths[node.id] = depth
    if len(_depth_of) >= 64:
        _depth_of.pop(next(iter(_depth_of)))
    _depth_of[id(framework)] = (framework, depths)
    return depths


def lazy_areas(framework: Framework) -> bool:
    """Whether the page loads the framework's areas one by one (a framework too large to show at once)."""
    return len(compile_framework(framework).items) > LAZY_AREAS_ABOVE


def text(pair: Any) -> str:
    """The page language's side of a framework text."""
    return in_page_language(pair)


def rows_for(
    assessment: Assessment,
    framework: Framework,
    result: Result | None = None,
    responses: Sequence[Response | ResponseRow] | None = None,
    *,
    nodes: Sequence[Node] | None = None,
) -> list[FormRow]:
    """The form's rows in tree order (of `nodes` only, when given), with responses and evidence attached
    (two queries, or three)."""
    by_item = {
        response.item_id: response for response in (responses if responses is not None else response_rows(assessment))
    }
    evidence_by_item: dict[str, list[Evidence]] = {}
    supporting = assessment.evidence.prefetch_related("links").select_related("file")
    if nodes is not None:
        supporting = supporting.filter(links__item_id__in=[node.id for node in nodes if node.assessable]).distinct()
    for evidence in supporting:
        for link in evidence.links.all():
            evidence_by_item.setdefault(link.item_id, []).append(evidence)
    levels = {
        scale.id: [(level.value, in_page_language(level.name)) for level in scale.levels] for scale in framework.scales
    }
    default_na = framework.rules.not_applicable
    depths = _depths(framework)
    rows = []
    for node in tree_order(framework) if nodes is None else nodes:
        row = FormRow(node=node, depth=depths[node.id], name=in_page_language(node.name))
        if node.assessable:
            row.response = by_item.get(node.id)
            row.evidence = evidence_by_item.get(node.id, [])
            row.na_allowed = (node.not_applicable or default_na) != "not_allowed"
            if node.unit is not None:
                row.unit = in_page_language(node.unit)
            if node.scale in levels:
                row.levels = levels[node.scale]
            if result is not None:
                row.points = result.item_points.get(node.id)
        rows.append(row)
    return rows


def result_for(
    assessment: Assessment, framework: Framework, responses: Sequence[Response | ResponseRow] | None = None
) -> Result:
    """The assessment's result at its revision, with its gap plan (and the category the framework gives the
    city): kept from an earlier read of the same revision, or scored now."""
    category = assessment.city.category_in(framework, assessment.year)
    return scored.result_for(assessment, framework, responses, category)


def result_json(assessment: Assessment, framework: Framework, *, new: bool = False) -> bytes:
    """The result as the API gives it, in JSON, made once per revision (see result_for). A `new` assessment,
    just created, has no answers to read."""
    category = assessment.city.category_in(framework, assessment.year)
    return scored.result_json(assessment, framework, category, () if new else None)


def shown_value(value: Any) -> str:
    """A value as people read it in a gap plan: 예 or 아니오 (Yes or No) for a boolean, the number otherwise."""
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    return str(number(value))


def gap_row(item: str, name: str, before: Any, after: Any, action: str, points: Any) -> dict[str, Any]:
    """One step of a gap plan as the page, the PDF and the decision letter show it: what the item is now (None
    when not answered), the value to reach (or that a value is to be reported, or verified) and the points it
    brings (None when it brings none, as reporting an indicator that earns no points)."""
    target = gettext("a value reported") if after is None else shown_value(after)
    if action == "verify":
        target = gettext("%(value)s, verified") % {"value": target}
    return {
        "item": item,
        "name": name,
        "from": None if before is None else shown_value(before),
        "to": target,
        "points": number(points) if points else None,
        "action": action,
    }


def against_the_bar(assessment: Assessment, passes: bool | None) -> str:
    """What a score says against the scheme's bar. Never "certified": that is the certifying body's decision, and a
    draft only would pass once submitted."""
    if passes is None:
        return gettext("No pass or fail in this scheme")
    if assessment.state == State.DRAFT:
        return gettext("would pass if submitted") if passes else gettext("would not pass if submitted")
    return gettext("meets the bar") if passes else gettext("below the bar")


GAPS_SHOWN = 30


def score_panel(
    assessment: Assessment, framework: Framework, result: Result, *, steps: int | None = None
) -> dict[str, Any]:
    """The figures, reasons, plan and charts shown beside the form; the plan's first `steps` steps only, when given
    (a large framework's plan has hundreds, and the page shows GAPS_SHOWN), and how many it has (`gap_count`)."""
    radar, bars = _charts(framework, result)
    names = {category.id: text(category.name) for category in framework.categories}
    # Other cities' cases beside the steps the panel shows (it shows the first 30).
    shown_steps = [(gap.item, gap.after) for gap in result.gaps[:GAPS_SHOWN]]
    cases = cases_for_steps(framework, shown_steps, assessment.city)
    return {
        "result": result,
        "total": number(result.total),
        "max": number(result.max),
        "percent": number(result.percent),
        "certified": result.certified,
        "verdict": against_the_bar(assessment, result.certified),
        "classification_kind": result.classification_kind,
        "classification": result.classification,
        "category": names.get(result.category or "", ""),
        "failed": [(text(failed.name), said(failed.message), failed.items) for failed in result.failed_conditions],
        "gaps": [
            {
                **gap_row(gap.item, in_page_language(gap.name), gap.before, gap.after, gap.action, gap.points),
                "cases": cases.get(gap.item, []),
            }
            for gap in (result.gaps if steps is None else result.gaps[:steps])
        ],
        "gap_count": len(result.gaps),
        "target_reachable": result.target_reachable,
        # Drawn by our own chart code, which escapes every text it writes: safe to put in a page as it is.
        "radar_svg": mark_safe(radar),  # noqa: S308
        "bar_svg": mark_safe(bars),  # noqa: S308
    }


# The charts of a result kept for a revision are drawn once per language (the result never changes).
_drawn: dict[tuple[int, bool], tuple[Result, tuple[str, str]]] = {}


def _charts(framework: Framework, result: Result) -> tuple[str, str]:
    key = (id(result), in_english())
    known = _drawn.get(key)
    if known is not None and known[0] is result:
        return known[1]
    # The top-level areas from the sections kept per framework (top_areas walks every node: a result is new after
    # each save, so its charts are drawn on every saved answer).
    areas = [(part[0], result.nodes[part[0].id]) for part in sections(framework) if not part[0].assessable]
    radar = radar_chart(
        [Axis(text(node.name), float(scored.points / scored.max) if scored.max else 0.0) for node, scored in areas],
        title=text(framework.short_name or framework.name),
    )
    bars = bar_chart(
        [Axis(text(node.name), float(scored.points), float(scored.max)) for node, scored in areas],
        title=text(framework.short_name or framework.name),
    )
    if len(_drawn) >= 256:
        _drawn.pop(next(iter(_drawn)))
    # The result is kept beside its charts, so its id cannot be reused by another result meanwhile.
    _drawn[key] = (result, (radar, bars))
    return radar, bars
