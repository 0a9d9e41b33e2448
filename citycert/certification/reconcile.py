"""Putting a panel's independent scores side by side: spread per item, disagreements, agreement figure.

Scores are compared on one ordinal scale of levels 1-5: a levelled item by its level; a quantitative or
yes/no item by the share of its points the value earns, stretched onto 1-5 (all points = 5, none = 1).
So "more than one level apart" means the same for every kind of item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from citycert.certification.models import Application, ReviewSheet
from citycert.frameworks.schema import Framework
from citycert.scoring.agreement import krippendorff_alpha
from citycert.scoring.answers import answer_for, parse_stored
from citycert.scoring.model import Item, compile_framework


@dataclass
class ItemSpread:
    """One item across the panel's submitted sheets."""

    item: Item
    values: dict[str, str]  # assessor name → score as stored text
    ratings: list[float]
    consensus: str = ""
    rationale: str = ""
    # The lowest and highest score the panel gave, and whether the consensus lies outside them.
    low: str = ""
    high: str = ""
    outside: bool = False

    @property
    def spread(self) -> float | None:
        return max(self.ratings) - min(self.ratings) if len(self.ratings) > 1 else None

    @property
    def median(self) -> str:
        """The middle score (the lower of the two middle ones), offered as a start for the consensus."""
        ranked = sorted(zip(self.ratings, self.values.values(), strict=True))
        return ranked[(len(ranked) - 1) // 2][1] if ranked else ""


@dataclass
class Reconciliation:
    stage: str
    assessors: list[str]
    items: list[ItemSpread]
    threshold: float
    alpha: float | None
    flagged: list[ItemSpread] = field(default_factory=list)


def rating(framework: Framework, item: Item, text: str) -> float:
    """A stored score on the common 1-5 scale (see the module's note)."""
    answer = answer_for(item, text)
    if item.levelled and answer.value is not None:
        return float(answer.value)
    state = compile_framework(framework).state(item, answer)
    if not state.available:
        return 1.0
    return float(1 + 4 * state.earned / state.available)


def panel_range(framework: Framework, item_id: str, given: list[str]) -> tuple[str, str] | None:
    """The lowest and highest of the panel's scores for an item, as stored text (None when nobody scored it)."""
    scored = sorted((parse_stored(framework, item_id, text), text) for text in given if text)
    return (scored[0][1], scored[-1][1]) if scored else None


def outside_range(framework: Framework, item_id: str, value: str, given: list[str]) -> tuple[str, str] | None:
    """The panel's range when `value` lies outside it; None when it lies within (or nobody scored the item)."""
    bounds = panel_range(framework, item_id, given)
    if bounds is None or not value:
        return None
    agreed = parse_stored(framework, item_id, value)
    low, high = (parse_stored(framework, item_id, bound) for bound in bounds)
    return bounds if agreed < low or agreed > high else None  # type: ignore[operator]


def reconcile(application: Application, stage: str) -> Reconciliation:
    """Spread per item over the submitted sheets of `stage`, the items apart by more than the round's
    threshold, and Krippendorff's alpha (ordinal) for the panel."""
    framework = application.round.framework_version.framework
    model = compile_framework(framework)
    sheets = list(
        ReviewSheet.objects.filter(application=application, stage=stage, submitted_at__isnull=False)
        .select_related("assessor")
        .prefetch_related("scores")
        .order_by("assessor__username")
    )
    by_sheet = [{score.item_id: score.value for score in sheet.scores.all()} for sheet in sheets]
    names = [sheet.assessor.get_username() for sheet in sheets]
    consensus = {score.item_id: score for score in application.consensus.all()}
    rows: list[ItemSpread] = []
    # One unit per item for the agreement figure: each assessor's rating, None where they gave none.
    units: list[list[float | None]] = []
    for item in model.items:
        unit = [rating(framework, item, scores[item.id]) if item.id in scores else None for scores in by_sheet]
        units.append(unit)
        values = {name: scores[item.id] for name, scores in zip(names, by_sheet, strict=True) if item.id in scores}
        agreed = consensus.get(item.id)
        bounds = panel_range(framework, item.id, list(values.values()))
        rows.append(
            ItemSpread(
                item=item,
                values=values,
                ratings=[given for given in unit if given is not None],
                consensus=agreed.value if agreed else "",
                rationale=agreed.rationale if agreed else "",
                low=bounds[0] if bounds else "",
                high=bounds[1] if bounds else "",
                outside=agreed is not None
                and outside_range(framework, item.id, agreed.value, list(values.values())) is not None,
            )
        )
    threshold = float(application.round.disagreement or Decimal(1))
    alpha = krippendorff_alpha(units, "ordinal") if len(sheets) > 1 else None
    flagged = [row for row in rows if row.spread is not None and row.spread > threshold]
    return Reconciliation(stage=stage, assessors=names, items=rows, threshold=threshold, alpha=alpha, flagged=flagged)
