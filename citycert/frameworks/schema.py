"""The framework file format, as pydantic models.

One YAML file describes one version of one scheme (``schema: citycert/framework@1``) or one crosswalk
between two framework versions (``schema: citycert/crosswalk@1``). The models check shape and types;
the rules that span several elements (ids, parents, points, bands) live in ``checks.py``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, model_validator

FRAMEWORK_SCHEMA = "citycert/framework@1"
CROSSWALK_SCHEMA = "citycert/crosswalk@1"

FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Version = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=32)]
ElementId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
BandId = int | ElementId

ItemType = Literal["maturity", "quantitative", "qualitative", "boolean"]
NotApplicable = Literal["exclude", "zero", "not_allowed"]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in Korean and English; both are required."""

    ko: NonEmpty
    en: NonEmpty


class Provenance(Strict):
    """How sure we are of an element: stated by a cited source, or our own reconstruction."""

    status: Literal["confirmed", "inferred"]
    sources: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        # `provenance: inferred` is the common case for reconstructed elements; allow it bare.
        if data == "inferred":
            return {"status": "inferred"}
        return data

    @model_validator(mode="after")
    def _confirmed_needs_a_source(self) -> Provenance:
        if self.status == "confirmed" and not self.sources:
            raise ValueError("a confirmed element must name at least one source id")
        return self


class Source(Strict):
    """A public document that supports some elements of the framework."""

    id: ElementId
    title: NonEmpty
    url: str | None = None
    note: str | None = None


class Level(Strict):
    """One step of a level scale, e.g. 3 = mature (성숙)."""

    value: int
    name: Text
    description: Text | None = None
    share: Decimal | None = Field(default=None, ge=0, le=1)


class Scale(Strict):
    """An ordered set of levels shared by maturity and qualitative items."""

    id: ElementId
    name: Text
    levels: list[Level] = Field(min_length=2)
    provenance: Provenance


class ValueBand(Strict):
    """Points earned by a value (or a ratio to target) in [min, max); an open side is unbounded."""

    min: Decimal | None = None
    max: Decimal | None = None
    points: Decimal = Field(ge=0)


class QuantitativeScoring(Strict):
    """How a quantitative item's value becomes points."""

    method: Literal["bands", "linear", "percent_of_target"]
    bands: list[ValueBand] | None = None
    worst: Decimal | None = None
    best: Decimal | None = None
    target: Decimal | None = None


class Alias(Strict):
    """Another name a source gives an element, in one language: Hanam's releases call the business management
    area 사업관리 and Sejong's 전략관리. Sheets that name items or areas this way are read as naming the element."""

    ko: NonEmpty | None = None
    en: NonEmpty | None = None
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_language(self) -> Alias:
        if (self.ko is None) == (self.en is None):
            raise ValueError("give the alias in exactly one language: ko or en")
        return self

    @property
    def text(self) -> str:
        return self.ko or self.en or ""


class Node(Strict):
    """A group (no `type`) or an assessable item (with `type`) in the framework tree."""

    id: ElementId
    parent: ElementId | None = None
    name: Text
    aliases: list[Alias] = Field(default_factory=list)
    description: Text | None = None
    reference: str | None = None
    tier: str | None = None
    provenance: Provenance
    type: ItemType | None = None
    weight: Decimal = Field(default=Decimal(1), gt=0)
    points: Decimal | None = Field(default=None, ge=0)
    scale: ElementId | None = None
    level_points: dict[int, Decimal] | None = None
    unit: Text | None = None
    direction: Literal["higher_is_better", "lower_is_better"] | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    scoring: QuantitativeScoring | None = None
    not_applicable: NotApplicable | None = None

    @property
    def assessable(self) -> bool:
        return self.type is not None


class Category(Strict):
    """A group of applicants judged apart, e.g. large cities (대도시)."""

    id: ElementId
    name: Text
    description: Text | None = None
    provenance: Provenance


class CategoryRule(Strict):
    """Assigns a category when every stated condition holds; the first matching rule wins."""

    category: ElementId
    kinds: list[str] | None = None
    population_at_least: int | None = Field(default=None, ge=0)
    population_below: int | None = Field(default=None, ge=0)
    provenance: Provenance

    @property
    def unconditional(self) -> bool:
        return self.kinds is None and self.population_at_least is None and self.population_below is None


class EveryItemCondition(Strict):
    """Every levelled item (under `node`, or in the whole framework) is at `min_level` or above."""

    min_level: int
    node: ElementId | None = None


class TotalCondition(Strict):
    """The points of the framework (or of `node`) reach `min_points`, or `min_ratio` of the maximum."""

    min_points: Decimal | None = Field(default=None, ge=0)
    min_ratio: Decimal | None = Field(default=None, ge=0, le=1)
    node: ElementId | None = None

    @model_validator(mode="after")
    def _exactly_one_threshold(self) -> TotalCondition:
        if (self.min_points is None) == (self.min_ratio is None):
            raise ValueError("give exactly one of min_points or min_ratio")
        return self


class ReportedCondition(Strict):
    """At least `min_count` items (under `node`) are reported."""

    min_count: int = Field(ge=0)
    node: ElementId | None = None


class ClassificationCondition(Strict):
    """The grade, level or tier is `at_least` the named band (or better)."""

    at_least: BandId


class Condition(Strict):
    """A pass condition: one test, or a combination (`all` / `any`) of conditions."""

    id: ElementId | None = None
    name: Text | None = None
    provenance: Provenance | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    every_item: EveryItemCondition | None = None
    total: TotalCondition | None = None
    reported: ReportedCondition | None = None
    classification: ClassificationCondition | None = None

    @property
    def kinds(self) -> list[str]:
        return [
            kind
            for kind in ("all", "any", "every_item", "total", "reported", "classification")
            if getattr(self, kind) is not None
        ]


class ClassBand(Strict):
    """A grade, level or tier reached when the basis is at `min` or above."""

    id: BandId
    min: Decimal
    name: Text | None = None


class Classification(Strict):
    """How a result gets its grade, level, tier or band."""

    kind: Literal["grade", "level", "tier", "band"]
    basis: Literal["ratio", "points", "mean_level", "reported_count"]
    rounding: Literal["floor", "half_up", "ceil"] | None = None
    bands: list[ClassBand] | None = None
    per_node: bool = False
    provenance: Provenance


class Period(Strict):
    """A span of calendar time."""

    years: int = Field(default=0, ge=0)
    months: int = Field(default=0, ge=0)
    days: int = Field(default=0, ge=0)


class SurveillanceAudit(Strict):
    """An audit due a set time after the certificate is issued, held within `window` either side of that day:
    Suwon's second surveillance came about 21 months after certification, not on the 24th month's day."""

    id: ElementId
    name: Text
    after: Period
    window: Period = Field(default_factory=lambda: Period(months=3))


class Extension(Strict):
    """How a certificate is extended: the request is due `apply_before` its expiry. Where `valid_while_pending`
    holds, a certificate whose city applied again (an extension or a renewal) by its expiry date reads "valid,
    renewal pending" from then until that application's decision is public, instead of lapsing: the national
    scheme decides its extensions months after the nominal expiry and reports no gap. Without it, or for a
    scheme without extensions, the certificate lapses on its expiry date whatever is pending."""

    apply_before: Period
    extends_by: Period | None = None
    # On unless the file says otherwise: a version stored before the key existed reads as the bundled file says.
    valid_while_pending: bool = True


def _assessors(value: Any) -> Literal["all"] | int:
    # One check with one message: a union would report a failure for each of its halves.
    if value == "all" or (type(value) is int and 0 <= value <= 99):
        return value  # type: ignore[no-any-return]
    raise ValueError("give `all` or a whole number from 0 to 99 (how many of the panel must submit the stage)")


Assessors = Annotated[Literal["all"] | int, PlainValidator(_assessors)]


class ReviewStage(Strict):
    """One stage of the certifying body's review, e.g. a document review or a site visit."""

    id: ElementId
    name: Text
    # The stage whose consensus scores decide the result; the others verify or prepare it.
    decides: bool = False
    # How many of the application's panel must submit this stage before the consensus is recorded and the
    # decision taken: `all` of them, or at least this many (0: the stage is optional and never holds them up).
    assessors: Assessors = "all"


class Publication(Strict):
    """When a decision leaves the certifying body. A scheme that announces whole rounds (Korea's national
    certification) keeps every decision private until the round is announced; a continuous scheme (the BSI
    Kitemark) publishes each at its decision. The city may be told before the public."""

    results: Literal["at_announcement", "at_decision"] = "at_announcement"
    city_sees: Literal["at_announcement", "at_decision"] = "at_announcement"


class CertificateRules(Strict):
    """Validity of a certificate and the schedule that follows from its issue date."""

    # Certificate numbers read PREFIX-YEAR-SEQUENCE, e.g. KR-SC-2024-0003.
    number_prefix: str = Field(default="CERT", pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$", max_length=20)
    stages: list[ReviewStage] = Field(default_factory=list)
    validity: Period
    expires: Literal["day_before_anniversary", "anniversary"] = "day_before_anniversary"
    surveillance: list[SurveillanceAudit] = Field(default_factory=list)
    extension: Extension | None = None
    # Four eyes (ISO/IEC 17065 7.6): whoever decides sat on none of the application's panels and recorded none
    # of its consensus.
    four_eyes: bool = True
    publication: Publication = Field(default_factory=Publication)
    # A city may appeal a decision within this time of it (ISO/IEC 17065 7.13); 30 days unless the scheme says.
    appeal_window: Period = Field(default_factory=lambda: Period(days=30))
    # Whether the certificate page and the registry say "under appeal" while an appeal on its decision is open.
    appeal_shown_in_registry: bool = True
    provenance: Provenance


class Rules(Strict):
    """The scheme's rules: missing and not-applicable answers, pass, classification, certificate."""

    unanswered: Literal["zero", "exclude"] = "zero"
    not_applicable: NotApplicable = "not_allowed"
    point_decimals: int = Field(default=2, ge=0, le=6)
    pass_: Condition | None = Field(default=None, alias="pass")
    classification: Classification | None = None
    certificate: CertificateRules | None = None
    provenance: Provenance

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FrameworkHeader(Strict):
    """Everything in a framework file except its node tree."""

    schema_: Literal["citycert/framework@1"] = Field(alias="schema")
    id: FrameworkId
    version: Version
    name: Text
    short_name: Text | None = None
    # How people name this version where a scheme changes between rounds, e.g. "2023~2025년 판" for the national
    # scheme's 53-indicator tree stored as version 2024; without it, pages name the version by its number.
    edition: Text | None = None
    description: Text
    owner: Text
    published: date | None = None
    # Who applies: a local government (the national and international city schemes), or a smart-city service
    # and the company that provides it (Korea's service certification, run by KICT).
    applicant: Literal["city", "service"] = "city"
    provenance: Provenance
    sources: list[Source] = Field(default_factory=list)
    scales: list[Scale] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    category_rules: list[CategoryRule] = Field(default_factory=list)
    total_points: Decimal | None = Field(default=None, ge=0)
    rules: Rules

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Framework(FrameworkHeader):
    """One version of a scheme: its header and its tree of groups and items."""

    nodes: list[Node] = Field(min_length=1)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"


class FrameworkRef(Strict):
    """Names one version of a framework."""

    id: FrameworkId
    version: Version


class Mapping(Strict):
    """One node of the source framework related to one node of the target."""

    source: ElementId
    target: ElementId
    relationship: Literal["equal", "subset", "superset", "related"]
    note: Text | None = None
    provenance: Provenance


class Crosswalk(Strict):
    """Mappings between the nodes of two framework versions."""

    schema_: Literal["citycert/crosswalk@1"] = Field(alias="schema")
    id: FrameworkId
    version: Version
    name: Text
    description: Text
    source: FrameworkRef
    target: FrameworkRef
    provenance: Provenance
    sources: list[Source] = Field(default_factory=list)
    mappings: list[Mapping] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Condition.model_rebuild()
