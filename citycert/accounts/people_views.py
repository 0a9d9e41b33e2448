"""The people pages: the list of invitations and accounts, inviting a person, sending an invitation again or
revoking it, an account's page (deactivate, reactivate), and the invitation's own page where the invited person
chooses their password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from citycert.accounts import activation, invitations, memberships
from citycert.accounts.models import Invitation, InvitationState, Membership
from citycert.accounts.people_forms import AcceptInvitationForm, InvitationForm, MembershipForm, ReasonForm
from citycert.page_forms import INVALID, REFUSED_BY_RULE
from citycert.permissions import (
    administers_people,
    changes_accounts,
    invitation_for,
    invites_people,
    visible_invitations,
    visible_people,
)
from citycert.public_address import public_base

# An invitation's link that no longer works (used, revoked, expired) is gone for good; one that never was, not found.
GONE = 410


def _require_inviter(request: HttpRequest) -> None:
    if not invites_people(request.user):
        raise PermissionDenied(_("Inviting people is for administrators and a city's officers."))


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    """Invitations still open (pending or expired: to send again or revoke) and the accounts, as `user` may see."""
    _require_inviter(request)
    now = timezone.now()
    open_invitations = (
        Invitation.objects.filter(visible_invitations(request.user))
        .filter(state__in=(InvitationState.PENDING, InvitationState.EXPIRED))
        .select_related("invited_by")
        .prefetch_related("cities__parent")
    )
    accounts = (
        get_user_model()
        .objects.filter(visible_people(request.user))
        .select_related("profile")
        .prefetch_related("profile__cities__parent")
        .order_by("-is_active", "username")
    )
    context = {
        "invitations": [(invitation, invitation.state_on(now)) for invitation in open_invitations],
        "accounts": accounts,
        "changes_accounts": changes_accounts(request.user),
        "administers_people": administers_people(request.user),
    }
    return render(request, "accounts/people.html", context)


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """The invitation form; a valid one makes the invitation and queues its email, then back to the list."""
    _require_inviter(request)
    user: User = request.user  # type: ignore[assignment]
    form = InvitationForm(user, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = invitations.invite(
                    user,
                    name=data["name"],
                    email=data["email"],
                    role=data["role"],
                    cities=list(data["cities"]),
                    language=data["language"],
                    base=public_base(request),
                )
            except invitations.InvitationRefused as refused:
                form.add_error(refused.field, str(refused))
                status = REFUSED_BY_RULE
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s; its link works for 7 days.") % {"email": invitation.email},
                )
                return redirect("people")
        else:
            status = INVALID
    return render(request, "accounts/invite.html", {"form": form}, status=status)


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = invitation_for(request.user, pk)
    try:
        invitations.resend(invitation, request.user, public_base(request))  # type: ignore[arg-type]
    except invitations.InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Invitation sent again to %(email)s with a new link; the old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("people")


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = invitation_for(request.user, pk)
    try:
        invitations.revoke(invitation, request.user)  # type: ignore[arg-type]
    except invitations.InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Invitation to %(email)s revoked; its link no longer works.") % {"email": invitation.email}
        )
    return redirect("people")


@login_required
def account(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's account: who they are, and deactivating or reactivating it with a reason."""
    if not changes_accounts(request.user):
        raise PermissionDenied(_("Deactivating and reactivating accounts is for administrators."))
    person = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = activation.change_activity(
                    person,
                    not person.is_active,
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["reason"],
                )
            except activation.AccountChangeRefused as refused:
                form.add_error(refused.field, str(refused))
                status = REFUSED_BY_RULE
            else:
                name = changed.get_full_name() or changed.get_username()
                if changed.is_active:
                    messages.success(request, _("%(name)s is active again and may sign in.") % {"name": name})
                else:
                    messages.success(
                        request, _("%(name)s is deactivated: they can no longer sign in.") % {"name": name}
                    )
                return redirect("people")
        else:
            status = INVALID
    return _account_page(request, person, form, status=status)


def _account_page(
    request: HttpRequest,
    person: User,
    form: ReasonForm | None = None,
    *,
    ending: tuple[int, ReasonForm] | None = None,
    granting: MembershipForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The account's page: who they are, their memberships open and ended (each open one with its form to end it;
    `ending` is a refused one, shown as it was sent), the form to grant another (`granting`: a refused one), and the
    form to deactivate or reactivate the account."""
    held = Membership.objects.filter(person=person).select_related("body", "city__parent").order_by("-ended_at", "pk")
    rows = []
    for membership in held:
        end_form = None
        if membership.ended_at is None:
            end_form = (
                ending[1]
                if ending is not None and ending[0] == membership.pk
                else ReasonForm(prefix=f"membership{membership.pk}")
            )
        rows.append((membership, end_form))
    context = {
        "person": person,
        "form": form or ReasonForm(),
        "memberships": rows,
        "grant_form": granting or MembershipForm(request.user, prefix="grant"),  # type: ignore[arg-type]
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def end_membership(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """An administrator ends one of a person's memberships, with the reason; refused with what to do for a body's
    last administrator and for an assessor still on a panel of an undecided application."""
    if not changes_accounts(request.user):
        raise PermissionDenied(_("Deactivating and reactivating accounts is for administrators."))
    person = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    membership = get_object_or_404(Membership.objects.filter(person=person, ended_at__isnull=True), pk=membership_pk)
    form = ReasonForm(request.POST, prefix=f"membership{membership.pk}")
    if not form.is_valid():
        return _account_page(request, person, ending=(membership.pk, form), status=INVALID)
    try:
        memberships.end_membership(membership, actor=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except memberships.MembershipRefused as refused:
        form.add_error(refused.field if refused.field == "reason" else None, str(refused))
        return _account_page(request, person, ending=(membership.pk, form), status=REFUSED_BY_RULE)
    messages.success(
        request,
        _("%(name)s is no longer %(membership)s.")
        % {"name": person.get_full_name() or person.get_username(), "membership": membership.get_kind_display()},
    )
    return redirect("person", pk=pk)


@login_required
@require_POST
def grant_membership(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator makes a person an officer of or advisor to a city, or an assessor, certifier or administrator
    of a body they administer, saying why; refused at its field when it does not fit or is already held."""
    if not changes_accounts(request.user):
        raise PermissionDenied(_("Granting memberships is for administrators."))
    person = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    form = MembershipForm(request.user, request.POST, prefix="grant")  # type: ignore[arg-type]
    if not form.is_valid():
        return _account_page(request, person, granting=form, status=INVALID)
    data = form.cleaned_data
    try:
        granted = memberships.grant_membership(
            person,
            data["kind"],
            body=data["body"],
            city=data["city"],
            actor=request.user,  # type: ignore[arg-type]
            reason=data["reason"],
        )
    except memberships.MembershipRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        return _account_page(request, person, granting=form, status=REFUSED_BY_RULE)
    messages.success(
        request,
        _("%(name)s is now %(membership)s: %(of)s.")
        % {
            "name": person.get_full_name() or person.get_username(),
            "membership": granted.get_kind_display(),
            "of": granted.city.full_name if granted.city is not None else granted.body,
        },
    )
    return redirect("person", pk=pk)


@never_cache  # the page's address holds the invitation's secret
def accept(request: HttpRequest, secret: str) -> HttpResponse:
    """The invited person chooses a password; their account is made and they are signed in, on their own page.
    A link used, revoked or expired says so and what to do. The page speaks the invitation's language unless
    the person has chosen one."""
    invitation = invitations.invitation_for_link(secret)
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or (
        invitation.language if invitation is not None else settings.LANGUAGE_CODE
    )
    with translation.override(language):
        if invitation is None:
            reason = _(
                "This link is not an invitation to citycert. Check that the whole link was copied from the email, "
                "or ask for a new invitation."
            )
            return render(request, "accounts/invitation_closed.html", {"reason": reason}, status=404)
        if invitation.state != InvitationState.PENDING:
            return _closed(request, invitation)
        form = AcceptInvitationForm(invitation, request.POST or None)
        context = {"invitation": invitation, "invited_as": invitation.get_role_display(), "form": form}
        if request.method != "POST":
            return render(request, "accounts/accept.html", context)
        if not form.is_valid():
            return render(request, "accounts/accept.html", context, status=INVALID)
        try:
            person = invitations.accept(invitation, form.cleaned_data["new_password1"])
        except invitations.InvitationRefused:
            invitation.refresh_from_db()
            return _closed(request, invitation)
        except ValidationError as refused:
            form.add_error("new_password1", refused)
            return render(request, "accounts/accept.html", context, status=INVALID)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s. Your account is ready: you sign in with %(username)s.")
            % {"name": person.get_full_name(), "username": person.get_username()},
        )
    response = redirect(settings.LOGIN_REDIRECT_URL)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Their pages go on in the language they were invited in, as if they had chosen it with the switcher.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            invitation.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    context = {"reason": invitations.refusal_for(invitation), "invitation": invitation}
    return render(request, "accounts/invitation_closed.html", context, status=GONE)
