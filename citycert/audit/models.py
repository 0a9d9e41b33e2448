"""The audit log: every change of state as an event, each chained to the one before by its hash."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.audit.chain import CHAIN_VERSION, GENESIS, event_hash

__all__ = ["CHAIN_VERSION", "GENESIS", "HEAD_ID", "AuditChainHead", "AuditCheckpoint", "AuditEvent"]

# The chain head is a single row with this id.
HEAD_ID = 1


class AuditEvent(models.Model):
    """One change of state: who, when, what, before and after. Never updated or deleted."""

    # The chain format this event was hashed in (citycert.audit.chain): older events keep theirs.
    chain_version = models.PositiveSmallIntegerField(_("chain format"), default=CHAIN_VERSION)
    at = models.DateTimeField(_("at"))
    # The account id stays as written even if the account is removed (no constraint, nothing set to null):
    # it is part of the event's hash.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The name is kept beside the link so the log still says who acted after an account is removed.
    actor_name = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        # An object's events, newest first, without reading the whole log (an assessment's history page).
        indexes = [models.Index(fields=["object_type", "object_id", "-id"], name="audit_events_of_an_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("audit events are never deleted")

    def compute_hash(self) -> str:
        """The hash of this event's content and of the event before it, in the event's chain format."""
        return event_hash(
            self.chain_version,
            self.previous_hash,
            at=self.at,
            actor_id=self.actor_id,
            actor_name=self.actor_name,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            before=self.before,
            after=self.after,
        )


class AuditChainHead(models.Model):
    """Where the chain ended when `record()` last wrote to it: the last event, its hash and how many there are.

    The chain alone shows an edited event or a deleted one in the middle, but cutting events off the end leaves
    a shorter chain that still holds. `verify()` compares the chain's end with this row to see that. There is
    only ever one row (id 1); `record()` locks it so that two writers append one after the other.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID, editable=False)
    # Not a foreign key: the head must outlive the event it names, or deleting that event would go unnoticed.
    last_event_id = models.BigIntegerField(_("last event"), null=True, blank=True)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS)
    event_count = models.BigIntegerField(_("number of events"), default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"{self.event_count} events, last #{self.last_event_id}"


class AuditCheckpoint(models.Model):
    """Where the chain stood at a moment, signed with the body's certificate signing key and published.

    `signed` is the statement exactly as signed (citycert.audit.checkpoints): whoever keeps a copy can later
    show that the log was rewritten, even by someone who can write the database, since nobody can sign a new
    statement without the key. The other fields repeat the statement for listing; verification reads only
    the signed text. Never updated or deleted.
    """

    number = models.PositiveIntegerField(_("checkpoint"), unique=True)
    made_at = models.DateTimeField(_("made at"))
    event_count = models.BigIntegerField(_("number of events"))
    last_event_id = models.BigIntegerField(_("last event"), null=True, blank=True)
    head_hash = models.CharField(_("hash of the last event"), max_length=64)
    signed = models.TextField(_("signed statement"))

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"checkpoint {self.number}: {self.event_count} events, last #{self.last_event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit checkpoints are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("audit checkpoints are never deleted")
