"""Score a generated 1,000-item framework with full responses, gap plan included; print the median time.

Goal (issue: foundation): under 20 ms per scoring. Run: .venv/bin/python -m bench.score_large_framework
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from bench.synthetic import full_responses, synthetic_framework
from citycert.scoring import score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    arguments = parser.parse_args()
    framework = synthetic_framework(arguments.items)
    # A different set of responses each run, so that no run merely repeats the one before.
    response_sets = [full_responses(framework, seed=seed) for seed in range(arguments.runs + 1)]
    result = score(framework, response_sets[-1])  # warm-up: compiles the framework once, as a server would
    timings = []
    for answers in response_sets[:-1]:
        started = time.perf_counter()
        result = score(framework, answers)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"machine: {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(
        f"items: {len(response_sets[0])}  runs: {arguments.runs}  certified: {result.certified}  gaps: {len(result.gaps)}"
    )
    print(
        f"median: {statistics.median(timings):.2f} ms  p90: {timings[int(len(timings) * 0.9) - 1]:.2f} ms  min: {timings[0]:.2f} ms"
    )
    print(
        f"goal: under 20 ms per scoring, gap plan included -> {'met' if statistics.median(timings) < 20 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
