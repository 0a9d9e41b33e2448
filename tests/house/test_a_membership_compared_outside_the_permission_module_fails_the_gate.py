"""A person's memberships decide what they may see and do, as their role did: only citycert/permissions.py reads
them. The role gate (tests/security/test_permission_decisions_live_in_one_module.py) reads every Python file and
template of citycert but permissions.py and the migrations; here it is shown to fail on each way a membership's kind
can be compared, matched or filtered on, planted in a copy of the source, and to let the words pass where they
decide nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import citycert
from tests.security.test_permission_decisions_live_in_one_module import unexpected

SOURCE = Path(citycert.__file__).parent


def test_the_source_compares_no_membership_outside_the_permission_module() -> None:
    stray = unexpected(SOURCE)
    assert stray == [], "a role or membership checked outside citycert/permissions.py:\n" + "\n".join(map(str, stray))


def test_membership_checks_planted_in_a_copy_of_the_source_fail_the_gate(tmp_path: Path) -> None:
    copy = tmp_path / "citycert"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    assert unexpected(copy) == []

    (copy / "certification" / "shortcuts.py").write_text(
        "from citycert.accounts.models import Membership, MembershipKind\n"
        "\n"
        "\n"
        "def is_advisor(membership):\n"
        '    return membership.kind == "advisor"\n'
        "\n"
        "\n"
        "def runs_it(user, round_):\n"
        "    return user.memberships.filter(kind=MembershipKind.CERTIFIER, body=round_.body).exists()\n"
        "\n"
        "\n"
        "def officers(city):\n"
        '    return Membership.objects.filter(city=city, **{"kind__in": ["officer"]})\n'
        "\n"
        "\n"
        "def people(user_model, kinds):\n"
        "    return user_model.objects.filter(memberships__kind__in=kinds)\n"
        "\n"
        "\n"
        "def menu(kind):\n"
        "    match kind:\n"
        '        case "administrator":\n'
        '            return ["people"]\n'
        "    return []\n",
        encoding="utf-8",
    )
    overview = copy / "templates" / "certification" / "overview.html"
    overview.write_text(
        overview.read_text(encoding="utf-8") + "{% if membership.kind == 'advisor' %}<p>advise</p>{% endif %}\n",
        encoding="utf-8",
    )

    found = {(check.path, check.function, check.what) for check in unexpected(copy)}
    shortcuts = "certification/shortcuts.py"
    assert found == {
        (shortcuts, "is_advisor", "compares a role"),
        (shortcuts, "runs_it", "names MembershipKind.CERTIFIER"),
        (shortcuts, "runs_it", "filters on kind="),
        (shortcuts, "officers", "filters on kind__in="),
        (shortcuts, "people", "filters on memberships__kind__in="),
        (shortcuts, "menu", "matches on a role"),
        (
            "templates/certification/overview.html",
            "",
            "compares with 'advisor' in {% if membership.kind == 'advisor' %}",
        ),
    }

    # A kind of another thing (an audit, an assessment) and the word in text decide nothing.
    (copy / "certification" / "shortcuts.py").write_text(
        "def due(queryset, assessment):\n"
        '    return queryset.filter(kind="surveillance"), assessment.kind == "self_assessment", "advisor"\n',
        encoding="utf-8",
    )
    overview.write_text('{% load i18n %}<p>{% translate "An advisor edits the drafts." %}</p>\n', encoding="utf-8")
    assert unexpected(copy) == []
