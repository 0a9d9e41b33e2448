from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """Assessors' competence and impartiality (ISO/IEC 17065 6.1): their qualifications, the schemes they may
    assess, their training, and a dated impartiality declaration for each round."""

    name = "citycert.competence"
    verbose_name = _("Assessor competence")
