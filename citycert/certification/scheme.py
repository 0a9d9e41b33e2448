"""What certification reads from a framework's rules: its review stages and the names of its grades."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext

from citycert.frameworks.schema import Framework, Period, ReviewStage, Text
from citycert.language import in_each_data_language, in_page_language
from citycert.scoring.result import BandValue
from citycert.scoring.schedule import add

# A framework stored before review stages were described gets one stage that decides.
SINGLE_STAGE = ReviewStage.model_validate({"id": "review", "name": {"ko": "심사", "en": "Review"}, "decides": True})
# A framework that names no appeal window gives a city thirty days.
DEFAULT_APPEAL_WINDOW = Period(days=30)


def stages(framework: Framework) -> list[ReviewStage]:
    rules = framework.rules.certificate
    return list(rules.stages) if rules is not None and rules.stages else [SINGLE_STAGE]


def stage_ids(framework: Framework) -> list[str]:
    return [stage.id for stage in stages(framework)]


def deciding_stage(framework: Framework) -> ReviewStage:
    return next(stage for stage in stages(framework) if stage.decides)


def valid_while_renewal_pending(framework: Framework) -> bool:
    """Whether a certificate of the scheme stays valid past its expiry while an application made in time (an
    extension or a renewal) is decided; a scheme without extensions lets it lapse."""
    rules = framework.rules.certificate
    return rules is not None and rules.extension is not None and rules.extension.valid_while_pending


def classification_name(framework: Framework, value: BandValue | None) -> Text | None:
    """The grade, level or tier by name: a band's own name, or for levels the scale's name of that level."""
    classification = framework.rules.classification
    if classification is None or value is None:
        return None
    for band in classification.bands or []:
        if band.id == value:
            return band.name
    for scale in framework.scales:
        for level in scale.levels:
            if level.value == value:
                return _level_name(value, level.name)
    return Text(ko=str(value), en=str(value))


def _level_name(value: BandValue, name: Text) -> Text:
    """A grade on a level scale as the certificate stores it, in each language: "Level 3 (Mature)"."""
    return Text(
        **in_each_data_language(
            lambda: gettext("Level %(value)s (%(name)s)") % {"value": value, "name": in_page_language(name)}
        )
    )


def category_label(framework: Framework, category_id: str, english: bool) -> str:
    """A category by its name in the page's language; the id itself when the framework does not know it."""
    for category in framework.categories:
        if category.id == category_id:
            return category.name.en if english else category.name.ko
    return category_id


def appeal_deadline(framework: Framework, decided_at: datetime) -> date:
    """The last day a city may appeal a decision made at `decided_at`: the scheme's appeal window from that day."""
    rules = framework.rules.certificate
    window = rules.appeal_window if rules is not None else DEFAULT_APPEAL_WINDOW
    return add(timezone.localtime(decided_at).date(), window)
