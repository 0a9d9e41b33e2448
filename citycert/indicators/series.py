"""A city's indicator series as the dashboard shows them: each item's values in period order, its newest value,
the item's definition (name, unit, how the framework scores it) and the revisions behind a value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from citycert.cities.models import City
from citycert.frameworks.schema import Framework, Node
from citycert.indicators.models import IndicatorValue
from citycert.library.store import latest_versions


def figure(number: Decimal | None) -> str:
    """A stored decimal as people write it: at most six decimals (SQLite's sums carry float noise), no
    trailing zeros, no exponent."""
    return "-" if number is None else f"{Decimal(number).quantize(Decimal('0.000001')).normalize():f}"


@dataclass(frozen=True)
class Series:
    """One item's values of one city, oldest period first."""

    framework: Framework | None
    framework_id: str
    item_id: str
    node: Node | None  # None when the item is no longer in the library's newest version
    values: list[IndicatorValue]

    @property
    def latest(self) -> IndicatorValue:
        return self.values[-1]

    @property
    def reference(self) -> Decimal | None:
        """The level worth drawing beside the line: the target, or the value that earns full points."""
        scoring = self.node.scoring if self.node is not None else None
        if scoring is None:
            return None
        return scoring.target if scoring.method == "percent_of_target" else scoring.best

    def scoring_text(self) -> list[str]:
        """How the framework turns the value into points, one line per band or bound, in the page's language."""
        scoring = self.node.scoring if self.node is not None else None
        if scoring is None:
            return []
        if scoring.method == "percent_of_target":
            return [_("target %(target)s (points in proportion)") % {"target": figure(scoring.target)}]
        if scoring.method == "linear":
            return [
                _("no points at %(worst)s, full points at %(best)s")
                % {"worst": figure(scoring.worst), "best": figure(scoring.best)}
            ]
        return [_band_text(band.min, band.max, band.points) for band in scoring.bands or []]


def _band_text(low: Decimal | None, high: Decimal | None, points: Decimal) -> str:
    shown = {"low": figure(low), "high": figure(high), "points": figure(points)}
    if low is None:
        return _("under %(high)s: %(points)s points") % shown
    if high is None:
        return _("%(low)s or more: %(points)s points") % shown
    return _("%(low)s to under %(high)s: %(points)s points") % shown


def series_of(city: City) -> list[Series]:
    """Every item of the city that has values, in framework and item order, with the items' definitions."""
    frameworks = {version.framework_id: version.framework for version in latest_versions()}
    values = IndicatorValue.objects.filter(city=city, current=True).select_related("entered_by", "imported_in")
    grouped: dict[tuple[str, str], list[IndicatorValue]] = {}
    for value in values.order_by("framework_id", "item_id", "year", "month"):
        grouped.setdefault((value.framework_id, value.item_id), []).append(value)
    found = []
    for (framework_id, item_id), item_values in grouped.items():
        framework = frameworks.get(framework_id)
        nodes = {node.id: node for node in framework.nodes} if framework is not None else {}
        found.append(Series(framework, framework_id, item_id, nodes.get(item_id), item_values))
    return found


def revisions(value: IndicatorValue) -> list[IndicatorValue]:
    """The value and every value it replaced, newest first (the chain of `replaces`)."""
    chain = [value]
    while chain[-1].replaces_id is not None:
        older = IndicatorValue.objects.select_related("entered_by", "imported_in").get(pk=chain[-1].replaces_id)
        chain.append(older)
    return chain


def item_names(framework: Framework | None, item_ids: Iterable[str]) -> dict[str, Node]:
    """The nodes of these items, for naming them on a page."""
    if framework is None:
        return {}
    wanted = set(item_ids)
    return {node.id: node for node in framework.nodes if node.id in wanted}
