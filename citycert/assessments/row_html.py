"""The HTML of one item row of the assessment form, built in Python.

A framework can have a thousand items; the template engine took seconds for that many rows, so the
row is written here once, with every text escaped and every label translated once per page.
The page template and the htmx answer to a saved item both use it, so there is one row markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from citycert.assessments.choices import DataQuality
from citycert.assessments.models import Assessment
from citycert.assessments.presenter import FormRow
from citycert.frameworks.describe import tree_order
from citycert.frameworks.schema import Framework, Node
from citycert.language import in_english, in_page_language


def escape(text: object) -> str:
    # The standard library's escape: Django's is lazy-aware and costs ten times as much per call.
    return html.escape(str(text), quote=True)


@dataclass
class Labels:
    """Every fixed text of a row, translated once for a whole page, and option lists built once."""

    points_earned: str
    yes: str
    no: str
    not_applicable: str
    details: str
    value_year: str
    data_source: str
    data_quality: str
    justification: str
    expires: str
    qualities: list[tuple[str, str]]
    yes_no: list[tuple[str, str]] = field(default_factory=list)
    _options: dict[tuple[int, str], str] = field(default_factory=dict)
    _levels: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # The fixed markup around a row's values, with the labels escaped once for a page.
    html: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.html = {
            "na_before": '<input type="hidden" name="na_present" value="1">'
            '<label class="na"><input type="checkbox" name="not_applicable"',
            "na_after": f"> {escape(self.not_applicable)}</label>",
            "details": escape(self.details),
            "value_year": f'<label>{escape(self.value_year)} <input name="value_year" inputmode="numeric" size="5" value="',
            "data_source": f'"></label><label>{escape(self.data_source)} <input name="data_source" value="',
            "data_quality": f'"></label><label>{escape(self.data_quality)} <select name="data_quality">'
            '<option value="">—</option>',
            "justification": f"</select></label><label>{escape(self.justification)} "
            '<textarea name="justification" rows="2">',
        }

    def level_choices(self, levels: list[tuple[int, str]]) -> list[tuple[str, str]]:
        """A scale's levels as choices ("3", "3 Mature"), made once per scale."""
        made = self._levels.get(id(levels))
        if made is None:
            made = [(str(level), f"{level} {label}") for level, label in levels]
            self._levels[id(levels)] = made
        return made

    def options(self, choices: list[tuple[str, str]], selected: str) -> str:
        """The <option>s of a choice list with one selected; the same list is built once per page."""
        key = (id(choices), selected)
        built = self._options.get(key)
        if built is None:
            built = "".join(_option(value, label, value == selected) for value, label in choices)
            self._options[key] = built
        return built

    @classmethod
    def now(cls) -> Labels:
        return cls(
            points_earned=_("points earned"),
            yes=_("yes"),
            no=_("no"),
            not_applicable=_("not applicable"),
            details=_("Source, quality and justification"),
            value_year=_("Year of the value"),
            data_source=_("Data source"),
            data_quality=_("Data quality"),
            justification=_("Justification"),
            expires=_("expires"),
            qualities=[(value, str(label)) for value, label in DataQuality.choices],
            yes_no=[("true", _("yes")), ("false", _("no"))],
        )


@lru_cache(maxsize=1024)
def _item_url_prefix(assessment_pk: int) -> str:
    return reverse("assessment-item", args=[assessment_pk, "ITEM"]).removesuffix("ITEM/")


def item_url(assessment: Assessment, item_id: str) -> str:
    """Where a row posts to; one reverse() per assessment, since a page may hold a thousand rows."""
    return f"{_item_url_prefix(assessment.pk)}{quote(item_id, safe=ITEM_ID_SAFE)}/"


ITEM_ID_SAFE = ":@!$&'()*+,;=-._~"


def _option(value: str, label: str, selected: bool) -> str:
    return f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'


def _points(row: FormRow, labels: Labels) -> str:
    if row.points is None:
        return ""
    shown = f"{row.points.normalize():f}"
    return f'<span class="points" title="{escape(labels.points_earned)}">{escape(shown)}</span>'


def _evidence_links(assessment: Assessment, row: FormRow, labels: Labels) -> str:
    links = []
    for evidence in row.evidence:
        if evidence.file_id:
            href = f"/assessments/{assessment.pk}/evidence/{evidence.pk}/file"
            link = f'<a href="{escape(href)}">{escape(evidence.title)}</a>'
        else:
            link = f'<a href="{escape(evidence.url)}" rel="noopener noreferrer" target="_blank">{escape(evidence.title)}</a>'
        if evidence.expires_on:
            link += f" <small>({escape(labels.expires)} {evidence.expires_on:%Y-%m-%d})</small>"
        links.append(f"<li>{link}</li>")
    return f'<ul class="evidence">{"".join(links)}</ul>' if links else ""


@dataclass(frozen=True)
class FixedParts:
    """The markup of an item's row that never changes: made once per framework version and language."""

    item_id: str
    head: str
    select: str
    input: str
    unit: str


_fixed: dict[tuple[int, str, str], tuple[Node, FixedParts]] = {}


def _fixed_parts(row: FormRow) -> FixedParts:
    node = row.node
    key = (id(node), row.name, row.unit)
    known = _fixed.get(key)
    if known is not None and known[0] is node:
        return known[1]
    name, item_id = escape(row.name), escape(node.id)
    made = FixedParts(
        item_id=item_id,
        head=f'<div class="item-head"><code>{item_id}</code> <span class="item-name">{name}</span>',
        select=f'<select name="value" aria-label="{name}"><option value="">—</option>',
        input=f'<input name="value" inputmode="decimal" aria-label="{name}" value="',
        unit=f'"> <span class="unit">{escape(row.unit)}</span>',
    )
    if len(_fixed) >= 50_000:
        _fixed.clear()
    # The node is kept beside its parts, so its id cannot be reused by another node while the entry lives.
    _fixed[key] = (node, made)
    return made


@dataclass(frozen=True)
class Refusal:
    """Why a row's change was not saved: the message, the field it is about (`where`), and what was typed.

    `reload` is the page's address when the page itself is out of date (the assessment was submitted or changed
    elsewhere since it was loaded): the message then offers to reload it."""

    message: str
    where: str = "value"
    typed: dict[str, str] = field(default_factory=dict)
    reload: str = ""


def _marked(markup: str, tag: str, refusal: Refusal | None, name: str, error_id: str) -> str:
    """The field's opening tag marked as refused (red, aria-invalid, described by the message) when it is."""
    if refusal is None or refusal.where != name:
        return markup
    return markup.replace(f"<{tag} ", f'<{tag} class="invalid" aria-invalid="true" aria-describedby="{error_id}" ', 1)


def editable_row(assessment: Assessment, row: FormRow, labels: Labels, *, refusal: Refusal | None = None) -> SafeString:
    """A form that saves itself when anything in it changes (htmx), and is replaced by the answer.

    A refused change comes back as the same row with the typed text kept, the refused field marked and the
    reason beside it."""
    node, response = row.node, row.response
    typed = refusal.typed if refusal is not None else {}
    value = typed.get("value", row.value) if refusal is not None else row.value
    fixed = _fixed_parts(row)
    error_id = f"error-{fixed.item_id}"
    if row.levels or node.type == "boolean":
        choices = labels.level_choices(row.levels) if row.levels else labels.yes_no
        select = _marked(fixed.select, "select", refusal, "value", error_id)
        answer = f"{select}{labels.options(choices, value)}</select>"
    else:
        answer = f"{_marked(fixed.input, 'input', refusal, 'value', error_id)}{escape(value)}{fixed.unit}"
    if row.na_allowed:
        if "na_present" in typed:
            na = typed.get("not_applicable") == "on"
        else:
            na = response is not None and response.not_applicable
        answer += f"{labels.html['na_before']}{' checked' if na else ''}{labels.html['na_after']}"
    classes = f"item depth-{row.depth}"
    if refusal is not None:
        classes += " invalid stale" if refusal.reload else " invalid"
    prefill = ""
    if response is not None and not response.confirmed:
        classes += " prefilled"
        text = _("Pre-filled from %(source)s: check it and save to confirm.") % {"source": response.prefilled_from}
        prefill = f'<p class="prefill">{escape(text)}</p>'
    summary = labels.html["details"]
    if row.evidence:
        count = len(row.evidence)
        summary += " · " + escape(ngettext("%(counter)s evidence", "%(counter)s evidence", count) % {"counter": count})
    quality = typed.get("data_quality", response.data_quality if response is not None else "")
    qualities = labels.options(labels.qualities, quality)
    saved_year = str(response.value_year) if response is not None and response.value_year else ""
    year = typed.get("value_year", saved_year)
    source = typed.get("data_source", response.data_source if response is not None else "")
    justification = typed.get("justification", response.justification if response is not None else "")
    error = ""
    if refusal is not None:
        reload = ""
        if refusal.reload:
            reload = f' <a class="button" href="{escape(refusal.reload)}">{escape(_("Reload the page"))}</a>'
        error = f'<p class="error" role="alert" id="{error_id}">{escape(refusal.message)}{reload}</p>'
    # A refused detail (year, quality) is inside the folded details: they open, so the mark is seen.
    opened = " open" if refusal is not None and refusal.where in ("value_year", "data_quality") else ""
    html = (
        f'<form class="{classes}" hx-post="{escape(item_url(assessment, node.id))}" hx-trigger="change" '
        f'hx-swap="outerHTML" data-item="{fixed.item_id}" id="item-{fixed.item_id}">'
        f"{fixed.head}{_points(row, labels)}</div>"
        f'<div class="item-answer">{answer}</div>' + error + prefill + f"<details{opened}><summary>{summary}</summary>"
        f"{_marked(labels.html['value_year'], 'input', refusal, 'value_year', error_id)}{escape(year)}"
        f"{labels.html['data_source']}{escape(source) if source else ''}"
        f"{_marked(labels.html['data_quality'], 'select', refusal, 'data_quality', error_id)}{qualities}"
        f"{labels.html['justification']}"
        f"{escape(justification) if justification else ''}</textarea></label>"
        f"{_evidence_links(assessment, row, labels)}</details></form>"
    )
    return mark_safe(html)  # noqa: S308 - every piece of text above is escaped


def locked_row(assessment: Assessment, row: FormRow, labels: Labels) -> SafeString:
    """The same item, read only."""
    node, response = row.node, row.response
    if response is not None and response.not_applicable:
        shown = labels.not_applicable
    elif row.value:
        if row.levels:
            shown = next((f"{level} {label}" for level, label in row.levels if str(level) == row.value), row.value)
        elif node.type == "boolean":
            shown = labels.yes if row.value == "true" else labels.no
        else:
            shown = f"{row.value} {row.unit}".strip()
    else:
        shown = "—"
    notes = ""
    if response is not None and (response.justification or response.data_source or row.evidence):
        year = f" ({response.value_year})" if response.value_year else ""
        notes = f'<p class="meta">{escape(response.data_source)}{year} {escape(response.justification)}</p>'
    html = (
        f'<div class="item depth-{row.depth}" data-item="{escape(node.id)}" id="item-{escape(node.id)}">'
        f'<div class="item-head"><code>{escape(node.id)}</code> <span class="item-name">{escape(row.name)}</span>{_points(row, labels)}</div>'
        f'<div class="item-answer locked">{escape(shown)}</div>{notes}{_evidence_links(assessment, row, labels)}</div>'
    )
    return mark_safe(html)  # noqa: S308 - every piece of text above is escaped


def group_heading(row: FormRow) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped
        f'<h2 class="group depth-{row.depth}">{escape(row.name)} <small><code>{escape(row.node.id)}</code></small></h2>'
    )


def form_html(assessment: Assessment, rows: list[FormRow], editable: bool, labels: Labels | None = None) -> SafeString:
    """All rows of the form, in tree order."""
    labels = labels or Labels.now()
    parts = []
    for row in rows:
        if not row.node.assessable:
            parts.append(group_heading(row))
        elif editable:
            parts.append(editable_row(assessment, row, labels))
        else:
            parts.append(locked_row(assessment, row, labels))
    return mark_safe("".join(parts))  # noqa: S308 - made of the escaped parts above


@lru_cache(maxsize=4096)
def _area_urls(assessment_pk: int, area_id: str) -> tuple[str, str]:
    # A large framework's page has a closed area per top-level node: two reverse() each, once per assessment.
    fragment = reverse("assessment-area", args=[assessment_pk, area_id])
    page = f"{reverse('assessment', args=[assessment_pk])}?area={quote(area_id, safe='')}#area-{quote(area_id)}"
    return fragment, page


def closed_area(assessment: Assessment, node: Node, name: str) -> SafeString:
    """A top-level area whose rows are loaded when it is opened (htmx), or by its link without script."""
    fragment, page = _area_urls(assessment.pk, node.id)
    link = escape(_("Show the items of this area"))
    return mark_safe(  # noqa: S308 - escaped
        f'<details class="area" id="area-{escape(node.id)}" data-area="{escape(node.id)}"><summary>'
        f'<h2 class="group depth-0">{escape(name)} <small><code>{escape(node.id)}</code></small></h2></summary>'
        f'<div class="area-rows" hx-get="{escape(fragment)}" hx-trigger="toggle once from:closest details" '
        f'hx-swap="outerHTML"><p class="meta"><a href="{escape(page)}">{link}</a></p></div></details>'
    )


_options: dict[tuple[int, str], tuple[Framework, SafeString]] = {}


def item_options(framework: Framework) -> SafeString:
    """Every item as an <option>, for the evidence form's list of items it supports; made once per framework
    version and language."""
    english = in_english()
    key = (id(framework), "en" if english else "ko")
    known = _options.get(key)
    if known is not None and known[0] is framework:
        return known[1]
    made = mark_safe(  # noqa: S308 - escaped
        "".join(
            f'<option value="{escape(node.id)}">{escape(node.id)} {escape(in_page_language(node.name))}</option>'
            for node in tree_order(framework)
            if node.assessable
        )
    )
    if len(_options) >= 64:
        _options.pop(next(iter(_options)))
    _options[key] = (framework, made)
    return made
