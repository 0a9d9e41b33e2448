"""Which category a framework places a city in, from the framework's own rules."""

from __future__ import annotations

from citycert.frameworks.schema import Framework


def category_for(framework: Framework, *, kind: str, population: int | None) -> str | None:
    """The first category rule that matches the city wins; None if the framework has no categories."""
    for rule in framework.category_rules:
        if rule.kinds is not None and kind not in rule.kinds:
            continue
        if rule.population_at_least is not None and (population is None or population < rule.population_at_least):
            continue
        if rule.population_below is not None and (population is None or population >= rule.population_below):
            continue
        return rule.category
    return None
