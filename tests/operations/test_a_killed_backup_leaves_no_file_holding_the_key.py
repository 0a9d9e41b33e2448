"""The administrator's `citycert backup` is killed (SIGKILL) just after the signing key went into the archive: no file
is left beside the target, so no half-made archive holds the key. Partials an older version left behind are removed
by the next backup, which then succeeds; one a running backup still writes is left alone."""

from __future__ import annotations

import fcntl
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

from citycert.operations.backup import remove_stale_partials
from tests.operations.processes import child_env, citycert, copy_data_dir, kill_at_marker


def old_style_partial(folder: Path, name: str) -> Path:
    """What a killed backup of an earlier version left: an archive under `.NAME.<random>.partial` with the key in it."""
    partial = folder / f".{name}.k3x9q2.partial"
    with zipfile.ZipFile(partial, "w") as archive:
        archive.writestr("signing-key.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n")
    partial.chmod(0o600)
    return partial


def test_a_backup_killed_after_the_key_leaves_nothing_and_the_next_one_cleans_up(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    template, _ = installed_story
    env = child_env(copy_data_dir(template, tmp_path / "data"))
    backups = tmp_path / "backups"
    backups.mkdir()
    target = backups / "site.zip"

    kill_at_marker("backup-until-the-key-is-in", str(target), env=env, marker=tmp_path / "marker")

    assert list(backups.iterdir()) == []  # no partial, no archive: the unnamed file died with the process

    stale = old_style_partial(backups, "site.zip")
    other = backups / ".other.zip.aaaa.partial"  # another target's partial is not this backup's business
    other.write_bytes(b"x")
    made = citycert("backup", str(target), env=env)
    assert "backup written to" in made.stdout
    assert not stale.exists()
    assert sorted(path.name for path in backups.iterdir()) == [".other.zip.aaaa.partial", "site.zip"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        assert {"manifest.json", "rows.jsonl", "signing-key.pem"} <= set(archive.namelist())

    # Over an existing archive: the old one is replaced whole, and nothing else is left.
    again = citycert("backup", str(target), env=env)
    assert "backup written to" in again.stdout
    assert sorted(path.name for path in backups.iterdir()) == [".other.zip.aaaa.partial", "site.zip"]


def test_a_partial_still_being_written_is_not_removed(tmp_path: Path) -> None:
    target = tmp_path / "site.zip"
    running = old_style_partial(tmp_path, "site.zip")
    stale = tmp_path / ".site.zip.zzzz.partial"
    stale.write_bytes(b"left by a killed backup")
    descriptor = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # as a backup running now holds its file
        assert remove_stale_partials(target) == [stale]
        assert running.exists() and not stale.exists()
    finally:
        os.close(descriptor)
    assert remove_stale_partials(target) == [running]
