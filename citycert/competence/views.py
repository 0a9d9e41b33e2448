"""The competence pages: the certifying body records and changes assessors' qualifications and training and sees,
round by round, who is qualified and who has declared; an assessor reads their own record and declares their
impartiality for a round."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.certification.models import Round
from citycert.competence import workflow
from citycert.competence.forms import DeclarationForm, QualificationForm, scheme_names
from citycert.competence.models import ImpartialityDeclaration, Qualification
from citycert.page_forms import INVALID, REFUSED_BY_RULE, PageForm
from citycert.permissions import (
    declares_impartiality,
    panel_candidates,
    records_competence,
    sees_competence,
)


def _refused(form: PageForm, error: workflow.Refused) -> int:
    """The workflow's refusal on the form: at its field (input it cannot take, 400), or above the fields (409)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))
    return INVALID if field else REFUSED_BY_RULE


def _require_recorder(request: HttpRequest) -> None:
    if not records_competence(request.user):
        raise PermissionDenied(_("Only the certifying body records and reads assessors' qualifications."))


def _qualification_rows(qualifications: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "qualification": qualification,
            "schemes": [names.get(scheme, scheme) for scheme in qualification.schemes],
            "holds": qualification.holds_on(today),
        }
        for qualification in qualifications
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The certifying body goes to the assessors' list, an assessor to their own record."""
    if records_competence(request.user):
        return redirect("competence-assessors")
    if sees_competence(request.user, cast(User, request.user)):
        return redirect("competence-assessor", pk=request.user.pk)
    raise PermissionDenied(_("Only the certifying body records and reads assessors' qualifications."))


@login_required
def assessors(request: HttpRequest) -> HttpResponse:
    """Every assessor with their qualifications: what they may assess today, and until when."""
    _require_recorder(request)
    names = scheme_names()
    people = _assessors_with_qualifications()
    rows = [
        {"person": person, "qualifications": _qualification_rows(person.qualifications.all(), names)}
        for person in people
    ]
    return render(request, "competence/assessors.html", {"rows": rows})


def _assessors_with_qualifications() -> list[User]:
    """Everyone who may sit on a panel, by username, each with their qualifications."""
    chosen = panel_candidates().values("pk")
    return list(User.objects.filter(pk__in=chosen).prefetch_related("qualifications").order_by("username"))


def _person(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


@login_required
def assessor_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessor's record: their qualifications and training and their declarations; the certifying body records
    a qualification here, the assessor finds the rounds to declare for."""
    person = _person(pk)
    if not sees_competence(request.user, person):
        raise PermissionDenied(_("An assessor's record is theirs and the certifying body's to read."))
    form: QualificationForm | None = None
    status = 200
    if records_competence(request.user):
        if request.method == "POST":
            form = QualificationForm(request.POST)
            if form.is_valid():
                try:
                    workflow.record_qualification(person, form.given(), request.user)
                except workflow.Refused as error:
                    status = _refused(form, error)
                else:
                    messages.success(request, _("Qualification recorded."))
                    return redirect("competence-assessor", pk=pk)
            else:
                status = INVALID
        else:
            form = QualificationForm()
    elif request.method == "POST":
        raise PermissionDenied(_("Only the certifying body records and reads assessors' qualifications."))
    return render(request, "competence/assessor.html", _assessor_context(request, person, form), status=status)


def _assessor_context(request: HttpRequest, person: User, form: QualificationForm | None) -> dict[str, Any]:
    names = scheme_names()
    declarations = list(
        ImpartialityDeclaration.objects.filter(assessor=person)
        .select_related("round__framework_version")
        .order_by("-declared_at")
    )
    own = declares_impartiality(request.user, person)
    declared_rounds = {declaration.round_id for declaration in declarations}
    # The rounds still to be decided or announced, for the assessor to declare for.
    to_declare = (
        [
            round_
            for round_ in Round.objects.filter(announced_at__isnull=True, year__gte=timezone.localdate().year - 1)
            .select_related("framework_version")
            .order_by("-year", "pk")
            if round_.pk not in declared_rounds
        ]
        if own
        else []
    )
    return {
        "person": person,
        "own": own,
        "qualifications": _qualification_rows(person.qualifications.all(), names),
        "declarations": declarations,
        "to_declare": to_declare,
        "form": form,
    }


@login_required
def edit_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    """The certifying body changes a recorded qualification: a later end, a new training date."""
    _require_recorder(request)
    qualification = get_object_or_404(Qualification.objects.select_related("assessor"), pk=pk)
    status = 200
    if request.method == "POST":
        form = QualificationForm(request.POST)
        if form.is_valid():
            try:
                workflow.change_qualification(qualification, form.given(), request.user)
            except workflow.Refused as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Qualification changed."))
                return redirect("competence-assessor", pk=qualification.assessor_id)
        else:
            status = INVALID
    else:
        form = QualificationForm.of(qualification)
    context = {"qualification": qualification, "person": qualification.assessor, "form": form}
    return render(request, "competence/qualification_edit.html", context, status=status)


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessor's impartiality declaration for a round: the statement, the interests they list, dated once made."""
    me = cast(User, request.user)
    if not declares_impartiality(me, me):
        raise PermissionDenied(_("Only assessors declare their impartiality, each for themself."))
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    made = ImpartialityDeclaration.objects.filter(assessor=me, round=round_).first()
    status = 200
    form = DeclarationForm()
    if request.method == "POST" and made is None:
        form = DeclarationForm(request.POST)
        if form.is_valid():
            try:
                workflow.declare_impartiality(me, round_.pk, form.cleaned_data["interests"], me)
            except workflow.Refused as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Impartiality declared for %(round)s.") % {"round": round_.name})
                return redirect("competence-declaration", pk=pk)
        else:
            status = INVALID
    elif request.method == "POST" and made is not None:
        status = REFUSED_BY_RULE
        form = DeclarationForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _("You declared your impartiality for this round on %(day)s.")
            % {"day": timezone.localtime(made.declared_at).strftime("%Y-%m-%d")},
        )
    context = {"round": round_, "made": made, "form": form, "statement": _(workflow.STATEMENT)}
    return render(request, "competence/declaration.html", context, status=status)


@login_required
def round_declarations(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's assessors as the certifying body sees them before seating them: qualified for the round's scheme
    today or not, declared or not (when, and the interests they listed)."""
    _require_recorder(request)
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    today = timezone.localdate()
    framework_id = round_.framework_version.framework_id
    declarations = {
        declaration.assessor_id: declaration for declaration in ImpartialityDeclaration.objects.filter(round=round_)
    }
    rows = []
    for person in _assessors_with_qualifications():
        covering = [q for q in person.qualifications.all() if q.covers(framework_id, today)]
        rows.append({"person": person, "qualifications": covering, "declaration": declarations.get(person.pk)})
    context = {"round": round_, "rows": rows, "today": today}
    return render(request, "competence/round.html", context)
