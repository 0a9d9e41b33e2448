"""Only decided results count: an application still in review and a withdrawn one, each carrying rows with a
distinctive 987,654 points, a panel's consensus and a city's draft change no figure, name no leader and show
nowhere; a city whose only application is undecided has nothing to compare yet."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment, Response
from citycert.certification.choices import ApplicationState
from citycert.certification.models import ConsensusScore
from citycert.library.store import find_version
from tests.registry.peer_benchmarks_story import ITEMS, YEAR, figures, hand_group, page_of, published, town
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db

DISTINCTIVE = 987654
SHOWN = ("987654", "987,654")


@pytest.fixture
def unpublished(db: None) -> None:
    """The hand-made five, and beside them everything that is not a published result. Built before the
    first request, so the figures are computed with all of it in the database."""
    cities = hand_group()
    in_review = published(town(6), dict.fromkeys(ITEMS, DISTINCTIVE), state=ApplicationState.IN_REVIEW)
    ConsensusScore.objects.create(application=in_review, item_id="BM.vision", value="5")
    published(town(7), dict.fromkeys(ITEMS, DISTINCTIVE), state=ApplicationState.WITHDRAWN)
    draft = Assessment.objects.create(
        city=cities[2],
        framework_version=find_version("bsi-iso37106"),
        kind=AssessmentKind.SELF_ASSESSMENT,
        year=YEAR,
        state=State.DRAFT,
    )
    Response.objects.create(assessment=draft, item_id="BM.vision", value="5")


def test_undecided_rows_change_no_figure(client: Client, unpublished: None) -> None:
    html = page_of(in_english(client), "90003")
    assert list(figures(html, "data-item", "BM.vision").values())[1:] == ["3", "2", "3", "4.5", "3 / 5"]
    assert list(figures(html, "data-area", "total").values())[1:] == ["12", "6", "7.5", "12", "1 / 5"]
    assert not any(text in html for text in SHOWN)
    assert "Testville 6" not in html and "Testville 7" not in html
    assert "decided result in this round: 5," in html


def test_a_city_whose_application_is_undecided_has_nothing_to_compare(client: Client, unpublished: None) -> None:
    for code in ("90006", "90007"):
        html = page_of(in_english(client), code)
        assert "Nothing to compare yet" in html
        assert not any(text in html for text in SHOWN) and "<svg" not in html
