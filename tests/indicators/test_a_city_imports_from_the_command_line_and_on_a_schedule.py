"""Seocho-gu's officer imports a year of values with `citycert indicators import`, first trying it dry, then
sees a bad file refused with each row named and the exit code saying so; then the city publishes its
open-data export at an address and a schedule fetches it when due, keeping the good rows and recording the
rejected ones on the run; an address that does not answer is recorded on the schedule and changes nothing."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from citycert.indicators.models import ImportSchedule, IndicatorValue
from citycert.indicators.schedules import due, fetch
from tests.indicators.story import Certified, a_year_of_values, certified_cities, long_csv, quantitative_items
from tests.people import People


@pytest.fixture
def story(people: People) -> Certified:
    return certified_cities(people)


def test_dry_run_then_import_then_a_bad_file(
    story: Certified, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, *rows = a_year_of_values(story, low_for="nobody").decode().splitlines()
    values = tmp_path / "seocho.csv"
    values.write_text("\n".join([header, *(row for row in rows if row.startswith("11650,"))]) + "\n", encoding="utf-8")

    call_command("indicators", "import", str(values), "--as", "officer-seocho", "--dry-run")
    assert "to add" in capsys.readouterr().out and not IndicatorValue.objects.exists()
    call_command("indicators", "import", str(values), "--as", "officer-seocho")
    assert IndicatorValue.objects.count() == len(quantitative_items())

    bad = tmp_path / "bad.csv"
    bad.write_bytes(long_csv([("11650", "kr-smartcity:D1.I1.2", "2025", "abc", "%", "x")]))
    with pytest.raises(SystemExit) as exited:
        call_command("indicators", "import", str(bad), "--as", "officer-seocho")
    assert exited.value.code == 1
    assert f"{bad}:2: value:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        call_command("indicators", "import", str(tmp_path / "bad.csv"), "--as", "officer-hanam")
    assert refused.value.code == 1  # Hanam-si's officer does not keep Seocho-gu's indicators: every row rejected
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(SystemExit) as empty:
        call_command("indicators", "import", str(tmp_path / "empty.csv"), "--as", "officer-seocho")
    assert empty.value.code == 2


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[str]:
    """The city's open-data portal: a real HTTP server on 127.0.0.1 serving tmp_path."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_schedule_fetches_when_due_and_records_what_went_wrong(story: Certified, tmp_path: Path, portal: str) -> None:
    year = str(story.today.year)
    (tmp_path / "export.csv").write_bytes(
        long_csv(
            [
                ("11650", "kr-smartcity:D1.I1.1", year, "120", "건", "열린데이터광장"),
                ("11650", "kr-smartcity:D1.I1.2", year, "abc", "%", "열린데이터광장"),
            ]
        )
    )
    schedule = ImportSchedule.objects.create(
        city=story.people.seocho, url=f"{portal}/export.csv", every_days=7, created_by=story.people.officer
    )
    now = timezone.now()
    assert due(now) == [schedule]
    run = fetch(schedule, now)
    assert run is not None and (run.added, run.rejected) == (1, 1) and run.report[0]["line"] == 3
    assert run.schedule == schedule and "1 added" in schedule.last_outcome
    assert due(now + timedelta(days=6)) == [] and due(now + timedelta(days=7)) == [schedule]

    gone = ImportSchedule.objects.create(
        city=story.people.seocho, url=f"{portal}/missing.csv", every_days=1, created_by=story.people.officer
    )
    before = IndicatorValue.objects.count()
    assert fetch(gone, now) is None
    gone.refresh_from_db()
    assert gone.last_outcome.startswith("not imported") and "404" in gone.last_outcome
    assert IndicatorValue.objects.count() == before
