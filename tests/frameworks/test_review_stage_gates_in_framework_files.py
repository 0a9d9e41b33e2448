"""A framework author writes the review stages a decision needs, how many of the panel must submit each, and
four eyes: `frameworks validate` holds them strictly, naming FILE:LINE:COLUMN for each mistake. A version stored
before the format had these keys reads the same as the bundled file that now spells out their defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from citycert.frameworks.loader import load_framework
from citycert.library.models import FrameworkVersion
from citycert.library.store import import_bundled
from tests.frameworks.test_a_framework_files_mistakes_come_back_located_and_all_at_once import (
    VALID,
    line_of,
    one_problem,
)

CERTIFICATE = """\
  certificate:
    provenance: inferred
    stages:
      - {id: papers, name: {ko: 서면, en: Papers}, decides: true, assessors: all}
      - {id: visit, name: {ko: 방문, en: Visit}, assessors: 2}
    validity: {years: 2}
    four_eyes: true
"""


def with_certificate(text: str = CERTIFICATE) -> str:
    return VALID.replace("nodes:\n", text + "nodes:\n", 1)


def test_stages_with_their_assessors_and_four_eyes_load() -> None:
    rules = load_framework(with_certificate(), "tiny.yaml").rules.certificate
    assert rules is not None and rules.four_eyes
    assert [(stage.id, stage.assessors) for stage in rules.stages] == [("papers", "all"), ("visit", 2)]


@pytest.mark.parametrize(
    ("wrong", "fragment", "says"),
    [
        ("assessors: 2}", "assessors: -1}", "assessors"),
        ("assessors: 2}", "assessors: some}", "assessors"),
        ("assessors: 2}", "assessors: true}", "assessors"),
        ("four_eyes: true", "four_eyes: perhaps", "four_eyes"),
        ("decides: true, assessors: all}", "decides: true, assessors: 0}", "at least one assessor must submit it"),
        ("assessors: 2}", "asessors: 2}", "did you mean 'assessors'"),
    ],
)
def test_a_wrong_stage_rule_is_named_where_it_is(tmp_path: Path, wrong: str, fragment: str, says: str) -> None:
    text = with_certificate(CERTIFICATE.replace(wrong, fragment))
    problem = one_problem(text, tmp_path)
    assert says in problem.group("message")
    assert int(problem.group("line")) == line_of(text, fragment.split(",")[0].rstrip("}"))


def test_a_version_stored_before_the_new_keys_reads_as_the_same_content(db: None) -> None:
    import_bundled()
    stored = FrameworkVersion.objects.get(framework_id="kr-smartcity", version="2024")
    # As a database made before the format gained `assessors` and `four_eyes` holds it.
    for stage in stored.document["rules"]["certificate"]["stages"]:
        del stage["assessors"]
    del stored.document["rules"]["certificate"]["four_eyes"]
    stored.digest = "0" * 64
    stored.save()
    assert [outcome.added for outcome in import_bundled()] == [False] * len(import_bundled())
    stored.refresh_from_db()
    assert stored.framework.rules.certificate is not None and stored.framework.rules.certificate.four_eyes
