"""Framework files and answer files come from users: YAML is only ever read with PyYAML's safe loader, which
builds plain data and never Python objects."""

from __future__ import annotations

import re
from pathlib import Path

import citycert

SOURCE = Path(citycert.__file__).parent
UNSAFE = re.compile(
    r"yaml\.(?:load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)\(|Loader\s*=|yaml\.(?:Unsafe|Full)?Loader\b"
)


def test_no_module_reads_yaml_with_an_unsafe_loader() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE.search(line)
    ]
    assert found == []


def test_the_pattern_catches_what_it_is_for() -> None:
    assert UNSAFE.search("yaml.load(text, Loader=yaml.Loader)")
    assert UNSAFE.search("yaml.unsafe_load(text)")
    assert not UNSAFE.search("yaml.safe_load(text)")
    assert not UNSAFE.search("loader = yaml.SafeLoader(text)")
