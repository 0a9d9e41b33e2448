"""Who may see or do what is decided in one place, citycert/permissions.py, as named predicates: a page, an API
endpoint, a workflow, a form or a template asks `applies_for_cities(user)` and never compares a role itself, and
whoever is told of an alert or a reminder is chosen by one function there. Read from the source (as the state
gate reads it): a role compared, matched, filtered on or read anywhere else in citycert's Python or templates
fails this gate, and a test plants such checks in a copy of the source to see the gate fail on each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import citycert
from citycert.accounts.models import MembershipKind, Role
from tests.security.role_checks import KIND_MEMBERS, KIND_VALUES, ROLE_MEMBERS, ROLE_VALUES, Check, role_checks

SOURCE = Path(citycert.__file__).parent

# The one module where permission decisions are made: every check in it is one.
HOME = "permissions.py"
# The only other places that name a role, by file and function ("" at module level), and why: neither decides
# who may see or do anything.
ALLOWED: dict[tuple[str, str], str] = {
    ("demo/load.py", ""): "the demo's accounts, one per role: the roles given to the people it creates",
    ("accounts/first_account.py", "make_first_administrator"): "the role given to a fresh install's first account",
    ("accounts/invitations.py", "invite"): "the role an invitation is made with (may_invite decided it may be)",
    ("accounts/invitations.py", "accept"): "the invited role given to the account the invitation makes",
    ("accounts/invitations.py", "_snapshot"): "the invited role kept in the audit event",
    ("accounts/people_views.py", "invite"): "the role chosen on the form, passed to invite (which asks may_invite)",
}


def _allowed(check: Check) -> bool:
    return check.path == HOME or (check.path, check.function) in ALLOWED


def unexpected(root: Path) -> list[Check]:
    return [check for check in role_checks(root) if not _allowed(check)]


def test_no_role_is_compared_outside_the_permission_module() -> None:
    stray = unexpected(SOURCE)
    assert stray == [], "a role checked outside citycert/permissions.py:\n" + "\n".join(map(str, stray))


def test_every_allowed_place_still_names_a_role() -> None:
    """An entry left behind after its code moved would let a new check there through unseen."""
    places = {(check.path, check.function) for check in role_checks(SOURCE)}
    assert set(ALLOWED) - places == set()


def test_the_gate_knows_every_role() -> None:
    """A role added to the model must be known to the gate, or comparisons with it would pass unseen."""
    assert set(Role.values) == ROLE_VALUES
    assert set(Role.names) == ROLE_MEMBERS
    assert set(MembershipKind.values) == KIND_VALUES
    assert set(MembershipKind.names) == KIND_MEMBERS


def test_role_checks_planted_in_a_copy_of_the_source_fail_the_gate(tmp_path: Path) -> None:
    copy = tmp_path / "citycert"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    assert unexpected(copy) == []

    # A new module of shortcuts deciding on roles in every way the gate knows.
    (copy / "certification" / "shortcuts.py").write_text(
        "from django.contrib.auth import get_user_model\n"
        "from django.db.models import Q\n"
        "\n"
        "from citycert.accounts.models import Role\n"
        "from citycert.permissions import role_of\n"
        "\n"
        "BODY = {Role.CERTIFIER}\n"
        "\n"
        "\n"
        "def may_apply(user):\n"
        '    return role_of(user) == "city_officer"\n'
        "\n"
        "\n"
        "def is_body(user):\n"
        "    return user.profile.role in BODY or user.is_superuser\n"
        "\n"
        "\n"
        "def assessors():\n"
        '    return get_user_model().objects.filter(Q(profile__role="assessor"))\n'
        "\n"
        "\n"
        "def officers(city):\n"
        '    return get_user_model().objects.filter(**{"profile__role__in": ["city_officer"]}, profile__cities=city)\n'
        "\n"
        "\n"
        "def menu(role):\n"
        "    match role:\n"
        '        case "certifier":\n'
        '            return ["rounds"]\n'
        '    return ["home"] if not role != "administrator" else []\n'
        "\n"
        "\n"
        "def may_export(user):\n"
        '    return user.has_perm("certification.export")\n',
        encoding="utf-8",
    )
    # A check added to a view beside the predicates it already asks.
    views = copy / "cities" / "views.py"
    views.write_text(
        views.read_text(encoding="utf-8") + "\n\n"
        "def is_officer(request):\n"
        '    return getattr(request.user, "profile", None) and request.user.profile.role is not None\n',
        encoding="utf-8",
    )
    # A page deciding what to show by the role it was given, and by the user's own flags.
    overview = copy / "templates" / "certification" / "overview.html"
    overview.write_text(
        overview.read_text(encoding="utf-8")
        + '{% if role == "city_officer" %}<p>apply</p>{% endif %}\n'
        + "{% if user.is_staff %}<p>admin</p>{% elif kind == 'assessor' %}<p>score</p>{% endif %}\n",
        encoding="utf-8",
    )

    found = {(check.path, check.function, check.what) for check in unexpected(copy)}
    shortcuts = "certification/shortcuts.py"
    assert found == {
        (shortcuts, "", "names Role.CERTIFIER"),
        (shortcuts, "may_apply", "compares a role"),
        (shortcuts, "may_apply", "calls role_of"),
        (shortcuts, "is_body", "compares a role"),
        (shortcuts, "is_body", "reads .role"),
        (shortcuts, "is_body", "reads .is_superuser"),
        (shortcuts, "assessors", "filters on profile__role="),
        (shortcuts, "officers", "filters on profile__role__in="),
        (shortcuts, "menu", "matches on a role"),
        (shortcuts, "menu", "compares a role"),
        (shortcuts, "may_export", "calls has_perm"),
        ("cities/views.py", "is_officer", "compares a role"),
        ("cities/views.py", "is_officer", "reads .role"),
        ("templates/certification/overview.html", "", 'names role in {% if role == "city_officer" %}'),
        (
            "templates/certification/overview.html",
            "",
            'compares with "city_officer" in {% if role == "city_officer" %}',
        ),
        ("templates/certification/overview.html", "", "names is_staff in {% if user.is_staff %}"),
        ("templates/certification/overview.html", "", "compares with 'assessor' in {% elif kind == 'assessor' %}"),
    }

    # Naming a role's word in text, an assessor as a field, or HTML's role attribute decides nothing.
    (copy / "certification" / "shortcuts.py").write_text(
        "def describe(sheet, queryset):\n"
        '    return {"assessor": sheet.assessor_id}, queryset.select_related("assessor").filter(stage="stage-1")\n',
        encoding="utf-8",
    )
    overview.write_text(
        '{% load i18n %}<p role="alert">{% translate "A token acts with your role and permissions." %}</p>\n'
        "{% if declares_conflicts %}<p>{{ user.profile.get_role_display }}</p>{% endif %}\n",
        encoding="utf-8",
    )
    assert {check.function for check in unexpected(copy)} == {"is_officer"}
