"""ISO 37106 as the press has published it by 2026-12: the parents the Daegu 2020 reports place are confirmed,
the outlets' area names are aliases with their sources, S15 has its full address, and version 2021 is kept."""

from __future__ import annotations

from citycert.frameworks.loader import LIBRARY, load_framework, load_paths
from citycert.frameworks.names import groups_named, items_named
from citycert.frameworks.schema import Crosswalk
from tests.support import bundled_frameworks, items_of

BSI = bundled_frameworks()["bsi-iso37106"]
NODES = {node.id: node for node in BSI.nodes}
SOURCES = {source.id: source for source in BSI.sources}
CROSSWALK = LIBRARY / "crosswalks" / "bsi-iso37106-2021--bsi-iso37106-2021.1.yaml"
DAEGU = {"S20", "S21", "S22"}  # newsis, imaeil and donga, 2020-01-22


def test_the_seven_items_the_daegu_reports_place_have_confirmed_parents_partnership_included() -> None:
    placed = {
        "BM.smart-data-investment": "BM",
        "BM.leadership": "BM",
        "BM.engagement": "BM",
        "BM.partnership": "BM",
        "BM.intercity": "BM",
        "TDAM.infrastructure": "TDAM",
        "TDAM.it-architecture": "TDAM",
    }
    for item, parent in placed.items():
        node = NODES[item]
        assert node.parent == parent
        assert node.provenance.status == "confirmed", item
        assert set(node.provenance.sources) >= DAEGU, item
        assert "parent area is confirmed" in (node.provenance.note or ""), item
    others = [node for node in items_of(BSI) if node.id not in placed and node.provenance.note]
    assert all("confirmed by the Daegu" not in (node.provenance.note or "") for node in others)


def test_the_outlets_area_names_are_korean_aliases_with_their_sources() -> None:
    expected = {
        "BM": {"전략관리", "사업관리"},
        "CSM": {"시민중심 서비스"},
        "TDAM": {"기술·디지털 자산관리", "자산관리", "디지털·물리적 자산관리"},
        "BR": {"시민이익", "이익실현"},
    }
    for area, names in expected.items():
        aliases = NODES[area].aliases
        assert {alias.ko for alias in aliases} == names
        assert all(alias.sources and set(alias.sources) <= set(SOURCES) for alias in aliases)
        for name in names:
            assert groups_named(BSI, name) == [area]
    # Hanam's 시민중심 서비스 관리 is the area's own name, spaced differently: it reads as CSM without an alias.
    assert groups_named(BSI, "시민중심 서비스 관리") == ["CSM"]
    assert items_named(BSI, "파트너십") == ["BM.partnership"]


def test_s15_has_the_articles_full_address_and_the_new_sources_are_listed() -> None:
    assert SOURCES["S15"].url is not None and SOURCES["S15"].url.startswith(
        "https://smartcitytoday.co.kr/2020/01/24/%EC"
    )
    assert SOURCES["S15"].url.endswith("-iso-%EC%9D%B8%EC%A6%9D/")
    assert SOURCES["S18"].url == "https://m.shinailbo.co.kr/news/articleView.html?idxno=1804180"
    assert SOURCES["S23"].url == "https://joongdo.co.kr/web/view.php?key=20231101010000058"


def test_version_2021_is_kept_and_a_crosswalk_carries_each_of_its_items_to_one_of_2021_1() -> None:
    old = load_framework((LIBRARY / "bsi-iso37106-2021.yaml").read_text(encoding="utf-8"), "bsi-iso37106-2021.yaml")
    assert old.version == "2021"
    assert len([node for node in items_of(old) if "unnamed" in node.id]) == 5
    documents = load_paths([LIBRARY / "bsi-iso37106-2021.yaml", LIBRARY / "bsi-iso37106-2021.1.yaml", CROSSWALK])
    crosswalk = next(doc for doc in documents if isinstance(doc, Crosswalk))
    assert (crosswalk.source.version, crosswalk.target.version) == ("2021", "2021.1")
    pairs = {mapping.source: mapping.target for mapping in crosswalk.mappings}
    assert all(mapping.relationship == "equal" for mapping in crosswalk.mappings)
    assert set(pairs) == {node.id for node in items_of(old)}
    assert sorted(pairs.values()) == sorted(node.id for node in items_of(BSI))
    assert pairs["BM.unnamed-1"] == "BM.accountability" and pairs["BM.vision"] == "BM.vision"
