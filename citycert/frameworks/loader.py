"""Load framework and crosswalk files, reporting every problem as FILE:LINE:COLUMN: message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from citycert.frameworks import checks
from citycert.frameworks.located_yaml import InvalidFile, Located, Problem, parse
from citycert.frameworks.schema import (
    CROSSWALK_SCHEMA,
    FRAMEWORK_SCHEMA,
    Crosswalk,
    Framework,
    FrameworkHeader,
    Node,
)

LIBRARY = Path(__file__).parent / "library"

_node_adapter: TypeAdapter[Node] = TypeAdapter(Node)


def bundled_paths() -> list[Path]:
    """The framework files shipped with citycert, then the crosswalks between them."""
    return sorted(LIBRARY.glob("*.yaml")) + sorted((LIBRARY / "crosswalks").glob("*.yaml"))


def load_framework(text: str, file: str) -> Framework:
    """Parse and check one framework file; raise InvalidFile with every problem found."""
    document = load_document(text, file, known={})
    if not isinstance(document, Framework):
        raise InvalidFile([Problem(file, 1, 1, f"expected schema: {FRAMEWORK_SCHEMA}")])
    return document


@dataclass(frozen=True)
class Loaded:
    """A valid document and the file it came from."""

    file: str
    document: Framework | Crosswalk


def load_paths(paths: Iterable[Path], known: Mapping[str, Framework] | None = None) -> list[Framework | Crosswalk]:
    """The documents of `load_files`, without the files they came from."""
    return [entry.document for entry in load_files(paths, known)]


def load_files(paths: Iterable[Path], known: Mapping[str, Framework] | None = None) -> list[Loaded]:
    """Load several files at once: frameworks first, so that crosswalks can refer to them.

    `known` holds frameworks from elsewhere (the bundled library, the database) by `id@version`.
    Every problem in every file is collected before InvalidFile is raised.
    """
    problems: list[Problem] = []
    located: list[Located] = []
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(str(path), 1, 1, f"cannot read the file: {error}"))
            continue
        try:
            located.append(parse(text, str(path)))
        except InvalidFile as error:
            problems.extend(error.problems)
    frameworks: dict[str, Framework] = dict(known or {})
    loaded: list[Loaded] = []
    crosswalks = [doc for doc in located if _schema_of(doc) == CROSSWALK_SCHEMA]
    for doc in [doc for doc in located if doc not in crosswalks]:
        try:
            framework = _framework_from(doc)
        except InvalidFile as error:
            problems.extend(error.problems)
            continue
        frameworks[framework.key] = framework
        loaded.append(Loaded(doc.file, framework))
    for doc in crosswalks:
        try:
            loaded.append(Loaded(doc.file, _crosswalk_from(doc, frameworks)))
        except InvalidFile as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidFile(problems)
    return loaded


def load_document(text: str, file: str, known: Mapping[str, Framework]) -> Framework | Crosswalk:
    """Parse and check one framework or crosswalk file."""
    doc = parse(text, file)
    if _schema_of(doc) == CROSSWALK_SCHEMA:
        return _crosswalk_from(doc, known)
    return _framework_from(doc)


def _schema_of(doc: Located) -> Any:
    return doc.data.get("schema") if isinstance(doc.data, dict) else None


def _framework_from(doc: Located) -> Framework:
    data = doc.data
    if not isinstance(data, dict):
        raise InvalidFile([doc.problem((), "a framework file must be a mapping of keys to values")])
    schema = data.get("schema")
    if schema != FRAMEWORK_SCHEMA:
        raise InvalidFile(
            [doc.problem(("schema",), f"schema must be {FRAMEWORK_SCHEMA} or {CROSSWALK_SCHEMA}, not {schema!r}")]
        )
    problems: list[Problem] = []
    header = _validate(FrameworkHeader, {k: v for k, v in data.items() if k != "nodes"}, doc, (), problems)
    raw_nodes = data.get("nodes")
    nodes: list[tuple[int, Node]] = []
    if not isinstance(raw_nodes, list) or not raw_nodes:
        problems.append(doc.problem(("nodes",), "nodes: give a list of at least one node"))
    else:
        for index, raw in enumerate(raw_nodes):
            node = _validate(_node_adapter, raw, doc, ("nodes", index), problems)
            if node is not None:
                nodes.append((index, node))
    problems.extend(checks.check_framework(doc, header, nodes, _valid_sections(data, header)))
    if problems:
        raise InvalidFile(problems)
    assert header is not None
    return Framework(**header.model_dump(by_alias=True), nodes=[node for _, node in nodes])


def _valid_sections(data: dict[str, Any], header: FrameworkHeader | None) -> dict[str, Any]:
    """The header's parts that are valid on their own, so their checks can run beside other errors."""
    if header is not None:
        return {name: getattr(header, name) for name in FrameworkHeader.model_fields}
    sections: dict[str, Any] = {}
    for name, field in FrameworkHeader.model_fields.items():
        key = field.alias or name
        raw = data.get(key, field.get_default(call_default_factory=True))
        try:
            sections[name] = TypeAdapter(cast(Any, field.annotation)).validate_python(raw)
        except ValidationError:
            continue
    return sections


def _crosswalk_from(doc: Located, frameworks: Mapping[str, Framework]) -> Crosswalk:
    problems: list[Problem] = []
    crosswalk: Crosswalk | None = _validate(Crosswalk, doc.data, doc, (), problems)
    if crosswalk is not None:
        problems.extend(checks.check_crosswalk(doc, crosswalk, frameworks))
    if problems:
        raise InvalidFile(problems)
    assert crosswalk is not None
    return crosswalk


def _validate(
    model: type[BaseModel] | TypeAdapter[Any], data: Any, doc: Located, at: tuple[Any, ...], problems: list[Problem]
) -> Any:
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            path = (*at, *detail["loc"])
            problems.append(_explain(doc, path, detail))
        return None


def _explain(doc: Located, path: tuple[Any, ...], detail: Any) -> Problem:
    """Turn one pydantic error into a located sentence a framework author can act on."""
    # Model validators of nested models report a loc ending in the field; drop pydantic's internal parts.
    path = tuple(part for part in path if not (isinstance(part, str) and part.startswith("function-")))
    where = _dotted(path)
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = _allowed_keys(doc, path[:-1])
        hint = difflib.get_close_matches(str(key), allowed, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return doc.problem(path, f"{_dotted(path[:-1]) or 'top level'}: unknown key {key!r}{suggestion}", on_key=True)
    if kind == "missing":
        return doc.problem(path[:-1], f"{_dotted(path[:-1]) or 'top level'}: missing required key {path[-1]!r}")
    message = str(detail["msg"]).removeprefix("Value error, ")
    return doc.problem(path, f"{where}: {message}")


def _allowed_keys(doc: Located, path: tuple[Any, ...]) -> list[str]:
    # Suggestions come from the fields of the model that sits at this place in the file.
    model: Any = FrameworkHeader if _schema_of(doc) == FRAMEWORK_SCHEMA else Crosswalk
    for part in path:
        if isinstance(part, int):
            continue
        if part == "nodes":
            model = Node
            continue
        field = model.model_fields.get(part) or next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
