"""Words shared by framework files and the rest of the system."""

from __future__ import annotations

# Kinds of local government (지방자치단체). Category rules in framework files name these ids.
LOCAL_GOVERNMENT_KINDS: dict[str, tuple[str, str]] = {
    "special_city": ("특별시", "special city"),
    "metropolitan_city": ("광역시", "metropolitan city"),
    "special_self_governing_city": ("특별자치시", "special self-governing city"),
    "province": ("도", "province"),
    "special_self_governing_province": ("특별자치도", "special self-governing province"),
    "city": ("시", "city"),
    "county": ("군", "county"),
    "autonomous_district": ("자치구", "autonomous district"),
    "municipality": ("기타 지방정부", "municipality (outside Korea)"),
}

# The six data-quality values a city declares per reported value (U4SSC verification template).
DATA_QUALITY: dict[str, tuple[str, str]] = {
    "measured": ("정확한 측정", "based on accurate measurements"),
    "survey": ("주민 조사로 추정", "extrapolated from a survey of inhabitants"),
    "higher_level": ("상위 자료로 추정", "extrapolated from higher-level data"),
    "assumptions": ("가정에 따른 추정", "estimation based on assumptions"),
    "personal": ("개인 추정", "personal estimation"),
    "unknown": ("방법 불명", "unknown methodology, not traceable"),
}
