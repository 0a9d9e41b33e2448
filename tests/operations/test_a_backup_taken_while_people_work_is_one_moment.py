"""A city officer keeps adding evidence while the administrator runs `citycert backup` on the live SQLite
install. Restored onto an empty install, the archive is one moment of the live one: every restored row is the
live row with the same id, the audit log's chain ends where its head says, and every evidence file it names is
there with its hash.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import WAIT, child, child_env, citycert, copy_data_dir
from tests.support import REPO

pytestmark = pytest.mark.slow


def test_the_archive_is_one_moment_of_the_live_install(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    template, ids = installed_story
    live = child_env(copy_data_dir(template, tmp_path / "live"))
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.operations.child", "keep-uploading", str(ids["draft"]), str(stop)],
        cwd=REPO,
        env=live,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while not Path(f"{stop}.started").exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        citycert("backup", str(tmp_path / "live.zip"), env=live)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=WAIT)
    assert writer.returncode == 0, err
    added = int(out.strip().splitlines()[-1].split(":")[1].strip(" }"))

    restored = child_env(tmp_path / "restored")
    citycert("migrate", "--no-input", "-v0", env=restored)
    citycert("restore", str(tmp_path / "live.zip"), env=restored)

    now, then = child("snapshot", env=live), child("snapshot", env=restored)
    assert now.keys() == then.keys()
    for table, rows in then.items():
        if table == "audit.AuditChainHead":
            continue  # the one row each new event rewrites; the audit check below holds it to the restored log
        by_id = {row[0]: row for row in now[table]}
        assert all(by_id.get(row[0]) == row for row in rows), f"{table}: a restored row differs from the live one"
    facts = child("facts", env=restored)
    assert facts["audit"]["broken"] is None
    assert facts["files"]["bad"] == [] and facts["files"]["missing"] == [] and facts["files"]["temporary"] == []
    during = (
        facts["rows"]["assessments.Evidence"] - child("facts", env=child_env(template))["rows"]["assessments.Evidence"]
    )
    assert 3 <= during <= added, (during, added)
