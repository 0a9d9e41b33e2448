"""A city officer uploads five big PDFs, one after another, and the server is killed (SIGKILL) during the fourth:
once halfway through writing its file, once with its file in place but its rows not committed. Either way the
first three are there whole, the fourth left no row, and no file carries a hash name its content does not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import child, child_env, copy_data_dir, kill_at_marker

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("where", ["write", "commit"])
def test_the_upload_cut_short_leaves_nothing_half_done(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path, where: str
) -> None:
    template, ids = installed_story
    env = child_env(copy_data_dir(template, tmp_path / "data"))
    before = child("facts", env=env)

    kill_at_marker("upload-evidence", str(ids["draft"]), "5", "4", where, env=env, marker=tmp_path / "marker")

    after = child("facts", env=env)
    assert after["rows"]["assessments.Evidence"] == before["rows"]["assessments.Evidence"] + 3
    assert after["rows"]["assessments.EvidenceFile"] == before["rows"]["assessments.EvidenceFile"] + 3
    assert after["files"]["bad"] == [] and after["files"]["missing"] == []
    # The killed upload's file: never under its name when half-written; complete (and unused) when it got there.
    assert after["files"]["named"] == before["files"]["named"] + (3 if where == "write" else 4)
    assert all(name.startswith(".upload-") for name in after["files"]["temporary"])
    assert after["audit"]["broken"] is None
    assert after["audit"]["checked"] == before["audit"]["checked"] + 3
