"""`citycert score`: score a responses file against a framework and print the result and gap plan."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citycert.frameworks.located_yaml import InvalidFile
from citycert.frameworks.schema import Framework
from citycert.frameworks.vocabulary import LOCAL_GOVERNMENT_KINDS
from citycert.language import said_in_each_data_language
from citycert.library.management.commands._common import USAGE, Stream, fail, resolve_framework
from citycert.scoring import Result, score
from citycert.scoring.categories import category_for
from citycert.scoring.responses import read_responses
from citycert.scoring.result import BandValue


class Command(BaseCommand):
    help = "Score responses (CSV, XLSX, YAML or JSON) against a framework; exit 2 naming any bad row."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("responses", type=Path, help="file with columns item,value (or {responses: {ITEM: VALUE}})")
        parser.add_argument("--framework", required=True, help="ID, ID@VERSION or a framework file")
        parser.add_argument("--target", help="a grade, level or tier to plan for (beyond passing)")
        parser.add_argument("--kind", choices=sorted(LOCAL_GOVERNMENT_KINDS), help="kind of local government")
        parser.add_argument("--population", type=int, help="population, for the framework's category")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        framework = resolve_framework(options["framework"], self.stderr)
        try:
            answers = read_responses(options["responses"], framework)
        except InvalidFile as error:
            fail(self.stderr, [str(problem) for problem in error.problems], USAGE)
        target = _target(framework, options["target"], self.stderr)
        category = None
        if options["kind"] or options["population"] is not None:
            category = category_for(framework, kind=options["kind"] or "", population=options["population"])
        result = score(framework, answers, target=target, category=category)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(said_in_each_data_language), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_as_text(result))


def _target(framework: Framework, raw: str | None, stream: Stream) -> BandValue | None:
    """The --target given as text, as the band id the framework uses; exit 2 if it has no such band."""
    if raw is None:
        return None
    classification = framework.rules.classification
    if classification is None:
        fail(stream, f"citycert: {framework.key} has no grade, level or tier to target")
    if classification.bands is None:
        if raw.isdigit():
            return int(raw)
        fail(stream, f"citycert: --target for {framework.key} is a whole {classification.kind} number")
    for band in classification.bands:
        if str(band.id) == raw:
            return band.id
    ids = ", ".join(str(band.id) for band in classification.bands)
    fail(stream, f"citycert: {framework.key} has no {classification.kind} {raw!r}; choose one of {ids}")


def _as_text(result: Result) -> str:
    data = result.as_dict(said_in_each_data_language)
    lines = [f"{data['framework']}@{data['version']}"]
    certified = {True: "certified", False: "not certified", None: "no pass or fail in this scheme"}[data["certified"]]
    lines.append(f"result: {certified}")
    lines.append(f"total: {data['total']} of {data['max']} ({data['percent']}%)")
    if result.classification_kind:
        lines.append(f"{result.classification_kind}: {result.classification}")
    if data["category"]:
        lines.append(f"category: {data['category']}")
    for failed in data["failed_conditions"]:
        lines.append(f"failed: {failed['name']['en']}: {failed['message']['en']}")
    if data["gaps"]:
        lines.append("gap plan:")
        for gap in data["gaps"]:
            before = "(blank)" if gap["from"] is None else _shown(gap["from"])
            after = "(report a value)" if gap["to"] is None else _shown(gap["to"])
            if gap["action"] == "verify":
                after += ", verified"
            gain = f" (+{gap['points']} points)" if gap["points"] else ""
            lines.append(f"  {gap['item']} ({gap['name']['en']}): {before} -> {after}{gain}")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    # Booleans read yes and no, as in a responses file.
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
