"""Who may see and do what: the one place every page, export and API endpoint asks.

Rules:
- A city officer sees and changes only their own cities' assessments; only a draft can be changed, and a
  withdrawn one can be copied into a new draft.
- Nobody but the city's own officers sees a draft.
- A person holds memberships (accounts.Membership): officer of a city, advisor to a city, assessor for a
  certifying body, certifier or administrator of one; several at once, each from when to when. Only the open ones
  count, and nothing else about a person (the role their account was made with neither) decides anything here.
- Rounds, panels, assessors' work, decisions and certificates belong to the round's certifying body: its certifiers
  and administrators run them; a certifier of another body sees and does nothing of them until they are public.
- An advisor to a city edits the city's drafts as its officers do (not submitting, withdrawing, applying or
  starting one), and is conflicted as an assessor of that city without declaring it (certification's `conflicted`).
- Certifiers and administrators see submitted and withdrawn assessments of every city.
- An assessment's history (who changed which answer, when, through which channel) is for whoever may see it.
- Assessors see nothing of a city's work until they are assigned to it: then the application and its
  frozen copy of the city's assessment, and never another assessor's scores before submitting their own
  (see visible_sheets).
- Certifiers and administrators run rounds, panels, decisions and certificates.
- Four eyes, where the framework asks for it (the bundled schemes do): whoever decides an application sits on
  none of its panel and recorded none of its consensus. A review stage is waived only by a second certifier,
  never by the one who asked.
- The public sees only what is published: certificates and decided results once their round is announced (or
  at the decision, where the scheme publishes decisions one by one).
- A city's indicator series (values, projections, alerts) are its officers' and the certifying body's; both
  may import values, the certifying body for many cities at once; only the certifying body monitors them all.
- A city's good-practice cases are published by its own officers, on a decision already announced.
- Who is told: alerts and reminders about a city go to its officers, the certifying body or both, and never to
  an account that is no longer active (see `recipients`).

Nothing outside this module compares a person's role (tests/security/test_permission_decisions_live_in_one_module
reads the source and fails on one): callers ask a named predicate here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from citycert.accounts.models import ApiToken, CertifyingBody, Invitation, Membership, MembershipKind, Role
from citycert.appeals.choices import AppealState
from citycert.appeals.models import Appeal
from citycert.assessments.choices import State
from citycert.assessments.models import Assessment
from citycert.certification.choices import ApplicationState, WaiverState
from citycert.certification.models import (
    Application,
    Certificate,
    ConsensusScore,
    Decision,
    DueAudit,
    PanelMember,
    ReviewSheet,
    Round,
    StageWaiver,
)
from citycert.cities.models import City

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Held:
    """One open membership as the predicates read it."""

    kind: str
    body_id: int | None
    city_id: int | None


# The role an account is made with (an invitation, createadmin, the demo) and the membership it is given.
KIND_OF_ROLE = {
    Role.CITY_OFFICER: MembershipKind.OFFICER,
    Role.ASSESSOR: MembershipKind.ASSESSOR,
    Role.CERTIFIER: MembershipKind.CERTIFIER,
    Role.ADMINISTRATOR: MembershipKind.ADMINISTRATOR,
}
# The names CITYCERT_REQUIRE_TOTP_FOR takes for each kind (the roles' names; an advisor is a city's person).
ROLE_NAME_OF_KIND = {
    MembershipKind.OFFICER: Role.CITY_OFFICER,
    MembershipKind.ADVISOR: Role.CITY_OFFICER,
    MembershipKind.ASSESSOR: Role.ASSESSOR,
    MembershipKind.CERTIFIER: Role.CERTIFIER,
    MembershipKind.ADMINISTRATOR: Role.ADMINISTRATOR,
}
RUNS_A_BODY = (MembershipKind.CERTIFIER, MembershipKind.ADMINISTRATOR)


def kind_for_role(role: str) -> str:
    """The membership an account made with `role` is given."""
    return KIND_OF_ROLE[Role(role)]


def is_membership_kind(kind: str) -> bool:
    """Whether `kind` names a kind of membership at all."""
    return kind in MembershipKind.values


def is_city_kind(kind: str) -> bool:
    """Whether a membership of this kind is held in a city (officer, advisor), not in a certifying body."""
    return kind in (MembershipKind.OFFICER, MembershipKind.ADVISOR)


def memberships_of(user: User) -> tuple[Held, ...]:
    """A signed-in person's open memberships (none for the public), read once per person object: a grant or an
    end through accounts/memberships.py forgets what the object read."""
    if not user.is_authenticated or user.pk is None:
        return ()
    cache: tuple[Held, ...] | None = getattr(user, "_memberships", None)
    if cache is None:
        cache = tuple(
            Held(kind, body_id, city_id)
            for kind, body_id, city_id in Membership.objects.filter(person_id=user.pk, ended_at__isnull=True)
            .order_by("pk")
            .values_list("kind", "body_id", "city_id")
        )
        user._memberships = cache  # type: ignore[attr-defined]
    return cache


def forget_memberships(user: AbstractBaseUser) -> None:
    """After a membership of `user` is granted or ended: the next question reads them again."""
    for name in ("_memberships", "_officer_city_ids"):
        if hasattr(user, name):
            delattr(user, name)


def _kinds(user: User) -> set[str]:
    return {held.kind for held in memberships_of(user)}


def _bodies(user: User, *kinds: str) -> set[int]:
    return {held.body_id for held in memberships_of(user) if held.kind in kinds and held.body_id is not None}


def _cities(user: User, *kinds: str) -> set[int]:
    return {held.city_id for held in memberships_of(user) if held.kind in kinds and held.city_id is not None}


def officer_city_ids(user: User) -> set[int]:
    """The cities a person is an officer of (none for anyone else)."""
    return _cities(user, MembershipKind.OFFICER)


def advised_city_ids(user: User) -> set[int]:
    """The cities a person advises."""
    return _cities(user, MembershipKind.ADVISOR)


def run_body_ids(user: User) -> set[int]:
    """The certifying bodies a person is a certifier or administrator of."""
    return _bodies(user, *RUNS_A_BODY)


def assessed_body_ids(user: User) -> set[int]:
    """The certifying bodies a person assesses for."""
    return _bodies(user, MembershipKind.ASSESSOR)


def works_for(user: User, city: City) -> bool:
    return city.pk in officer_city_ids(user)


def advises(user: User, city: City | int) -> bool:
    return (city.pk if isinstance(city, City) else city) in advised_city_ids(user)


def runs_certification(user: User) -> bool:
    """A certifier or administrator of some certifying body: the certifying body's pages (what is on them is
    its own body's, see `runs_body`)."""
    return bool(run_body_ids(user))


def runs_body(user: User, body: CertifyingBody | int | None) -> bool:
    """A certifier or administrator of this certifying body."""
    body_id = body.pk if isinstance(body, CertifyingBody) else body
    return body_id is not None and body_id in run_body_ids(user)


def bodies_run_by(user: User) -> QuerySet[CertifyingBody]:
    """The certifying bodies a person may open rounds of: those they certify for or administer."""
    return CertifyingBody.objects.filter(pk__in=run_body_ids(user)).order_by("code")


def body_to_open_round_in(actor: User | None) -> int | None:
    """The body a round opened without naming one belongs to: the only one the actor runs; for the system (no
    actor: the demo, a command), the only body there is. None when that is not one body."""
    if actor is not None and actor.is_authenticated:
        bodies = run_body_ids(actor)
        return next(iter(bodies)) if len(bodies) == 1 else None
    ids = list(CertifyingBody.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def managed_rounds(user: User) -> Q:
    """A filter for Round querysets: the rounds of the bodies `user` runs."""
    return Q(body_id__in=run_body_ids(user))


def records_service_applications(user: User) -> bool:
    """A service's assessment and application (Korea's service certification) are recorded by the certifying
    body from what the provider submits: citycert has no accounts for companies, and the city where the service
    runs is not its applicant."""
    return runs_certification(user)


def officer_of_city_assessment(user: User, assessment: Assessment) -> bool:
    """The officers of the city an assessment is about; a service's assessment is nobody's city work, though
    it names the city where the service runs."""
    return assessment.service_id is None and works_for(user, assessment.city)


def advisor_of_city_assessment(user: User, assessment: Assessment) -> bool:
    """An advisor to the city an assessment is about (not a service's)."""
    return assessment.service_id is None and advises(user, assessment.city_id)


def applies_for_cities(user: User) -> bool:
    """Applying to a round with a city's submitted assessment, and the open rounds and certificates on the
    certification page: city officers (which city's assessment, can_apply decides)."""
    return bool(officer_city_ids(user))


def declares_conflicts(user: User) -> bool:
    """Declaring a conflict of interest with a city, and the surveillance audits of their panels to record:
    assessors."""
    return bool(assessed_body_ids(user))


def may_sit_on_panel(user: User, round_: Round | None = None) -> bool:
    """Only an assessor is made a member of a panel: of the round's certifying body when it is named."""
    bodies = assessed_body_ids(user)
    return round_.body_id in bodies if round_ is not None else bool(bodies)


def _open_members(*kinds: str, body_id: int | None = None) -> Q:
    """A filter for User querysets: people with an open membership of these kinds (in this body)."""
    held = Q(memberships__kind__in=kinds, memberships__ended_at__isnull=True)
    if body_id is not None:
        held &= Q(memberships__body_id=body_id)
    return held


def panel_candidates(round_: Round | None = None) -> QuerySet[AbstractBaseUser]:
    """Everyone who may be put on a panel (the choices of the panel forms): the assessors of the round's body,
    by username."""
    body_id = round_.body_id if round_ is not None else None
    return (
        get_user_model()
        .objects.filter(pk__in=get_user_model().objects.filter(_open_members(MembershipKind.ASSESSOR, body_id=body_id)))
        .order_by("username")
    )


def certifying_body(body: int | None = None) -> QuerySet[AbstractBaseUser]:
    """The certifying bodies' active accounts (certifiers and administrators; of one body when it is named),
    by username."""
    people = get_user_model().objects.filter(_open_members(*RUNS_A_BODY, body_id=body))
    return get_user_model().objects.filter(pk__in=people, is_active=True).order_by("username")


def advisor_ties(assessor_ids: Iterable[int], city_ids: Iterable[int]) -> list[Membership]:
    """The advisor memberships (open or ended: the advice was given) these people hold with these cities: each a
    conflict of interest as the city's assessor, without a declaration (certification's `conflicted` asks)."""
    return list(
        Membership.objects.filter(
            kind=MembershipKind.ADVISOR, person_id__in=list(assessor_ids), city_id__in=list(city_ids)
        )
        .select_related("person", "city")
        .order_by("pk")
    )


def recipients(city: City | int, *, officers: bool = False, body: bool = False) -> list[str]:
    """The email addresses, sorted and each once, to tell about a city's matters (alerts, reminders): its
    officers, the certifying body, or both; an account that is no longer active, or has no address, is skipped."""
    city_id = city.pk if isinstance(city, City) else city
    who = Q(pk__in=[])
    if officers:
        who |= Q(
            pk__in=get_user_model().objects.filter(_open_members(MembershipKind.OFFICER), memberships__city_id=city_id)
        )
    if body:
        who |= Q(pk__in=get_user_model().objects.filter(_open_members(*RUNS_A_BODY)))
    people = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(people.values_list("email", flat=True)))


# An assessor's assignments as read once in this request (AssignmentsReadOncePerRequest); None outside a request,
# where a story may assign an application and ask again with the same person, so every call reads them afresh.
_assignments_this_request: ContextVar[dict[int, set[int]] | None] = ContextVar("assignments", default=None)


def assigned_application_ids(user: User) -> set[int]:
    """The applications an assessor's panels review, in the bodies they still assess for (none for anyone else);
    read once per request."""
    bodies = assessed_body_ids(user)
    if not bodies:
        return set()
    pk = user.pk
    remembered = _assignments_this_request.get()
    if remembered is not None and pk is not None and pk in remembered:
        return remembered[pk]
    panels = PanelMember.objects.filter(assessor_id=pk).values_list("panel_id", flat=True)
    assigned = set(
        Application.objects.filter(panel_id__in=panels, round__body_id__in=bodies).values_list("id", flat=True)
    )
    if remembered is not None and pk is not None:
        remembered[pk] = assigned
    return assigned


class AssignmentsReadOncePerRequest:
    """Middleware: an assessor's assignments are read once per request, not by every predicate that asks (a
    review sheet's page asked four times: the application's lookup twice, the sheet, the others' sheets). Nothing
    an assessor does changes their own assignments, and the certifying body's are not remembered at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        scope = _assignments_this_request.set({})
        try:
            return self.get_response(request)
        finally:
            _assignments_this_request.reset(scope)


def can_view_assessment(user: User, assessment: Assessment) -> bool:
    if officer_of_city_assessment(user, assessment) or advisor_of_city_assessment(user, assessment):
        return True
    if assessment.state == State.DRAFT:
        return assessment.service_id is not None and records_service_applications(user)
    if runs_certification(user):
        # A frozen copy an application was made with is that application's body's.
        return not Application.objects.filter(frozen=assessment).exclude(round__body_id__in=run_body_ids(user)).exists()
    return Application.objects.filter(frozen=assessment, id__in=assigned_application_ids(user)).exists()


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    if assessment.service_id is not None:
        return records_service_applications(user) and assessment.state == State.DRAFT
    return (works_for(user, assessment.city) or advises(user, assessment.city_id)) and assessment.state == State.DRAFT


def can_submit_assessment(user: User, assessment: Assessment) -> bool:
    """Submitting a draft: whoever may edit it but an advisor, who edits a city's drafts and never submits for it."""
    if assessment.service_id is not None:
        return can_edit_assessment(user, assessment)
    return works_for(user, assessment.city) and assessment.state == State.DRAFT


def can_see_assessment_history(user: User, assessment: Assessment) -> bool:
    """Who changed which answer, when and through which channel, and every change of state: for whoever may see
    the assessment itself, and nobody else."""
    return can_view_assessment(user, assessment)


def can_withdraw_assessment(user: User, assessment: Assessment) -> bool:
    return officer_of_city_assessment(user, assessment) and assessment.state in (State.DRAFT, State.SUBMITTED)


def works_on_assessment(user: User, assessment: Assessment) -> bool:
    """The city's own officers: they change it while it is a draft, and are told so when it no longer is."""
    return officer_of_city_assessment(user, assessment)


def can_copy_assessment(user: User, assessment: Assessment) -> bool:
    """A withdrawn assessment can be started again as a new draft, by the city's own officers."""
    return officer_of_city_assessment(user, assessment) and assessment.state == State.WITHDRAWN


def can_start_assessment(user: User, city: City) -> bool:
    return works_for(user, city)


def visible_assessments(user: User) -> Q:
    """A filter for Assessment querysets: what `user` may see."""
    own = Q(city_id__in=officer_city_ids(user) | advised_city_ids(user), service__isnull=True)
    if runs_certification(user):
        others = Application.objects.exclude(round__body_id__in=run_body_ids(user)).values("frozen_id")
        return own | ((~Q(state=State.DRAFT) | Q(service__isnull=False)) & ~Q(pk__in=others))
    return own | Q(application__id__in=assigned_application_ids(user))


ACTIONS = {
    "view": can_view_assessment,
    "edit": can_edit_assessment,
    "submit": can_submit_assessment,
    "withdraw": can_withdraw_assessment,
    "history": can_see_assessment_history,
    "copy": can_copy_assessment,
}


def assessment_for(user: User, pk: int, action: str = "view") -> Assessment:
    """The assessment if `user` may do `action` on it.

    What a person may not see does not exist for them (404); what they may see but not do is 403.
    """
    assessment = (
        Assessment.objects.select_related("city", "city__parent", "framework_version")
        # The framework document is parsed once per process (see FrameworkVersion.framework); not read each time.
        .defer("framework_version__document")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not can_view_assessment(user, assessment):
        raise Http404(_("No such assessment."))
    if not ACTIONS[action](user, assessment):
        raise PermissionDenied(_("You may not do this with this assessment."))
    return assessment


def city_for_officer(user: User, code: str) -> City:
    """A city's workspace, for its own officers only; anyone else finds nothing there."""
    city = City.objects.select_related("parent").filter(code=code).first()
    if city is None or not works_for(user, city):
        raise Http404(_("No such city workspace."))
    return city


def own_tokens(user: User) -> QuerySet[ApiToken]:
    """A person's API tokens are theirs alone: nobody else sees or revokes them, administrators neither."""
    return ApiToken.objects.filter(user_id=user.pk) if user.pk is not None else ApiToken.objects.none()


# ------------------------------------------------------------------------------------------- indicators


def can_see_indicators(user: User, city: City) -> bool:
    """A city's indicator series, projections and alerts: its officers, and the certifying body for every city."""
    return works_for(user, city) or runs_certification(user)


def can_import_indicators(user: User, city: City) -> bool:
    """Adding and revising a city's values: the same people who see them."""
    return can_see_indicators(user, city)


def indicator_city_for(user: User, code: str, action: str = "view") -> City:
    """A city's indicators if `user` may see them (404 otherwise) and do `action` on them (403 otherwise)."""
    city = City.objects.select_related("parent").filter(code=code).first()
    if city is None or not can_see_indicators(user, city):
        raise Http404(_("No such city's indicators."))
    if action == "import" and not can_import_indicators(user, city):
        raise PermissionDenied(_("You may not import this city's indicators."))
    return city


# ------------------------------------------------------------------------------------------ certification


def body_of(application: Application) -> int:
    """The certifying body an application's round belongs to."""
    return application.round.body_id


def can_view_application(user: User, application: Application) -> bool:
    return (
        runs_body(user, body_of(application))
        or (application.service_id is None and works_for(user, application.city))
        or application.pk in assigned_application_ids(user)
    )


def visible_sheets(user: User, application: Application, stage: str) -> list[ReviewSheet]:
    """The sheets of a stage that `user` may read: the certifier every submitted one; an assessor their own,
    and the others' only once their own is submitted (so nobody anchors on a colleague's scores)."""
    sheets = list(application.sheets.filter(stage=stage).select_related("assessor").prefetch_related("scores"))
    if manages(user, application):
        return [sheet for sheet in sheets if sheet.submitted]
    if reviews(user, application):
        own = next((sheet for sheet in sheets if sheet.assessor_id == user.pk), None)
        if own is not None and own.submitted:
            return [sheet for sheet in sheets if sheet.submitted or sheet.pk == own.pk]
        return [own] if own is not None else []
    return []


def reviews(user: User, application: Application) -> bool:
    """Scoring, asking the city for documents, raising findings: the application's panel."""
    return application.pk in assigned_application_ids(user)


def manages(user: User, application: Application) -> bool:
    """Panels, consensus, decisions: the certifying body whose round it is."""
    return runs_body(user, body_of(application))


def sits_on_panel(user: User, application: Application) -> bool:
    """A member of the panel the application is assigned to."""
    return application.panel_id is not None and (
        PanelMember.objects.filter(panel_id=application.panel_id, assessor_id=user.pk).exists()
    )


def recorded_consensus(user: User, application: Application) -> bool:
    """Whoever recorded any of the application's consensus scores as they stand."""
    return (
        user.pk is not None and ConsensusScore.objects.filter(application=application, recorded_by_id=user.pk).exists()
    )


def four_eyes(application: Application) -> bool:
    """Whether the application's framework asks that whoever decides took no part in the review."""
    rules = application.round.framework_version.framework.rules.certificate
    return rules is None or rules.four_eyes


def can_decide(user: User, application: Application) -> bool:
    """The certifying body decides; under four eyes, only someone who sits on none of the application's panel
    and recorded none of its consensus."""
    if not manages(user, application):
        return False
    return not four_eyes(application) or not (sits_on_panel(user, application) or recorded_consensus(user, application))


def possible_deciders(application: Application) -> list[AbstractBaseUser]:
    """Everyone who may decide the application now, by username."""
    return [person for person in certifying_body(body_of(application)) if can_decide(person, application)]


def can_answer_waiver(user: User, waiver: StageWaiver) -> bool:
    """A waiver is approved or declined by a second certifier: the certifying body, not whoever asked for it."""
    return manages(user, waiver.application) and waiver.requested_by_id != user.pk


def answers_for_city(user: User, application: Application) -> bool:
    """Answering requests and closing findings: the city (for a service, the certifying body records the
    provider's answers)."""
    if application.service_id is not None:
        return records_service_applications(user)
    return works_for(user, application.city)


APPLICATION_ACTIONS: dict[str, Callable[[User, Application], bool]] = {
    "view": can_view_application,
    "review": reviews,
    "manage": manages,
    "answer": answers_for_city,
}


def application_for(user: User, pk: int, action: str = "view") -> Application:
    """The application if `user` may do `action` on it; 404 for what they may not see, 403 for the rest."""
    application = (
        Application.objects.select_related("round__framework_version", "city", "frozen", "panel").filter(pk=pk).first()
    )
    if application is None or not can_view_application(user, application):
        raise Http404(_("No such application."))
    if not APPLICATION_ACTIONS[action](user, application):
        raise PermissionDenied(_("You may not do this with this application."))
    return application


def managed_applications(user: User) -> Q:
    """A filter for Application querysets: the applications of the rounds of the bodies `user` runs."""
    return Q(round__body_id__in=run_body_ids(user))


def visible_applications(user: User) -> Q:
    return (
        Q(round__body_id__in=run_body_ids(user))
        | Q(city_id__in=officer_city_ids(user), service__isnull=True)
        | Q(id__in=assigned_application_ids(user))
    )


def surveillance_to_record(user: User) -> QuerySet[DueAudit]:
    """The surveillance audits an assessor records, not yet done: those of certificates their panels reviewed."""
    return DueAudit.objects.filter(
        done_at__isnull=True,
        kind="surveillance",
        certificate__application__panel__memberships__assessor_id=user.pk,
        certificate__application__round__body_id__in=assessed_body_ids(user),
    )


def round_for(user: User, pk: int) -> Round:
    """A round the certifying body `user` runs it for may manage (404 for anyone else of a certifying body; the
    caller has asked `require_certifier` first, so others get 403)."""
    round_ = Round.objects.select_related("framework_version").filter(managed_rounds(user), pk=pk).first()
    if round_ is None:
        raise Http404(_("No such round."))
    return round_


def manages_certificate(user: User, certificate: Certificate) -> bool:
    """A certificate's status, its audits and deadlines: the certifying body whose round issued it."""
    return manages(user, certificate.application)


def require_certifier(user: User) -> None:
    """Pages of the certifying body: the public is sent to log in by the view; others get 403."""
    if not runs_certification(user):
        raise PermissionDenied(_("For the certifying body only."))


def visible_certificates(user: User) -> Q:
    """A certificate is public once its decision is (at the round's announcement, or at the decision where the
    scheme publishes decisions): the registry and verification rest on it. The certifying body sees every one
    from its decision (its number is reserved then); a city's officers see their city's from when the city is
    told."""
    now = timezone.now()
    public = Decision.public(now, "application__decision__") | Q(application__round__body_id__in=run_body_ids(user))
    cities = officer_city_ids(user)
    if cities:
        return public | (Q(city_id__in=cities) & Decision.told_to_city(now, "application__decision__"))
    return public


def may_see_decision(user: User, application: Application) -> bool:
    """Whether the decision on an application it may see is shown to `user` yet: the certifying body from the
    decision, the city from when it is told, assessors and everyone else once it is public."""
    decision = getattr(application, "decision", None)
    if decision is None:
        return False
    if manages(user, application):
        return True
    now = timezone.now()
    if works_for(user, application.city):
        return bool(decision.city_told(now))
    return bool(decision.is_public(now))


def can_read_decision_letter(user: User, application: Application) -> bool:
    """The letter goes to the city (once it is told of the decision) and stays with the certifying body."""
    return (manages(user, application) or works_for(user, application.city)) and may_see_decision(user, application)


def may_publish_cases(user: User, city: City) -> bool:
    """Publishing a good-practice case of a city (once a decision on it is announced, which the publishing
    function checks): the city's own officers."""
    return works_for(user, city)


def can_announce(user: User, round_: Round) -> bool:
    """Announcing a round's results: the certifying body whose round it is."""
    return runs_body(user, round_.body_id)


def can_apply(user: User, assessment: Assessment) -> bool:
    """A city's officers apply with its submitted assessment; a service's application is recorded by the
    certifying body (`records_service_applications`)."""
    if assessment.service_id is not None:
        return records_service_applications(user) and assessment.state == State.SUBMITTED
    return works_for(user, assessment.city) and assessment.state == State.SUBMITTED


def certificate_for(user: User, number: str) -> Certificate:
    certificate = (
        Certificate.objects.select_related("city", "framework_version")
        .filter(visible_certificates(user), number=number)
        .first()
    )
    if certificate is None:
        raise Http404(_("No such certificate."))
    return certificate


# ------------------------------------------------------------------------------------------ appeals and complaints


def can_appeal(user: User, application: Application) -> bool:
    """Appealing a decision: the city's own officers, once the city has been told of it."""
    return works_for(user, application.city) and may_see_decision(user, application)


def can_view_appeals(user: User, application: Application) -> bool:
    """An application's appeals and their files: its city's officers and the certifying body."""
    return works_for(user, application.city) or manages(user, application)


def part_in_decision(user: User, application: Application) -> str:
    """How `user` took part in the decision on an application: "decided" it, recorded its "consensus", or sits on
    its "panel"; blank for no part."""
    if user.pk is None:
        return ""
    decision = getattr(application, "decision", None)
    if decision is not None and decision.decided_by_id == user.pk:
        return "decided"
    if application.consensus.filter(recorded_by_id=user.pk).exists():
        return "consensus"
    if application.panel_id and PanelMember.objects.filter(panel_id=application.panel_id, assessor_id=user.pk).exists():
        return "panel"
    return ""


def may_handle_appeal(user: User, application: Application) -> bool:
    """Taking and deciding an appeal: the certifying body, someone who took no part in the decision appealed
    (ISO/IEC 17065 7.13)."""
    return manages(user, application) and not part_in_decision(user, application)


def possible_appeal_handlers(application: Application) -> list[AbstractBaseUser]:
    """Everyone at the certifying body who took no part in the decision, by username."""
    return [person for person in certifying_body(body_of(application)) if not part_in_decision(person, application)]


def decides_appeal(user: User, appeal: Appeal) -> bool:
    """An appeal taken in hand is decided only by whoever took it."""
    return user.pk is not None and appeal.handler_id == user.pk


def can_read_complaints(user: User) -> bool:
    """The complaints received, with who sent them: the certifying body."""
    return runs_certification(user)


def visible_complaints(user: User) -> Q:
    """A filter for Complaint querysets: for the certifying bodies, the complaints about no certificate and those
    about a certificate one of their rounds issued; nothing for anyone else."""
    if not runs_certification(user):
        return Q(pk__in=[])
    return Q(certificate__isnull=True) | Q(certificate__application__round__body_id__in=run_body_ids(user))


def can_handle_complaint(user: User) -> bool:
    """Triaging and closing a complaint: the certifying body."""
    return runs_certification(user)


# ------------------------------------------------------------------------------------------ a person's open tasks
# Which tasks each person's "My work" lists (citycert.inbox): filters for the task queries, so that each kind of
# task is one query whatever the number of tasks.


def lists_only_own_assignments(user: User) -> bool:
    """Whose list of applications is their own assignments, not everything they may read: assessors (and nothing
    else: an assessor who is also a city's officer or runs a body reads those lists too)."""
    return bool(assessed_body_ids(user)) and not officer_city_ids(user) and not runs_certification(user)


def keeps_review_tasks(user: User) -> bool:
    """Stages to score, answers from cities to read, findings to verify, surveillance to record: assessors."""
    return bool(assessed_body_ids(user))


def keeps_city_tasks(user: User) -> bool:
    """Requests to answer, findings to close, decisions and appeal windows, what falls due on certificates and
    evidence: a city's officers."""
    return bool(officer_city_ids(user))


def keeps_certification_tasks(user: User) -> bool:
    """Consensus and decisions, overdue reviews, waivers, appeals and complaints: the certifying body."""
    return runs_certification(user)


def own_assignments(user: User) -> Q:
    """A filter for Application querysets: the applications on a panel `user` sits on as an assessor (nothing for
    anyone else). An assessor's lists show these and no other assessor's."""
    bodies = assessed_body_ids(user)
    if not bodies:
        return Q(pk__in=[])
    return Q(panel__memberships__assessor_id=user.pk, round__body_id__in=bodies)


def waivers_to_answer(user: User) -> Q:
    """A filter for StageWaiver querysets: the waivers awaiting a second certifier that `user` may answer (as
    `can_answer_waiver`: the certifying body, never whoever asked)."""
    if not runs_certification(user):
        return Q(pk__in=[])
    return Q(state=WaiverState.REQUESTED, application__round__body_id__in=run_body_ids(user)) & ~Q(
        requested_by_id=user.pk
    )


def appeals_to_handle(user: User) -> Q:
    """A filter for Appeal querysets: the open appeals `user` may take (as `may_handle_appeal`: the certifying
    body, someone who took no part in the decision appealed) or has taken."""
    if not runs_certification(user) or user.pk is None:
        return Q(pk__in=[])
    took_part = (
        Q(application__decision__decided_by_id=user.pk)
        | Q(application__consensus__recorded_by_id=user.pk)
        | Q(application__panel__memberships__assessor_id=user.pk)
    )
    waiting = Q(state=AppealState.FILED, application__round__body_id__in=run_body_ids(user)) & ~took_part
    return waiting | Q(state=AppealState.IN_HANDLING, handler_id=user.pk)


def could_decide(user: User, application: Application, *, sits_on_panel: bool, recorded_consensus: bool) -> bool:
    """`can_decide` where the caller already knows whether `user` sits on the application's panel and recorded
    any of its consensus (for many applications at once)."""
    if not manages(user, application):
        return False
    return not four_eyes(application) or not (sits_on_panel or recorded_consensus)


def opens_admin_site(user: User | AnonymousUser) -> bool:
    """Django's admin site is for superusers only (the first administrator, from `citycert createadmin`): staff
    status alone opens nothing, as everyone else works through citycert's own pages."""
    return bool(user.is_active and getattr(user, "is_superuser", False))


def administrators() -> QuerySet[AbstractBaseUser]:
    """The certifying bodies' administrators (whether a fresh install has its first account yet)."""
    people = get_user_model().objects.filter(_open_members(MembershipKind.ADMINISTRATOR))
    return get_user_model().objects.filter(pk__in=people).order_by("username")


# --- The second factor --------------------------------------------------------------------------------------------
# Which people must have a TOTP second factor: those whose role CITYCERT_REQUIRE_TOTP_FOR names (e.g.
# "assessor,certifier"). Today a person holds one role; when memberships per certifying body exist, a body will
# require it of its own certifiers and assessors, decided here in the same place.


def unknown_second_factor_roles() -> list[str]:
    """The names in CITYCERT_REQUIRE_TOTP_FOR that are not roles (a typo would silently require nothing)."""
    return [name for name in settings.REQUIRE_TOTP_FOR if name not in Role.values]


def has_second_factor(user: User) -> bool:
    """Whether the person has a confirmed authenticator (then every sign-in asks for a code)."""
    return user.is_authenticated and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def must_enrol_second_factor(user: User) -> bool:
    """Whether the person's role requires a second factor they have not enrolled yet: then they may reach nothing
    but enrolment."""
    required = {ROLE_NAME_OF_KIND[MembershipKind(kind)] for kind in _kinds(user)} & set(settings.REQUIRE_TOTP_FOR)
    return bool(required) and not has_second_factor(user)


# --- Who is told of each step (citycert.notifications) ------------------------------------------------------------
# A step names whom it concerns (the city's officers, the panel, the certifying body); of those, only active accounts
# that may see what it is about are told, and never whoever took the step.


def city_told_of(application: Application) -> QuerySet[AbstractBaseUser]:
    """Who speaks for the applicant: the city's officers; for a service, the certifying body, which records its
    provider's answers (`answers_for_city`)."""
    if application.service_id is not None:
        return certifying_body(body_of(application))
    return city_officers_told_of(application.city_id)


def city_officers_told_of(city: City | int) -> QuerySet[AbstractBaseUser]:
    """A city's officers (indicator alerts and reminders about it)."""
    city_id = city.pk if isinstance(city, City) else city
    return (
        get_user_model()
        .objects.filter(
            pk__in=get_user_model().objects.filter(_open_members(MembershipKind.OFFICER), memberships__city_id=city_id)
        )
        .select_related("profile")
    )


def panel_told_of(application: Application) -> QuerySet[AbstractBaseUser]:
    """The assessors of the application's panel."""
    if application.panel_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(panel_memberships__panel_id=application.panel_id).select_related("profile")


def may_be_told(user: User, about: object) -> bool:
    """Whether `user` may be told of a step about `about`: an active account that may see it now (an application,
    its decision, a certificate, an appeal, a city's indicators). Anything else is told to nobody."""
    if not user.is_active:
        return False
    if isinstance(about, Decision):
        return can_view_application(user, about.application) and may_see_decision(user, about.application)
    if isinstance(about, Application):
        return can_view_application(user, about)
    if isinstance(about, Certificate):
        return Certificate.objects.filter(visible_certificates(user), pk=about.pk).exists()
    if isinstance(about, Appeal):
        return can_view_appeals(user, about.application)
    if isinstance(about, City):
        return can_see_indicators(user, about)
    return False


def told(people: Iterable[AbstractBaseUser], about: object, *, besides: int | None = None) -> list[AbstractBaseUser]:
    """Of `people`, each once, those who may be told of a step about `about`, leaving out the
    person who took it (`besides`)."""
    unique = {person.pk: person for person in people if person.pk != besides}
    return [person for _pk, person in sorted(unique.items()) if may_be_told(person, about)]


# --- Onboarding: inviting people, and the people list ---------------------------------------------------------------
# An administrator invites anyone, with any role, and deactivates and reactivates accounts; a city's officer invites
# other officers of their own cities only (issue 18, until memberships per organisation exist).


def administers_people(user: User) -> bool:
    """Inviting people with any role, resending and revoking any invitation, deactivating and reactivating accounts:
    the certifying body's administrators."""
    return user.is_active and bool(_bodies(user, MembershipKind.ADMINISTRATOR))


def invites_people(user: User) -> bool:
    """Who opens the people page and invites from it: administrators, and a city's officers (for their cities)."""
    return administers_people(user) or bool(officer_city_ids(user))


def invitable_roles(user: User) -> list[str]:
    """The roles `user` may invite someone with: every role for an administrator, a city officer's for an officer."""
    if administers_people(user):
        return list(Role.values)
    return [Role.CITY_OFFICER] if officer_city_ids(user) else []


def invitable_cities(user: User) -> QuerySet[City]:
    """The cities `user` may invite an officer of: every city for an administrator, an officer's own cities."""
    if administers_people(user):
        return City.objects.select_related("parent").order_by("code")
    return City.objects.select_related("parent").filter(id__in=officer_city_ids(user)).order_by("code")


def role_works_for_cities(role: str) -> bool:
    """Whether an invitation (and the account it makes) with this role names the cities the person works for."""
    return role == Role.CITY_OFFICER


def may_invite(user: User, role: str, city_ids: Collection[int]) -> bool:
    """An administrator invites anyone; a city's officer invites an officer of one or more of their own cities and
    of no other city."""
    if administers_people(user):
        return role in Role.values
    own = officer_city_ids(user)
    return role == Role.CITY_OFFICER and bool(city_ids) and set(city_ids) <= own


def may_manage_invitation(user: User, invitation: Invitation) -> bool:
    """Resending and revoking an invitation: whoever could send it now (see may_invite)."""
    return may_invite(user, invitation.role, [city.pk for city in invitation.cities.all()])


def visible_invitations(user: User) -> Q:
    """A filter for Invitation querysets: every invitation for an administrator; for a city's officer, the
    invitations of officers to their own cities and no other city; nothing for anyone else."""
    if administers_people(user):
        return Q()
    own = officer_city_ids(user)
    if not own:
        return Q(pk__in=[])
    to_own = Invitation.objects.filter(role=Role.CITY_OFFICER, cities__id__in=own).values("pk")
    to_another = Invitation.objects.filter(cities__in=City.objects.exclude(id__in=own)).values("pk")
    return Q(pk__in=to_own) & ~Q(pk__in=to_another)


def visible_people(user: User) -> Q:
    """A filter for the accounts on the people page: everyone for an administrator; a city's officer sees their own
    cities' officers; nobody else sees any."""
    if administers_people(user):
        return Q()
    own = officer_city_ids(user)
    if not own:
        return Q(pk__in=[])
    colleagues = get_user_model().objects.filter(_open_members(MembershipKind.OFFICER), memberships__city_id__in=own)
    return Q(pk__in=colleagues.values("pk"))


def invitation_for(user: User, pk: int) -> Invitation:
    """An invitation `user` may see (404 otherwise) and resend or revoke (403 otherwise)."""
    invitation = Invitation.objects.filter(visible_invitations(user), pk=pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    if not may_manage_invitation(user, invitation):
        raise PermissionDenied(_("You may not change this invitation."))
    return invitation


def changes_accounts(user: User) -> bool:
    """Opening a person's account page, deactivating and reactivating accounts: administrators."""
    return administers_people(user)


def is_last_active_administrator(person: AbstractBaseUser) -> bool:
    """Whether `person` is the only active administrator left of a body they administer: deactivating them would
    leave that body nobody to add people."""
    if not person.is_active:
        return False
    forget_memberships(person)
    return bool(bodies_left_without_administrator(person, _bodies(person, MembershipKind.ADMINISTRATOR)))


def bodies_left_without_administrator(person: AbstractBaseUser, body_ids: Iterable[int]) -> list[CertifyingBody]:
    """Of these bodies, those that would have no active administrator but `person` (the bodies whose last
    administrator's membership may not end, nor their account be deactivated)."""
    left = []
    for body in CertifyingBody.objects.filter(pk__in=list(body_ids)).order_by("code"):
        others = certifying_body(body.pk).filter(
            pk__in=get_user_model().objects.filter(_open_members(MembershipKind.ADMINISTRATOR, body_id=body.pk))
        )
        if not others.exclude(pk=person.pk).exists():
            left.append(body)
    return left


def last_administrator_of(membership: Membership) -> CertifyingBody | None:
    """The body an administrator's membership is the last active one of (its end is refused), or None."""
    if membership.kind != MembershipKind.ADMINISTRATOR or membership.body_id is None:
        return None
    left = bodies_left_without_administrator(membership.person, [membership.body_id])
    return left[0] if left else None


def undecided_reviews_of(membership: Membership) -> list[Application]:
    """For an assessor's membership of a body: the applications of that body still undecided (applied for or in
    review) on whose panel they sit (ending the membership is refused while there are any)."""
    if membership.kind != MembershipKind.ASSESSOR:
        return []
    return list(
        Application.objects.filter(
            panel__memberships__assessor_id=membership.person_id,
            round__body_id=membership.body_id,
            state__in=(ApplicationState.APPLIED, ApplicationState.IN_REVIEW),
        )
        .select_related("city", "round")
        .order_by("round_id", "city__code")
        .distinct()
    )


def administered_bodies(user: User) -> QuerySet[CertifyingBody]:
    """The certifying bodies `user` administers: they grant and end memberships of these bodies, and invite people
    into them."""
    return CertifyingBody.objects.filter(pk__in=_bodies(user, MembershipKind.ADMINISTRATOR)).order_by("code")


def may_grant_membership(user: User, kind: str, body: CertifyingBody | None, city: City | None) -> bool:
    """Granting (and ending) a membership: an administrator of the body, for a body's kinds; for a city's kinds, any
    body's administrator, or an officer of that city (its officers and advisors)."""
    if not user.is_active:
        return False
    if is_city_kind(kind):
        return city is not None and (administers_people(user) or works_for(user, city))
    return body is not None and body.pk in _bodies(user, MembershipKind.ADMINISTRATOR)


def grantable_bodies(user: User) -> QuerySet[CertifyingBody]:
    """The certifying bodies whose memberships `user` may grant and end: those they administer."""
    return CertifyingBody.objects.filter(pk__in=_bodies(user, MembershipKind.ADMINISTRATOR)).order_by("code")


# --- Assessors' competence and impartiality (issue 18, item 4; ISO/IEC 17065 6.1) ------------------------------------


def records_competence(user: User) -> bool:
    """Recording and changing an assessor's qualifications and training, and reading every assessor's record and
    each round's impartiality declarations: the certifying body."""
    return runs_certification(user)


def sees_competence(user: User, person: AbstractBaseUser) -> bool:
    """An assessor's competence record (qualifications, training, declarations): the certifying body, and the
    assessor themself; nobody else (a city's officer neither)."""
    return records_competence(user) or (user.pk is not None and user.pk == person.pk and may_sit_on_panel(user))


def declares_impartiality(user: User, assessor: AbstractBaseUser) -> bool:
    """An impartiality declaration for a round is made by the assessor themself, never by someone for them."""
    return user.is_authenticated and user.pk == assessor.pk and may_sit_on_panel(user)
