"""Each demo person, and the public, walks every page they can reach in Korean (the default) by following
links, opening the PDFs and spreadsheets on the way: no word of English is left, apart from ids, codes, what
people typed and the short allow-list of names, formats and units (tests/language/english.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from citycert.demo.load import ACCOUNTS
from tests.language.crawling import PAGES_AT_MOST, START, typed_texts, walk
from tests.language.english import english_words

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

PERSONAS = ["public"] + [username for username, _role, _cities in ACCOUNTS]


def untranslated(
    client: Client, start: tuple[str, ...] = START, at_most: int = PAGES_AT_MOST
) -> tuple[int, dict[str, str]]:
    """How many pages the client reached, and each text with English in it, with where it was first seen."""
    typed = typed_texts()
    seen, faults = 0, {}
    for found in walk(client, start, at_most):
        seen += 1
        for piece in found.text:
            words = english_words([piece], typed)
            if words and piece not in faults:
                faults[piece] = f"{found.url} ({found.kind}) {words}: {piece[:200]!r}"
    return seen, faults


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_person_reaches_is_korean(username: str) -> None:
    client = Client()
    if username != "public":
        client.force_login(get_user_model().objects.get(username=username))
    seen, faults = untranslated(client)
    assert seen > 5, f"{username} reached only {seen} pages"
    assert not faults, f"{len(faults)} English text(s) for {username}:\n" + "\n".join(faults.values())
