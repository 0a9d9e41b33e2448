"""The certifier certifies an application and the server is killed (SIGKILL) once the certificate, its history
and its audit schedule are written but not committed: no decision, no certificate, nothing published, the
application still in review, the audit log whole. Certifying again then issues the first number of the year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import child, child_env, copy_data_dir, kill_at_marker

pytestmark = pytest.mark.slow

DECISION_ROWS = [
    "certification.Decision",
    "certification.Certificate",
    "certification.CertificateChange",
    "certification.DueAudit",
    "certification.PublishedItem",
    "certification.PublishedRows",
]


def test_the_decision_cut_short_leaves_no_certificate(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    template, ids = installed_story
    env = child_env(copy_data_dir(template, tmp_path / "data"))
    before = child("facts", env=env)

    kill_at_marker("decide", str(ids["application"]), "yes", env=env, marker=tmp_path / "marker")

    after = child("facts", env=env)
    signed_in = "sessions.Session"  # the child's own sign-in is the one row it may leave
    assert {**after["rows"], signed_in: 0} == {**before["rows"], signed_in: 0}
    assert all(after["rows"][label] == 0 for label in DECISION_ROWS)
    assert "application.decided" not in after["actions"]
    assert after["audit"] == before["audit"]

    child("decide", str(ids["application"]), "no", env=env)
    done = child("facts", env=env)
    assert done["rows"]["certification.Decision"] == done["rows"]["certification.Certificate"] == 1
    assert done["certificates"] == [done["certificates"][0][:-4] + "0001"]
    assert done["audit"]["broken"] is None
