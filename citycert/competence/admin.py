"""The competence app's records in the admin site, read only (see citycert.records_admin)."""

from django.apps import apps

from citycert.records_admin import register_records

register_records(apps.get_app_config("competence").get_models())
