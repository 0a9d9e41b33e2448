"""The choices in the registry's filter form, read from the certificates there are (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass

from citycert.certification.announcement import public_certificates
from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.certification.scheme import category_label
from citycert.cities.models import City
from citycert.language import data_language, in_english, in_page_language
from citycert.library.models import FrameworkVersion
from citycert.query_string import FilterChoice


@dataclass(frozen=True)
class Options:
    frameworks: list[FilterChoice]
    years: list[FilterChoice]
    categories: list[FilterChoice]
    grades: list[FilterChoice]
    regions: list[FilterChoice]
    statuses: list[FilterChoice]


def region_of(city: City) -> City:
    """The city's top-level government (Seoul for Seocho-gu); a top-level city is its own region."""
    while city.parent is not None:
        city = city.parent
    return city


def _short_name(version: FrameworkVersion) -> str:
    return in_page_language(version.framework.short_name or version.framework.name)


def filter_options() -> Options:
    """Each filter's choices: only frameworks, years, categories, grades and regions some certificate has."""
    english = in_english()
    public = Certificate.objects.filter(public_certificates())
    # Oldest version first, so that each framework ends up named as its newest certified version names it.
    versions = list(
        FrameworkVersion.objects.filter(certificates__in=public)
        .defer("document")
        .distinct()
        .order_by("framework_id", "imported_at")
    )
    frameworks = {version.framework_id: _short_name(version) for version in versions}
    by_pk = {version.pk: version for version in versions}

    categories: dict[str, str] = {}
    pairs = public.exclude(category="").values_list("framework_version_id", "category").distinct()
    for version_id, category in pairs.order_by("category"):
        categories.setdefault(category, category_label(by_pk[version_id].framework, category, english))

    # One grade id may have a name in each framework (3: "Grade 3", "Level 3 (Mature)"): the option names them all.
    grades: dict[str, list[str]] = {}
    named = public.exclude(grade="").values_list("grade", f"grade_{data_language()}").distinct()
    for grade, name_in_language in named:
        name = name_in_language or grade
        if name not in grades.setdefault(grade, []):
            grades[grade].append(name)

    cities = City.objects.filter(certificates__in=public).select_related("parent__parent").distinct()
    regions = {region.code: region for region in map(region_of, cities)}

    return Options(
        frameworks=[FilterChoice(key, name) for key, name in sorted(frameworks.items())],
        years=[FilterChoice(str(day.year), str(day.year)) for day in public.dates("issued_on", "year", "DESC")],
        categories=[FilterChoice(key, name) for key, name in sorted(categories.items(), key=lambda pair: pair[1])],
        grades=[FilterChoice(key, " · ".join(sorted(names))) for key, names in sorted(grades.items())],
        regions=[FilterChoice(code, regions[code].name) for code in sorted(regions)],
        statuses=[FilterChoice(str(value), str(label)) for value, label in CertificateStatus.choices],
    )
