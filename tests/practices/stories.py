"""What the library's stories share: a demo city's draft with a few items short of the bar, and page text."""

from __future__ import annotations

import re
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses
from citycert.cities.models import City
from citycert.library.store import find_version


def demo_user(username: str) -> User:
    user: User = get_user_model().objects.get(username=username)
    return user


def draft_short_of_the_bar(code: str, short: dict[str, int], year: int = 2026) -> Assessment:
    """A city's ISO 37106 self-assessment with every item at level 3 but `short` (item -> level)."""
    city = City.objects.get(code=code)
    version = find_version("bsi-iso37106")
    assessment = create_assessment(city, version, AssessmentKind.SELF_ASSESSMENT, year, None, title="gap plan story")
    items = [node.id for node in version.framework.nodes if node.assessable]
    save_responses(assessment, {item: {"value": str(short.get(item, 3))} for item in items}, None)
    return assessment


def text_of(html: str) -> str:
    """The page's text as a reader sees it, spaces collapsed."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def block(html: str, start: str, end: str) -> str:
    """The part of the page from `start` (an attribute or tag text) to the next `end`."""
    at = html.index(start)
    return html[at : html.index(end, at)]
