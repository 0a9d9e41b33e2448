"""A certifying body imports framework files: idempotent, new versions beside old, stored ones never change."""

from __future__ import annotations

from pathlib import Path

import pytest

from citycert.frameworks.loader import LIBRARY
from citycert.library.models import CrosswalkVersion, FrameworkVersion
from tests.support import run

pytestmark = pytest.mark.django_db

BSI = LIBRARY / "bsi-iso37106-2021.yaml"


def a_new_edition(tmp_path: Path, version: str, rename: str = "City vision") -> Path:
    text = BSI.read_text(encoding="utf-8").replace('version: "2021"', f'version: "{version}"', 1)
    path = tmp_path / f"bsi-{version}.yaml"
    path.write_text(text.replace('en: "City vision"', f'en: "{rename}"'), encoding="utf-8")
    return path


def test_the_bundled_library_is_stored_after_migrate() -> None:
    stored = {version.key for version in FrameworkVersion.objects.all()}
    assert "bsi-iso37106@2021" in stored
    assert all(version.bundled for version in FrameworkVersion.objects.all())


def test_importing_the_same_file_twice_changes_nothing() -> None:
    before = list(FrameworkVersion.objects.values_list("pk", "digest", "imported_at"))
    ran = run("frameworks", "import", str(BSI))
    assert ran.code == 0
    assert "framework bsi-iso37106@2021: unchanged (already stored)" in ran.out
    assert list(FrameworkVersion.objects.values_list("pk", "digest", "imported_at")) == before


def test_a_new_version_is_stored_beside_the_old_one_which_stays_as_it_was(tmp_path: Path) -> None:
    old = FrameworkVersion.objects.get(framework_id="bsi-iso37106", version="2021")
    old_document = old.document
    before = FrameworkVersion.objects.filter(framework_id="bsi-iso37106").count()
    ran = run("frameworks", "import", str(a_new_edition(tmp_path, "2026", rename="Vision of the city")))
    assert ran.code == 0, ran.err
    assert "framework bsi-iso37106@2026: added" in ran.out
    assert FrameworkVersion.objects.filter(framework_id="bsi-iso37106").count() == before + 1
    old.refresh_from_db()
    assert old.document == old_document
    shown = run("frameworks", "show", "bsi-iso37106", "--json").out
    assert '"version": "2026"' in shown and "Vision of the city" in shown
    assert "Vision of the city" not in run("frameworks", "show", "bsi-iso37106@2021", "--json").out


def test_changing_a_stored_version_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    changed = a_new_edition(tmp_path, "2021", rename="Something else")
    another = a_new_edition(tmp_path, "2030")
    count = FrameworkVersion.objects.count()
    ran = run("frameworks", "import", str(another), str(changed))
    assert ran.code == 2
    assert "bsi-iso37106@2021 is already stored with other content; give the changed file a new version" in ran.err
    assert FrameworkVersion.objects.count() == count, "the valid file in the same import was not saved either"


def test_an_invalid_file_is_refused_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        BSI.read_text(encoding="utf-8").replace("every_item: {min_level: 3}", "every_item: {min_level: 9}"),
        encoding="utf-8",
    )
    ran = run("frameworks", "import", str(path))
    assert ran.code == 1
    assert f"{path}:" in ran.err and "min_level 9 is outside the scale" in ran.err


def test_a_crosswalk_is_stored_against_its_two_framework_versions(tmp_path: Path) -> None:
    crosswalks = sorted((LIBRARY / "crosswalks").glob("*.yaml"))
    assert crosswalks, "at least one crosswalk is bundled"
    stored = CrosswalkVersion.objects.get(source__framework_id="kr-smartcity", target__version="2021")
    assert stored.target.framework_id == "bsi-iso37106"
    assert stored.target.framework_id == "bsi-iso37106"
    assert len(stored.crosswalk.mappings) >= 10
    between_versions = CrosswalkVersion.objects.get(source__framework_id="bsi-iso37106")
    assert (between_versions.source.version, between_versions.target.version) == ("2021", "2021.1")
