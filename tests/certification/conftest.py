from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _workflow_speaks_english() -> Iterator[None]:
    # Outside a request the workflow speaks the site's default, Korean; these stories read its reasons in
    # English. The pages choose their own language per request either way.
    with translation.override("en"):
        yield
