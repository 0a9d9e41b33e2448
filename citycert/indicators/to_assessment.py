"""A draft assessment takes its quantitative values from the city's series for its year.

Only items not yet answered are filled, so nothing a person entered is overwritten; what is filled is marked
pre-filled and unconfirmed, for a person to check and confirm, like answers carried over from an earlier
assessment. A year with monthly values takes the newest month's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from citycert.assessments.models import Assessment
from citycert.assessments.workflow import Actor, ResponseInput, clean_response, save_responses
from citycert.indicators.models import IndicatorValue


def values_for_year(assessment: Assessment) -> dict[str, IndicatorValue]:
    """The city's current value of each item of the assessment's framework for the assessment's year."""
    chosen: dict[str, IndicatorValue] = {}
    rows = IndicatorValue.objects.filter(
        city_id=assessment.city_id,
        framework_id=assessment.framework_version.framework_id,
        year=assessment.year,
        current=True,
    )
    # The whole year's value (month 0) first, then the newest month.
    for value in sorted(rows, key=lambda value: (value.item_id, value.month != 0, -value.month)):
        chosen.setdefault(value.item_id, value)
    return chosen


def fill_from_series(assessment: Assessment, actor: Actor) -> int:
    """Fill the unanswered quantitative items from the series; returns how many were filled."""
    answered = set(assessment.responses.exclude(value="").values_list("item_id", flat=True))
    wanted = {item: value for item, value in values_for_year(assessment).items() if item not in answered}
    if not wanted:
        return 0
    changes = {
        item: clean_response(
            assessment,
            item,
            ResponseInput(
                value=f"{value.value.normalize():f}",
                value_year=value.year,
                data_source=value.source,
                data_quality=value.quality or None,
            ),
        )
        for item, value in wanted.items()
    }
    label = _("indicator series")
    # Saved and audited like any change of answers (channel "series"), each left for a person to confirm.
    save_responses(assessment, changes, actor, channel="series", prefilled_from=dict.fromkeys(changes, label))
    return len(changes)
