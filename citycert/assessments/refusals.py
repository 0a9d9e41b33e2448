"""A refused value's reason in the reader's language: the scoring code's refusal, translated at the edge.

`citycert.scoring` stays free of Django and says why in plain English with a code and its parameters; the
pages, the spreadsheet upload and the API translate the code here. A new refusal code needs one line below
(tests/assessments/test_a_refused_value_is_explained_in_the_readers_language.py holds the lists together).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from citycert.scoring.responses import AnswerRefused

MESSAGES: dict[str, Promise] = {
    "not_a_number": _("“%(value)s” is not a number."),
    "not_finite": _("“%(value)s” is not a finite number."),
    "not_a_level": _("Level %(value)s is not one of %(levels)s."),
    "below_minimum": _("%(value)s is below the allowed minimum, %(minimum)s."),
    "above_maximum": _("%(value)s is above the allowed maximum, %(maximum)s."),
    "not_yes_or_no": _("“%(value)s” is not yes or no."),
    "verified_not_yes_or_no": _("Verified “%(value)s” is not yes or no."),
    "not_applicable_refused": _("This item cannot be marked not applicable."),
    "beyond_largest": _("%(value)s is beyond the largest value accepted, %(largest)s."),
}


def refusal_text(refused: AnswerRefused) -> str:
    """Why the value was refused, in the active language (the English text for a code not yet translated)."""
    message = MESSAGES.get(refused.code)
    if message is None:
        return str(refused)
    return str(message) % refused.params
