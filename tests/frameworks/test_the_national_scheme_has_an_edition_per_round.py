"""The national scheme is bundled as the editions its rounds used: 2021 (63 indicators), 2022 (56) and 2023-2025
(53, stored as version 2024). The counts are published, the trees our reconstruction and marked so; each edition
validates, and a crosswalk takes every earlier indicator onto the 2023-2025 edition."""

from __future__ import annotations

from citycert.frameworks.loader import LIBRARY, bundled_paths, load_paths
from citycert.frameworks.schema import Crosswalk, Framework
from tests.support import bundled_editions, items_of, run_shell

EDITIONS = bundled_editions("kr-smartcity")
COUNTS = {"2021": 63, "2022": 56, "2024": 53}


def groups(framework: Framework) -> dict[str, object]:
    """Every domain and evaluation item, with its points."""
    return {node.id: node.points for node in framework.nodes if not node.assessable}


def test_each_edition_has_its_published_count_in_the_same_three_domains_and_ten_items() -> None:
    assert {version: len(items_of(framework)) for version, framework in EDITIONS.items()} == COUNTS
    latest = EDITIONS["2024"]
    for version, framework in EDITIONS.items():
        assert framework.total_points == 2000, version
        # The same domains and items with the same points: a city's history compares area by area.
        assert groups(framework) == groups(latest), version
        assert len([node for node in framework.nodes if node.parent is None]) == 3
        assert all(item.provenance.status == "inferred" for item in items_of(framework)), "no list is public"
    assert "2023~2025" in EDITIONS["2024"].edition.ko and "63" in EDITIONS["2021"].edition.en  # type: ignore[union-attr]


def test_the_2022_edition_follows_molits_56_and_records_the_59_another_outlet_reported() -> None:
    note = EDITIONS["2022"].provenance.note or ""
    assert "56" in note and "59" in note and "MOLIT" in note
    assert any("59" in source.title for source in EDITIONS["2022"].sources)
    text = (LIBRARY / "kr-smartcity-2022.yaml").read_text(encoding="utf-8")
    assert "56 or 59" in text, "the file says which figure it chose and why"


def test_the_2023_2025_edition_cites_the_2025_count_the_2021_categories_and_the_extensions_length() -> None:
    latest = EDITIONS["2024"]
    urls = {source.url for source in latest.sources}
    assert {
        "https://www.asiatoday.co.kr/kn/view.php?key=20251124010012407",  # 2025: 53 indicators, 2,000 points, 70 %
        "https://timenews.co.kr/web/news/article/1408803",  # 2021: basic local governments are small-medium
        "https://news1.kr/amp/local/kangwon/5615752",  # an extension runs two more years
    } <= urls
    assert "2025" in (latest.provenance.note or "")
    assert "K22" in latest.category_rules[0].provenance.sources
    certificate = latest.rules.certificate
    assert certificate is not None and "until 2026" in (certificate.provenance.note or "")
    extension = certificate.extension
    assert extension is not None and extension.extends_by is not None and extension.extends_by.years == 2


def test_every_edition_and_crosswalk_file_validates_from_the_command_line() -> None:
    files = [str(path) for path in sorted(LIBRARY.glob("kr-smartcity-*.yaml"))]
    files += [str(path) for path in sorted((LIBRARY / "crosswalks").glob("kr-smartcity-*.yaml"))]
    ran = run_shell("frameworks", "validate", *files)
    assert ran.code == 0, ran.err
    for version in COUNTS:
        assert f"valid (kr-smartcity@{version})" in ran.out
    assert "valid (kr-smartcity-2021-to-2024@1)" in ran.out and "valid (kr-smartcity-2022-to-2024@1)" in ran.out


def test_the_crosswalks_take_every_earlier_indicator_onto_one_of_the_2023_2025_edition() -> None:
    crosswalks = {
        doc.source.version: doc
        for doc in load_paths(bundled_paths())
        if isinstance(doc, Crosswalk) and doc.source.id == doc.target.id == "kr-smartcity"
    }
    assert set(crosswalks) == {"2021", "2022"}
    latest = {item.id: item for item in items_of(EDITIONS["2024"])}
    for version, crosswalk in crosswalks.items():
        assert (crosswalk.target.id, crosswalk.target.version) == ("kr-smartcity", "2024")
        earlier = {item.id: item for item in items_of(EDITIONS[version])}
        onto: dict[str, set[str]] = {}
        for mapping in crosswalk.mappings:
            if mapping.source in earlier:
                onto.setdefault(mapping.source, set()).add(mapping.target)
        assert set(onto) == set(earlier), f"{version}: every indicator is mapped"
        assert all(targets <= set(latest) for targets in onto.values()), "onto indicators, not groups"
        # The indicators found only in the earlier edition are part of a later one of the same evaluation item.
        only_earlier = set(earlier) - set(latest)
        assert len(only_earlier) == COUNTS[version] - 53
        for item_id in only_earlier:
            (target,) = onto[item_id]
            assert latest[target].parent == earlier[item_id].parent
            mapping = next(m for m in crosswalk.mappings if m.source == item_id)
            assert mapping.relationship == "subset" and mapping.provenance.status == "inferred"
        # Those in both are equal.
        assert all(m.relationship == "equal" for m in crosswalk.mappings if m.source in latest and m.source == m.target)
