"""A city short of ISO 37120's first tier reads why in words: the tier's name in Korean ('기준 애스피레이셔널(입문)
이상'), never its id ('aspirational'); a grade without a name still reads with its kind."""

from __future__ import annotations

from citycert.language import said_in_each_data_language
from citycert.scoring import score
from tests.support import bundled_frameworks


def test_the_tier_needed_is_named_in_each_language() -> None:
    result = score(bundled_frameworks()["iso37120"], {})
    [failed] = [condition for condition in result.failed_conditions if condition.id == "tier-reached"]
    message = said_in_each_data_language(failed.message)
    assert message["ko"] == "단계 없음 (기준 애스피레이셔널(입문) 이상)"
    assert message["en"] == "tier none; needs Aspirational or better"
    assert "aspirational" not in message["ko"]
