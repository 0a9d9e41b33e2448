"""Whether the site's menu offers the people page (inviting, the list of people) to the person reading it."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from citycert.permissions import invites_people

register = template.Library()


@register.filter
def may_invite_people(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and invites_people(user)
