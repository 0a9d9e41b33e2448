"""What the certifying body knows of an assessor's competence and impartiality (ISO/IEC 17065 6.1): each
qualification with the schemes it covers, when it holds and the training behind it, recorded by the certifying
body; and each assessor's own dated declaration of impartiality for a round.

The round is named by its label ("certification.Round"): the certification workflow asks this app whether an
assessor may sit on a panel, so this app imports nothing of certification."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Qualification(models.Model):
    """One qualification of an assessor: what it is, the schemes (framework ids) it lets them assess, from when
    and until when, and the training it rests on."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qualifications", verbose_name=_("assessor")
    )
    title = models.CharField(_("qualification"), max_length=300)
    # Framework ids ("bsi-iso37106", "kr-smartcity"): a qualification covers every edition of a scheme.
    schemes = models.JSONField(_("schemes"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    training = models.CharField(_("training"), max_length=300, blank=True)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["assessor_id", "-valid_from", "pk"]

    def __str__(self) -> str:
        return f"{self.assessor} · {self.title}"

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def covers(self, framework_id: str, day: date) -> bool:
        return framework_id in self.schemes and self.holds_on(day)


class ImpartialityDeclaration(models.Model):
    """An assessor's own declaration, for one round, that nothing keeps them from judging its cities impartially,
    or which interests they have; made once per round, dated."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="impartiality_declarations",
        verbose_name=_("assessor"),
    )
    round = models.ForeignKey(
        "certification.Round",
        on_delete=models.PROTECT,
        related_name="impartiality_declarations",
        verbose_name=_("round"),
    )
    declared_at = models.DateTimeField(_("declared at"))
    # The statement as the assessor affirmed it, in Korean and English.
    statement = models.TextField(_("statement"))
    # The interests the assessor lists; empty: none.
    interests = models.TextField(_("interests"), blank=True)

    class Meta:
        verbose_name = _("impartiality declaration")
        verbose_name_plural = _("impartiality declarations")
        ordering = ["round_id", "declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessor", "round"], name="one_impartiality_declaration_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.assessor} · {self.round_id}"
