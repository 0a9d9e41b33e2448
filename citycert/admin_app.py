"""Django's admin app as citycert installs it: the same app, with citycert's own site as the default one
(`records_admin.RecordsAdminSite`: for superusers, read only). A module of its own because settings name it
before any model can be imported."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class RecordsAdminConfig(AdminConfig):
    default_site = "citycert.records_admin.RecordsAdminSite"
