"""The public opens citycert in production (gunicorn, DEBUG off): the home page and the API's documentation come with
every stylesheet, script and font they reference, each 200 with its right type, under a name carrying its content's
hash, compressed when the browser accepts it, and cacheable for a year. Collected into the data folder, not the
checkout."""

from __future__ import annotations

import gzip
import re
import urllib.parse
from pathlib import Path

import pytest

from tests.operations.processes import get, gunicorn_server
from tests.operations.production import assets_of, assets_of_stylesheet, production_env

pytestmark = pytest.mark.slow

TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
YEAR = 365 * 24 * 3600


def test_pages_come_with_every_asset_hashed_typed_compressed_and_cached(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = production_env(data)
    assert (data / "static" / "staticfiles.json").exists()  # the manifest, in the data folder
    with gunicorn_server(env) as server:
        fetched: dict[str, str] = {}
        for page in ("/", "/api/v1/docs"):
            answer = get(server.url + page)
            assert answer.status == 200, (page, server.log()[-2000:])
            assets = assets_of(server.url + page, answer.body.decode())
            assert assets, f"{page} references no static file"
            queue = list(assets)
            while queue:
                url = queue.pop()
                if url in fetched:
                    continue
                path = urllib.parse.urlsplit(url).path
                plain = get(url)
                assert plain.status == 200, url
                suffix = Path(path).suffix
                assert plain.headers["Content-Type"].split(";")[0] == TYPES[suffix], (url, plain.headers)
                assert HASHED.search(path), f"{path} is not under a hashed name"
                cache = plain.headers["Cache-Control"]
                max_age = re.search(r"max-age=(\d+)", cache)
                assert max_age and int(max_age.group(1)) >= YEAR and "immutable" in cache, cache
                fetched[url] = plain.headers["Content-Type"]
                if suffix in (".css", ".js", ".svg") and len(plain.body) > 1024:
                    zipped = get(url, {"Accept-Encoding": "gzip"})
                    assert zipped.headers.get("Content-Encoding") == "gzip", url
                    assert gzip.decompress(zipped.body) == plain.body
                if suffix == ".css":
                    queue += assets_of_stylesheet(url, plain.body.decode())
        kinds = {Path(urllib.parse.urlsplit(url).path).suffix for url in fetched}
        assert {".css", ".js"} <= kinds, fetched
        assert any("site" in url and url.endswith(".css") for url in fetched)
        assert any("htmx" in url for url in fetched)
        # An unknown file is a plain 404, not a page.
        assert get(server.url + "/static/citycert/nothing-here.css").status == 404
