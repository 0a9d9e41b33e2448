"""A city officer applies an uploaded spreadsheet that changes every answer, and the server is killed (SIGKILL)
after the answers are written but before their audit event: no answer changed, and the audit log is whole.
Then the same import, run to the end, changes the answers and says so in the audit log.

Before the import and its audit event shared a transaction, the answers were committed first, and a kill between
the two left changed answers that the audit log never mentioned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import child, child_env, copy_data_dir, kill_at_marker

pytestmark = pytest.mark.slow


def test_the_import_cut_short_changes_nothing(installed_story: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    template, ids = installed_story
    env = child_env(copy_data_dir(template, tmp_path / "data"))
    before = child("facts", env=env)

    kill_at_marker("import-sheet", str(ids["draft"]), "yes", env=env, marker=tmp_path / "marker")

    after = child("facts", env=env)
    assert after["responses"] == before["responses"]
    assert after["revisions"] == before["revisions"]
    assert after["audit"] == before["audit"]

    imported = child("import-sheet", str(ids["draft"]), "no", env=env)
    done = child("facts", env=env)
    draft_answers = [value for assessment, _item, value in done["responses"] if assessment == ids["draft"]]
    assert imported["changed"] > 1 and draft_answers.count("2") == imported["changed"]
    # One event for the whole import: the answers changed, through the spreadsheet.
    assert "assessment.answers_changed" in done["actions"] and done["audit"]["broken"] is None
    assert done["audit"]["checked"] == before["audit"]["checked"] + 1
