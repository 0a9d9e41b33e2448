"""The certifying body imports a year of values from the command line and the process is killed (SIGKILL) just
after the values are committed, before their projections and alerts are worked out. The follow-up was queued in
the same transaction: a worker started afterwards projects the cities, raises the alerts (Seocho-gu below its bar,
to the city and to the certifying body) and sends their emails. Importing the same file again raises nothing more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.operations.processes import child, child_env, citycert, kill_at_marker, wait_for, worker_process

pytestmark = pytest.mark.slow

BELOW_BAR = [
    ["body", "below_bar", "cert@krihs.re.kr"],
    ["city", "below_bar", "smart@seocho.go.kr"],
]


def test_the_worker_raises_the_alerts_of_a_killed_import(tmp_path: Path) -> None:
    env = child_env(tmp_path / "data", CITYCERT_WORKER_HEARTBEAT_SECONDS="0.5")
    citycert("migrate", "--no-input", "-v0", env=env)
    csv = child("setup-indicators", str(tmp_path), env=env)["file"]

    kill_at_marker("import-values", csv, "yes", env=env, marker=tmp_path / "marker")

    killed = child("indicator-facts", env=env)
    assert killed["values"] > 0 and killed["alerts"] == []  # committed, but nothing followed yet

    with worker_process(env, "--no-schedule") as worker:
        wait_for(lambda: child("indicator-facts", env=env)["alerts"] == BELOW_BAR, "the import's alerts")
        # The setup's certification steps queued their own notification emails first; the alerts' two come after
        # the import's follow-up.
        wait_for(lambda: after_follow_up(worker.log()).count("\nTo: ") == 2, "the two alert emails")
        everything = worker.log()
        printed = after_follow_up(everything)
    assert "To: smart@seocho.go.kr" in printed and "To: cert@krihs.re.kr" in printed
    assert "서초구" in printed and "Seocho-gu" in printed

    again = child("import-values", csv, "no", env=env)["said"]
    assert "0 added, 0 changed; 0 alerts" in again
    assert child("indicator-facts", env=env)["alerts"] == BELOW_BAR
    listed = citycert("jobs", env=env).stdout
    assert sum(" follow_up_import " in line and " done " in line for line in listed.splitlines()) == 1
    # Importing again queued no email: every email job done is one the worker printed above.
    sent = sum(" send_email " in line and " done " in line for line in listed.splitlines())
    assert sent == everything.count("\nTo: ")


def after_follow_up(log: str) -> str:
    """What the worker printed after the import's follow-up job finished ("" before it has)."""
    _before, found, after = log.partition("follow_up_import state=SUCCESSFUL")
    return after if found else ""
