"""Who may see and do what: the one place every page, export and API endpoint asks.

Rules:
- A city officer sees and changes only their own cities' assessments; only a draft can be changed.
- Nobody but the city's own officers sees a draft.
- Certifiers and administrators see submitted and withdrawn assessments of every city.
- Assessors see nothing of a city's work until they are assigned to it (certification workflow).
- The public sees only what is published.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from citycert.accounts.models import Role
from citycert.assessments.choices import State
from citycert.assessments.models import Assessment
from citycert.cities.models import City

User = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> str | None:
    """The role of a signed-in person, or None for the public (and for accounts without a role)."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def officer_city_ids(user: User) -> set[int]:
    """The cities a city officer works for (none for anyone else)."""
    if role_of(user) != Role.CITY_OFFICER:
        return set()
    cache = getattr(user, "_officer_city_ids", None)
    if cache is None:
        cache = set(user.profile.cities.values_list("id", flat=True))  # type: ignore[union-attr]
        user._officer_city_ids = cache  # type: ignore[union-attr]
    return cache


def works_for(user: User, city: City) -> bool:
    return city.pk in officer_city_ids(user)


def can_view_assessment(user: User, assessment: Assessment) -> bool:
    if works_for(user, assessment.city):
        return True
    if assessment.state == State.DRAFT:
        return False
    return role_of(user) in (Role.CERTIFIER, Role.ADMINISTRATOR)


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    return works_for(user, assessment.city) and assessment.state == State.DRAFT


def can_withdraw_assessment(user: User, assessment: Assessment) -> bool:
    return works_for(user, assessment.city) and assessment.state in (State.DRAFT, State.SUBMITTED)


def can_start_assessment(user: User, city: City) -> bool:
    return works_for(user, city)


def visible_assessments(user: User) -> Q:
    """A filter for Assessment querysets: what `user` may see."""
    own = Q(city_id__in=officer_city_ids(user))
    if role_of(user) in (Role.CERTIFIER, Role.ADMINISTRATOR):
        return own | ~Q(state=State.DRAFT)
    return own if officer_city_ids(user) else Q(pk__in=[])


ACTIONS = {
    "view": can_view_assessment,
    "edit": can_edit_assessment,
    "withdraw": can_withdraw_assessment,
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
        raise Http404("no such assessment")
    if not ACTIONS[action](user, assessment):
        raise PermissionDenied(f"may not {action} this assessment")
    return assessment


def city_for_officer(user: User, code: str) -> City:
    """A city's workspace, for its own officers only; anyone else finds nothing there."""
    city = City.objects.select_related("parent").filter(code=code).first()
    if city is None or not works_for(user, city):
        raise Http404("no such city workspace")
    return city
