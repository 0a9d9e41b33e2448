"""The database goes away under a running server (its SQLite folder moved aside): a visitor gets a 503 page that
says so in Korean, or in English when chosen, and a program gets the API's error shape with code "unavailable".
When the database is back, the same server answers normally again, without a restart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import app_server, child_env, copy_data_dir, get

pytestmark = pytest.mark.slow


def test_a_503_that_says_why_then_recovery(installed_story: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    template, _ids = installed_story
    data = copy_data_dir(template, tmp_path / "data")
    with app_server(child_env(data)) as server:
        assert get(server.url + "/").status == 200
        assert get(server.url + "/api/v1/frameworks").status == 200

        data.rename(tmp_path / "away")
        page = get(server.url + "/")
        english = get(server.url + "/", headers={"Cookie": "django_language=en"})
        api = get(server.url + "/api/v1/frameworks")
        (tmp_path / "away").rename(data)

        assert page.status == 503 and page.headers["Retry-After"] == "30"
        assert "데이터베이스" in page.body.decode() and 'lang="ko"' in page.body.decode()
        assert english.status == 503 and "The database cannot be reached" in english.body.decode()
        assert api.status == 503
        assert json.loads(api.body)["error"]["code"] == "unavailable"

        assert get(server.url + "/").status == 200
        assert get(server.url + "/api/v1/frameworks").status == 200
