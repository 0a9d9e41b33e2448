"""Score a set of answers against a framework: roll-up, pass conditions and classification."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from citycert.frameworks.schema import Classification, Condition, Framework
from citycert.scoring.model import Answer, compile_framework
from citycert.scoring.result import (
    BandValue,
    Bilingual,
    FailedCondition,
    NodeScore,
    Result,
    Said,
    Sentence,
    ShortItem,
    gettext_noop,
)
from citycert.scoring.sheet import Sheet, Tally

__all__ = ["Tally", "at_least", "check_condition", "classify", "evaluate", "result_of"]

HUNDRED = Decimal(100)
ROUNDINGS = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}


def evaluate(framework: Framework, answers: Mapping[str, Answer]) -> Result:
    """Score answers (by item id) without a gap plan. Unknown ids must be rejected before this."""
    return result_of(Sheet.build(compile_framework(framework), answers))


def result_of(sheet: Sheet) -> Result:
    """The result of a scored sheet, without a gap plan."""
    model, tallies = sheet.model, sheet.tallies
    framework = model.framework
    overall = tallies[None]
    classification = framework.rules.classification
    band = classify(classification, overall) if classification else None
    per_node = classification is not None and classification.per_node
    nodes = {}
    # A group's score is kept on the sheet until an answer below it changes (see Sheet.set).
    kept = sheet.node_scores
    for group in model.groups:
        node = kept.get(group.id)
        if node is None:
            sums = tallies[group.id]
            node = kept[group.id] = NodeScore(
                id=group.id,
                points=sums.points,
                max=sums.available,
                percent=_percent(sums),
                band=classify(classification, sums) if per_node and classification else None,
                items=sums.items,
                answered=sums.answered,
            )
        nodes[group.id] = node
    failed: list[FailedCondition] = []
    certified = None
    if framework.rules.pass_ is not None:
        certified = check_condition(framework.rules.pass_, sheet, band, failed)
    return Result(
        framework=framework.id,
        version=framework.version,
        total=overall.points,
        max=overall.available,
        percent=_percent(overall),
        certified=certified,
        failed_conditions=failed,
        classification_kind=classification.kind if classification else None,
        classification=band,
        mean_level=_rounded(overall.mean_level),
        reported=overall.reported,
        answered=overall.answered,
        items=overall.items,
        nodes=nodes,
        item_points=dict(sheet.earned),
    )


def basis_value(classification: Classification, sums: Tally) -> Decimal | None:
    """The figure a classification is read from."""
    if classification.basis == "ratio":
        return sums.ratio if sums.available else None
    if classification.basis == "points":
        return sums.points
    if classification.basis == "mean_level":
        return sums.mean_level
    return Decimal(sums.reported)


def classify(classification: Classification, sums: Tally) -> BandValue | None:
    """The band (grade, level, tier) for one scope, or None when no band is reached."""
    value = basis_value(classification, sums)
    if value is None:
        return None
    if classification.rounding is not None:
        return int(value.quantize(Decimal(1), rounding=ROUNDINGS[classification.rounding]))
    for band in classification.bands or []:
        if value >= band.min:
            return band.id
    return None


def at_least(classification: Classification, reached: BandValue | None, wanted: BandValue) -> bool:
    """Whether a reached band is the wanted one or better (bands are listed best first)."""
    if reached is None:
        return False
    if classification.bands is None:
        return int(reached) >= int(wanted)
    ids = [band.id for band in classification.bands]
    return ids.index(reached) <= ids.index(wanted)


def check_condition(condition: Condition, sheet: Sheet, band: BandValue | None, failed: list[FailedCondition]) -> bool:
    """Evaluate a pass condition on a scored sheet; every failing leaf is appended to `failed` with its reason."""
    model, states, tallies = sheet.model, sheet.states, sheet.tallies
    if condition.all is not None:
        results = [check_condition(child, sheet, band, failed) for child in condition.all]
        return all(results)
    if condition.any is not None:
        branch_failures: list[FailedCondition] = []
        if any(check_condition(child, sheet, band, branch_failures) for child in condition.any):
            return True
        failed.extend(branch_failures)
        return False
    assert condition.id is not None and condition.name is not None
    name = Bilingual(condition.name.ko, condition.name.en)
    if condition.every_item is not None:
        test = condition.every_item
        # The sheet keeps which items are short of each floor, so this reads them rather than every item;
        # each item's ShortItem (it holds an id and two whole numbers) is made once per model.
        made = model.short_items
        short = []
        for item_id in sheet.short_items((test.node, test.min_level)):
            key = (item_id, states[item_id].level, test.min_level)
            entry = made.get(key)
            if entry is None:
                entry = made[key] = ShortItem(*key)
            short.append(entry)
        if short:
            failed.append(
                FailedCondition(
                    condition.id,
                    name,
                    Sentence(
                        gettext_noop("%(count)s item(s) below level %(level)s or not answered"),
                        {"count": str(len(short)), "level": str(test.min_level)},
                    ),
                    short,
                )
            )
        return not short
    if condition.total is not None:
        sums = tallies[condition.total.node]
        if condition.total.min_points is not None:
            needed = condition.total.min_points
            ok = sums.points >= needed
            message = Sentence(
                gettext_noop("%(points)s points; needs %(needed)s or more"),
                {"points": _fmt(sums.points), "needed": _fmt(needed)},
            )
        else:
            assert condition.total.min_ratio is not None
            ok = bool(sums.available) and sums.ratio >= condition.total.min_ratio
            have, need = _fmt(sums.ratio * HUNDRED), _fmt(condition.total.min_ratio * HUNDRED)
            message = Sentence(
                gettext_noop(
                    "%(have)s%% of the maximum (%(points)s of %(available)s points); needs %(need)s%% or more"
                ),
                {"have": have, "points": _fmt(sums.points), "available": _fmt(sums.available), "need": need},
            )
        if not ok:
            failed.append(FailedCondition(condition.id, name, message))
        return ok
    if condition.reported is not None:
        count = tallies[condition.reported.node].reported
        ok = count >= condition.reported.min_count
        if not ok:
            message = Sentence(
                gettext_noop("%(count)s items reported; needs %(needed)s or more"),
                {"count": str(count), "needed": str(condition.reported.min_count)},
            )
            failed.append(FailedCondition(condition.id, name, message))
        return ok
    assert condition.classification is not None and model.framework.rules.classification is not None
    classification = model.framework.rules.classification
    wanted = condition.classification.at_least
    ok = at_least(classification, band, wanted)
    if not ok:
        got, want = _band_name(classification, band), _band_name(classification, wanted)
        message = Sentence(gettext_noop("%(got)s; needs %(want)s or better"), {"got": got, "want": want})
        failed.append(FailedCondition(condition.id, name, message))
    return ok


# Each kind of band has its own sentences, so that a language words the kind as it needs to.
_NO_BAND = {
    "grade": gettext_noop("grade none"),
    "level": gettext_noop("level none"),
    "tier": gettext_noop("tier none"),
    "band": gettext_noop("band none"),
}
_BAND = {
    "grade": gettext_noop("grade %(band)s"),
    "level": gettext_noop("level %(band)s"),
    "tier": gettext_noop("tier %(band)s"),
    "band": gettext_noop("band %(band)s"),
}


def _band_name(classification: Classification, band: BandValue | None) -> Said:
    """A band as people read it: its name in the framework where it has one ("애스피레이셔널(입문)", not
    "aspirational"), else the kind and its id ("등급 3")."""
    kind = classification.kind
    if band is None:
        return Sentence(_NO_BAND[kind])
    for candidate in classification.bands or []:
        if candidate.id == band and candidate.name is not None:
            return Bilingual(candidate.name.ko, candidate.name.en)
    return Sentence(_BAND[kind], {"band": str(band)})


def _percent(sums: Tally) -> Decimal | None:
    return _rounded(sums.ratio * HUNDRED) if sums.available else None


# Percentages and mean levels are given to four places; the quantum is made once (a result rounds one a group).
FOUR_PLACES = Decimal(1).scaleb(-4)


def _rounded(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,}"
