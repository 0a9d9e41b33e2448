"""The speed goals of an assessment (issue 19), at 140, 1,375 and 5,000 items: each figure's median and p90 with
the load average beside it.

- engine: score + gap plan from scratch; one changed answer rescored on a kept sheet (totals and conditions,
  and with the gap plan); a stored result read again (the page's and the API's read of an unchanged revision);
- over HTTP, gunicorn with 1 worker on 127.0.0.1, SQLite, DEBUG off: the whole assessment page as its officer;
  one answer saved on the page (its row and the refreshed score panel); an assessment created through the API
  (POST /api/v1/assessments, the 201 reply with its result) and through the web form, on a fresh install and
  again with 1,000 earlier assessments of the city and 50 stored versions of the framework.

- scale: the engine's figures at the two largest sizes again, measured alternately in one process, and
  whether they grow no faster than the number of items (see engine_scale).

The framework is the synthetic one (bench/synthetic.py), imported like any framework file; the page's
assessment is answered in full. Each size runs in a throwaway folder. Run:
    .venv/bin/python -m bench.assessment_speed [--items 140 1375 5000] [--runs 30] [--port 8123] [--engine-only | --server-only]
"""

from __future__ import annotations

import argparse
import http.cookies
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from citycert.cities.models import City
    from citycert.library.models import FrameworkVersion

# Goals at 1,375 items, in ms (the issue's); at other sizes the figures are printed without a verdict.
GOALS = {
    "score + gap plan from scratch": 3.0,
    "one changed answer rescored: totals, conditions and gap plan": 1.0,
    "stored result read": 1.0,
    "page over HTTP": 35.0,
    "one answer saved over HTTP": 20.0,
    "create over HTTP (API), fresh install": 15.0,
    "create over HTTP (web form), fresh install": 15.0,
    "create over HTTP (API), 1,000 earlier + 50 versions": 15.0,
    "create over HTTP (web form), 1,000 earlier + 50 versions": 15.0,
}
GOAL_SIZE = 1375


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def figure(label: str, timings: list[float], items: int, extra: str = "") -> float:
    """Print one goal's figure: median, p90, the load average now, and the verdict at the goal's size."""
    timings = sorted(timings)
    median = statistics.median(timings)
    p90 = timings[max(0, int(len(timings) * 0.9) - 1)]
    goal = GOALS.get(label)
    verdict = ""
    if goal is not None and items == GOAL_SIZE:
        verdict = f"  goal < {goal:g} ms: {'met' if median < goal else 'NOT met'}"
    print(f"  {label}: median {median:.2f} ms  p90 {p90:.2f} ms  ({load()}){cpu_note}{extra}{verdict}", flush=True)
    return median


def timed(action: Callable[[], object], runs: int, worker: int | None = None) -> list[float]:
    """Wall-clock ms of each run; with `worker`, the server process's CPU time per run is printed after."""
    global cpu_note
    timings = []
    cpu_before = _cpu_seconds(worker) if worker is not None else time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    cpu_after = _cpu_seconds(worker) if worker is not None else time.process_time()
    cpu = (cpu_after - cpu_before) * 1000 / runs
    cpu_note = f"  [CPU {cpu:.2f} ms a run{' in the gunicorn worker' if worker is not None else ''}]"
    return timings


cpu_note = ""


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process: unlike the wall clock, not stretched by other processes' load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def engine(items: int, runs: int) -> None:
    from bench.synthetic import full_responses, synthetic_framework
    from citycert.scoring import Answer, Sheet, score, score_sheet
    from citycert.scoring.engine import result_of
    from citycert.scoring.model import compile_framework

    framework = synthetic_framework(items)
    model = compile_framework(framework)
    # A different set of answers each run, so that no run merely repeats the one before.
    sets = [full_responses(framework, seed=seed) for seed in range(runs + 1)]
    score(framework, sets[-1])  # compiles the framework once, as a server does
    pending = list(sets[:-1])
    figure("score + gap plan from scratch", timed(lambda: score(framework, pending.pop()), runs), items)

    sheet = Sheet.build(model, sets[-1])
    score_sheet(sheet)
    rng = random.Random(1)
    changes = []
    for _ in range(runs):
        item = rng.choice(model.items)
        changes.append((item.id, Answer(rng.choice(item.values)) if item.values else Answer()))

    def change_totals() -> None:
        item_id, answer = changes.pop()
        sheet.set(item_id, answer)
        result_of(sheet)

    def change_all() -> None:
        item_id, answer = changes.pop()
        sheet.set(item_id, answer)
        score_sheet(sheet)

    figure("one changed answer rescored: totals and conditions", timed(change_totals, runs), items)
    changes = [
        (item.id, Answer(rng.choice(item.values)) if item.values else Answer())
        for item in (rng.choice(model.items) for _ in range(runs))
    ]
    figure("one changed answer rescored: totals, conditions and gap plan", timed(change_all, runs), items)


def engine_scale(small: int, large: int, runs: int) -> None:
    """The engine's figures at two sizes measured alternately in one process, as the issue measured citycert
    against CISO Assistant: each run of the small framework is followed by one of the large, so both meet the
    same machine (its load, its caches, the memos of the process) and the ratio is of like with like. Measured
    one size after the other, the small size alone keeps its working set in the CPU's caches between runs
    and the large does not, which stretches the ratio by the cache and not by the work."""
    from bench.synthetic import full_responses, synthetic_framework
    from citycert.scoring import Answer, Sheet, score, score_sheet
    from citycert.scoring.engine import result_of
    from citycert.scoring.model import compile_framework

    sizes = (small, large)
    frameworks = {size: synthetic_framework(size) for size in sizes}
    models = {size: compile_framework(frameworks[size]) for size in sizes}
    sets = {size: [full_responses(frameworks[size], seed=seed) for seed in range(runs + 1)] for size in sizes}
    sheets = {}
    for size in sizes:
        score(frameworks[size], sets[size][-1])  # compiles the framework once, as a server does
        sheets[size] = Sheet.build(models[size], sets[size][-1])
        score_sheet(sheets[size])
    rng = random.Random(1)

    def a_change(size: int) -> tuple[str, Answer]:
        item = rng.choice(models[size].items)
        return item.id, Answer(rng.choice(item.values)) if item.values else Answer()

    def from_scratch(size: int, run: int) -> None:
        score(frameworks[size], sets[size][run])

    def change_totals(size: int, run: int) -> None:
        sheets[size].set(*a_change(size))
        result_of(sheets[size])

    def change_all(size: int, run: int) -> None:
        sheets[size].set(*a_change(size))
        score_sheet(sheets[size])

    print(f"{small:,} and {large:,} items alternately in one process ({large / small:.2f} times the items)")
    for label, action in (
        ("score + gap plan from scratch", from_scratch),
        ("one changed answer rescored: totals and conditions", change_totals),
        ("one changed answer rescored: totals, conditions and gap plan", change_all),
    ):
        timings: dict[int, list[float]] = {size: [] for size in sizes}
        for run in range(runs):
            for size in sizes:
                started = time.perf_counter()
                action(size, run)
                timings[size].append((time.perf_counter() - started) * 1000)
        small_median, large_median = (statistics.median(timings[size]) for size in sizes)
        small_p90, large_p90 = (sorted(timings[size])[int(runs * 0.9) - 1] for size in sizes)
        ratio = large_median / small_median
        verdict = "no faster than linearly" if ratio <= large / small else "FASTER than linearly"
        print(
            f"  {label}: median {small_median:.2f} ms → {large_median:.2f} ms (p90 {small_p90:.2f} → "
            f"{large_p90:.2f} ms), {ratio:.2f} times: grows {verdict}  ({load()})",
            flush=True,
        )


def server_side(items: int, runs: int, port: int | None = None) -> None:
    """Everything that needs a database: made in this process, measured over HTTP against gunicorn."""
    folder = Path(tempfile.mkdtemp(prefix="citycert-speed-"))
    environment = {
        **os.environ,
        "CITYCERT_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "bench.speed_settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
    }
    os.environ.update(environment)
    import django

    django.setup()
    import yaml
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load import free_port, running
    from bench.synthetic import framework_document, full_responses
    from citycert.accounts.tokens import issue
    from citycert.assessments import scored
    from citycert.assessments.answers import stored_text
    from citycert.assessments.models import Assessment
    from citycert.assessments.workflow import create_assessment, save_responses
    from citycert.cities.models import City
    from citycert.library.models import FrameworkVersion
    from citycert.library.store import find_version, import_paths
    from citycert.scoring.model import compile_framework
    from tests.people import person

    call_command("migrate", verbosity=0)
    document = framework_document(items)
    path = folder / "synthetic.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version("synthetic")
    framework = version.framework
    city = City.objects.create(code="99999", name_ko="벤치시", name_en="Bench City", kind="city")
    officer = person("bench-officer", "city_officer", city)
    assessment = create_assessment(city, version, "self_assessment", 2026, officer)
    answers = full_responses(framework)
    save_responses(
        assessment, {item: {"value": stored_text(answer.value)} for item, answer in answers.items()}, officer
    )
    assessment = Assessment.objects.select_related("city", "framework_version").get(pk=assessment.pk)

    # A stored result read again, in this process: what the page and the API do for an unchanged revision
    # (after reading the city's category, which the result depends on).
    category = city.category_in(framework, assessment.year)
    scored.result_for(assessment, framework, None, category)
    figure("stored result read", timed(lambda: scored.result_for(assessment, framework, None, category), runs), items)

    client = Client()
    client.force_login(officer)
    session = client.cookies["sessionid"].value
    _, secret = issue(officer, "bench", 30)
    model = compile_framework(framework)
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    page_url = f"{base}/assessments/{assessment.pk}/"
    command = [str(Path(sys.executable).parent / "gunicorn"), "citycert.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    log = folder / "gunicorn.log"
    with running(command, f"{base}/registry/", log, environment) as server:
        master = server.pid
        worker = int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])
        cookies = {"sessionid": session}

        def get(url: str) -> bytes:
            request = urllib.request.Request(url, headers={"Cookie": _cookie_header(cookies)})
            with urllib.request.urlopen(request, timeout=60) as answer:
                _take_cookies(answer.headers.get_all("Set-Cookie") or [], cookies)
                body: bytes = answer.read()
                return body

        def post(url: str, data: dict[str, str], headers: dict[str, str] | None = None) -> int:
            body = urllib.parse.urlencode(data).encode()
            request = urllib.request.Request(
                url,
                data=body,
                headers={
                    "Cookie": _cookie_header(cookies),
                    "X-CSRFToken": cookies.get("csrftoken", ""),
                    "Content-Type": "application/x-www-form-urlencoded",
                    **(headers or {}),
                },
            )
            opener = urllib.request.build_opener(_NoRedirect())
            try:
                with opener.open(request, timeout=60) as answer:
                    answer.read()
                    status: int = answer.status
                    return status
            except urllib.error.HTTPError as error:
                if error.code in (301, 302, 303):
                    return error.code
                raise RuntimeError(f"{url}: {error.code} {error.read()[:300]!r}") from None

        def post_reading(url: str, data: dict[str, str]) -> tuple[int, str]:
            """A form's POST, its status and its page (empty for a redirect), not following a redirect."""
            request = urllib.request.Request(
                url,
                data=urllib.parse.urlencode(data).encode(),
                headers={
                    "Cookie": _cookie_header(cookies),
                    "X-CSRFToken": cookies.get("csrftoken", ""),
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            opener = urllib.request.build_opener(_NoRedirect())
            try:
                with opener.open(request, timeout=60) as answer:
                    return answer.status, answer.read().decode()
            except urllib.error.HTTPError as error:
                body = error.read().decode(errors="replace")
                if error.code in (301, 302, 303):
                    return error.code, ""
                raise RuntimeError(f"{url}: {error.code} {body[:300]!r}") from None

        for _ in range(3):  # warm-up: the worker parses the framework and compiles templates once
            page = get(page_url)
        client.get(f"/assessments/{assessment.pk}/")
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/assessments/{assessment.pk}/")
        queries = len(captured)
        figure(
            "floor: a 404 page from the same worker",
            timed(lambda: _status(lambda: get(f"{base}/assessments/999999/")), runs, worker),
            items,
        )
        figure(
            "page over HTTP",
            timed(lambda: get(page_url), runs, worker),
            items,
            f"  [{len(page) // 1024} KiB, {queries} SQL queries]",
        )

        rng = random.Random(2)
        saves = []
        for _ in range(runs + 3):
            item = rng.choice([item for item in model.items if item.values])
            saves.append((item.id, stored_text(rng.choice(item.values))))

        def save_one() -> None:
            item_id, value = saves.pop()
            status = post(f"{page_url}items/{urllib.parse.quote(item_id)}/", {"value": value})
            assert status == 200, status

        for _ in range(3):
            save_one()
        figure("one answer saved over HTTP", timed(save_one, runs, worker), items, "  [its row and the score panel]")

        def create_by_api() -> None:
            body = json.dumps({"city": city.code, "framework": "synthetic", "year": 2027}).encode()
            request = urllib.request.Request(
                f"{base}/api/v1/assessments",
                data=body,
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
                assert answer.status == 201, answer.status

        version_pk = str(FrameworkVersion.objects.filter(framework_id="synthetic").order_by("-pk").first().pk)  # type: ignore[union-attr]

        new_url = f"{base}/cities/{city.code}/assessments/new/"
        confirmed: dict[str, str] = {}

        def ask_form() -> None:
            """Fill in the form as a person does; a second draft of the scheme and year is asked about first
            (issue 17), and the person confirms with the question's own form, whose fields are kept to send."""
            form = {"framework_version": version_pk, "kind": "self_assessment", "year": "2027"}
            status, body = post_reading(new_url, form)
            if status == 200:
                assert 'id="second-draft"' in body, "the web form answered 200 without its second-draft question"
                confirmed.clear()
                confirmed.update(_question_fields(body))
                assert confirmed.get("second_draft") == "yes", confirmed
                status, body = post_reading(new_url, confirmed)
            assert status == 302, (status, body[:300])

        def create_by_form() -> None:
            """The create itself: the question's confirming form, as the person's click sends it."""
            status = post(new_url, confirmed)
            assert status == 302, status

        get(new_url)
        for history in ("fresh install", "1,000 earlier + 50 versions"):
            if history != "fresh install":
                _add_history(document, city, version, officer)
                version_pk = str(find_version("synthetic").pk)
            for _ in range(3):
                create_by_api()
                ask_form()
            assert confirmed.get("framework_version") == version_pk, (confirmed, version_pk)
            earlier = Assessment.objects.filter(city=city).count()
            versions = FrameworkVersion.objects.filter(framework_id="synthetic").count()
            extra = f"  [{earlier} assessments of the city, {versions} versions stored]"
            figure(f"create over HTTP (API), {history}", timed(create_by_api, runs, worker), items, extra)
            figure(f"create over HTTP (web form), {history}", timed(create_by_form, runs, worker), items, extra)
    complaints = [line for line in log.read_text().splitlines() if "Traceback" in line or " ERROR " in line]
    if complaints:
        print(f"  gunicorn's log has {len(complaints)} errors: {log}")


def _add_history(document: dict[str, Any], city: City, version: FrameworkVersion, officer: User) -> None:
    """49 more stored versions of the framework (50 in all) and 1,000 earlier assessments of the city."""
    from citycert.assessments.models import Assessment
    from citycert.library.models import FrameworkVersion
    from citycert.library.store import digest_of

    stored = []
    for number in range(1, 50):
        copy = {**document, "version": f"0.{number}"}
        stored.append(
            FrameworkVersion(
                framework_id="synthetic",
                version=f"0.{number}",
                name_ko="합성 평가 체계",
                name_en="Synthetic framework",
                document=copy,
                digest=digest_of(copy),
                source_name="bench",
            )
        )
    made = FrameworkVersion.objects.bulk_create(stored)
    choices = [version, *made]
    present = Assessment.objects.filter(city=city).count()
    Assessment.objects.bulk_create(
        Assessment(
            city=city,
            framework_version=choices[number % len(choices)],
            kind="self_assessment",
            year=2000 + number % 26,
            created_by=officer,
        )
        for number in range(1000 - present)
    )


def _question_fields(page: str) -> dict[str, str]:
    """The hidden fields of the second-draft question's form: what its button sends."""
    import html
    import re

    question = page.split('id="second-draft"', 1)[1].split("</form>", 1)[0]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', question)
    return {name: html.unescape(value) for name, value in fields if name != "csrfmiddlewaretoken"}


def _status(action: Callable[[], object]) -> None:
    try:
        action()
    except urllib.error.HTTPError as error:
        error.read()


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _take_cookies(headers: list[str], cookies: dict[str, str]) -> None:
    for header in headers:
        parsed = http.cookies.SimpleCookie(header)
        for name, morsel in parsed.items():
            cookies[name] = morsel.value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--items", type=int, nargs="+", default=[140, 1375, 5000], help="the sizes to measure (default: 140 1375 5000)"
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--port", type=int, help="the gunicorn's port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--server-only", action="store_true", help="leave out the engine's figures")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a process of its own
    # The engine's figures alone: no database, no gunicorn (for profiling the engine and quick checks).
    parser.add_argument("--engine-only", action="store_true", help="measure only the engine, not the server")
    arguments = parser.parse_args()
    if arguments.one:
        print(f"{arguments.one:,} items", flush=True)
        if not arguments.server_only:
            engine(arguments.one, arguments.runs)
        if not arguments.engine_only:
            server_side(arguments.one, arguments.runs, arguments.port)
        return
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {arguments.runs} runs per figure; times in ms",
        flush=True,
    )
    medians: dict[str, dict[int, str]] = {}
    for items in arguments.items:
        # Each size in a fresh process: Django is set up once per process, with its own throwaway database.
        command = [sys.executable, "-m", "bench.assessment_speed", "--one", str(items), "--runs", str(arguments.runs)]
        if arguments.port:
            command += ["--port", str(arguments.port)]
        if arguments.server_only:
            command.append("--server-only")
        if arguments.engine_only:
            command.append("--engine-only")
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                print(line, end="", flush=True)
                found = FIGURE.match(line)
                if found:
                    cpu = f"; CPU {found['cpu']}" if found["cpu"] else ""
                    medians.setdefault(found["label"], {})[items] = (
                        f"{found['median']} (p90 {found['p90']}{cpu}; {found['load'].split()[1]})"
                    )
        if child.returncode:
            raise SystemExit(f"{items:,} items: the measuring process failed ({child.returncode})")
    _summary(medians, arguments.items)
    if not arguments.server_only and len(arguments.items) > 1:
        print()
        engine_scale(sorted(arguments.items)[-2], max(arguments.items), max(arguments.runs, 100))


# A figure's line as `figure` prints it: its label, median and p90.
FIGURE = re.compile(
    r"^  (?P<label>.+?): median (?P<median>[\d.]+) ms  p90 (?P<p90>[\d.]+) ms  \((?P<load>load [\d. ]+)\)"
    r"(?:  \[CPU (?P<cpu>[\d.]+) ms)?"
)


def _summary(medians: dict[str, dict[int, str]], sizes: list[int]) -> None:
    """Every figure at every size side by side: its median in ms with its p90, CPU time and the one-minute load
    average when it was measured."""
    print(f"\nmedian ms (p90; CPU ms a run; 1-minute load average) at {', '.join(f'{size:,}' for size in sizes)} items")
    print("| figure | " + " | ".join(f"{size:,} items" for size in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for label, by_size in medians.items():
        print(f"| {label} | " + " | ".join(by_size.get(size, "–") for size in sizes) + " |")


if __name__ == "__main__":
    main()
