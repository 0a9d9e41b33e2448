"""The bundled library describes each scheme as the reference material says, and marks what is inferred."""

from __future__ import annotations

from collections import Counter

from citycert.frameworks.loader import bundled_paths, load_paths
from citycert.frameworks.schema import Crosswalk, Framework
from tests.support import bundled_frameworks, items_of

FRAMEWORKS = bundled_frameworks()
# The five items ISO 37106's version 2021 held as placeholders, by their ids in version 2021.1.
CANDIDATES = {
    "BM.accountability",
    "BM.governance",
    "TDAM.physical-asset-mapping",
    "TDAM.technology",
    "CSM.community-empowerment",
}


def groups_at_depth(framework: Framework, depth: int) -> list[str]:
    parents = {node.id: node.parent for node in framework.nodes}

    def depth_of(node_id: str) -> int:
        level, parent = 0, parents[node_id]
        while parent is not None:
            level, parent = level + 1, parents[parent]
        return level

    return [node.id for node in framework.nodes if not node.assessable and depth_of(node.id) == depth]


def test_every_bundled_file_loads() -> None:
    documents = load_paths(bundled_paths())
    assert {doc.id for doc in documents if isinstance(doc, Framework)} == {
        "bsi-iso37106",
        "kr-smartcity",
        "kr-smartcity-service",
        "u4ssc-kpi",
        "iso37120",
    }
    assert any(isinstance(doc, Crosswalk) for doc in documents)


def test_iso37106_has_22_maturity_items_in_4_areas_and_marks_the_names_only_now_in_print_inferred() -> None:
    bsi = FRAMEWORKS["bsi-iso37106"]
    assert bsi.version == "2021.1"
    items = items_of(bsi)
    assert len(groups_at_depth(bsi, 0)) == 4
    assert len(items) == 22 and {item.type for item in items} == {"maturity"}
    assert not [item for item in items if "not published" in item.name.en or "unnamed" in item.id]
    candidates = {item.name.ko: item for item in items if item.id in CANDIDATES}
    assert set(candidates) == {"책임", "거버넌스", "기술", "지역사회 역량강화", "유형자산 맵핑 및 관리"}
    for item in candidates.values():
        assert item.provenance.status == "inferred" and item.provenance.sources, item.id
        assert "version 2021 called it" in (item.provenance.note or "").lower(), item.id
    assert bsi.rules.certificate is not None and bsi.rules.certificate.validity.years == 3


def test_the_korean_scheme_has_3_domains_10_items_and_53_indicators_worth_2000_points() -> None:
    kr = FRAMEWORKS["kr-smartcity"]
    assert len(groups_at_depth(kr, 0)) == 3
    assert len(groups_at_depth(kr, 1)) == 10
    indicators = items_of(kr)
    assert len(indicators) == 53
    assert kr.total_points == 2000
    assert {"quantitative", "qualitative"} <= {item.type for item in indicators}
    assert all(item.provenance.status == "inferred" for item in indicators), "the official list is not public"
    assert {category.id for category in kr.categories} == {"large", "small_medium"}


def test_u4ssc_has_3_dimensions_7_sub_dimensions_and_a_scored_kpi_with_a_target_in_every_category() -> None:
    u4ssc = FRAMEWORKS["u4ssc-kpi"]
    assert len(groups_at_depth(u4ssc, 0)) == 3
    assert len(groups_at_depth(u4ssc, 1)) == 7
    categories = {node.id: node for node in u4ssc.nodes if node.id in groups_at_depth(u4ssc, 2)}
    assert len({node.name.en for node in categories.values()}) == 22
    under: Counter[str] = Counter()
    parents = {node.id: node.parent for node in u4ssc.nodes}
    for item in items_of(u4ssc):
        scored = item.scoring is not None and item.scoring.target is not None
        category = item.parent if item.parent in categories else parents[item.parent or ""]
        if scored and category:
            under[category] += 1
    assert set(under) == set(categories), "every category has at least one KPI with a target"
    assert u4ssc.rules.pass_ is None, "U4SSC has no pass or fail"


def test_iso37120_has_19_themes_and_its_tiers_as_configuration() -> None:
    iso = FRAMEWORKS["iso37120"]
    assert len(groups_at_depth(iso, 0)) == 19
    assert 91 <= len(items_of(iso)) <= 104
    classification = iso.rules.classification
    assert classification is not None and classification.bands is not None
    assert [band.id for band in classification.bands] == ["platinum", "gold", "silver", "bronze", "aspirational"]
    assert classification.basis == "reported_count"


def test_the_crosswalk_maps_the_korean_scheme_onto_iso37106() -> None:
    crosswalk = next(
        doc
        for doc in load_paths(bundled_paths())
        if isinstance(doc, Crosswalk) and doc.source.id == "kr-smartcity" and doc.target.id == "bsi-iso37106"
    )
    assert len(crosswalk.mappings) >= 10
    assert {mapping.relationship for mapping in crosswalk.mappings} <= {"equal", "subset", "superset", "related"}
