"""Django's admin site: every citycert record, to be read by a superuser, never edited there.

Records change only through their transition functions, which check the rules and write the audit trail in the
same transaction; an edit form in the admin would do neither. So the admin lists, searches, filters and shows
every model, and adds, changes and deletes nothing. People's accounts (django.contrib.auth) stay editable, as
Django registers them, for a superuser who must set a password or deactivate someone by hand."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from citycert import permissions

# Columns a list shows at most, after the record's own name: more make the table unreadable on a laptop.
LIST_COLUMNS = 5
# Long or structured values belong on the record's page, not in a list column.
NOT_IN_LISTS = (models.TextField, models.JSONField, models.BinaryField, models.FileField)


class RecordsAdminSite(admin.AdminSite):
    """The default admin site (`admin_app.RecordsAdminConfig` makes it so): opened by whom `permissions` says."""

    site_header = _("citycert administration")
    site_title = _("citycert administration")
    index_title = _("Records (read only)")

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.opens_admin_site(request.user)


class RecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A model's records, read only (see the module's docstring for why)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.opens_admin_site(request.user)


def register_records(models_of_app: Iterable[type[models.Model]]) -> None:
    """Register each model with columns, filters and search chosen from its fields."""
    for model in models_of_app:
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        shown = [field for field in fields if not isinstance(field, NOT_IN_LISTS)]
        options = {
            "list_display": ["__str__", *[field.name for field in shown[:LIST_COLUMNS]]],
            "list_filter": [field.name for field in shown if field.choices or isinstance(field, models.BooleanField)],
            "search_fields": [
                field.name for field in shown if isinstance(field, models.CharField) and not field.choices
            ][:3],
            "list_select_related": [field.name for field in shown[:LIST_COLUMNS] if field.is_relation],
            "show_full_result_count": False,  # a count of the audit trail's millions of events on every page is slow
        }
        dated = next(
            (field.name for field in shown if isinstance(field, models.DateTimeField | models.DateField)), None
        )
        if dated:
            options["date_hierarchy"] = dated
        admin.site.register(model, type(f"{model.__name__}Admin", (RecordAdmin,), options))
