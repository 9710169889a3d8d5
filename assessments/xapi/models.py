"""Storage of the Learning Record Store.

Statements are kept once, as stored, in a JSON column; every value a query
filters on is copied into an indexed column or into the index entry side
table, so no query ever has to look inside the JSON. The rest of the platform
reaches these models only through ``assessments.xapi.services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """One xAPI statement as stored, with its filter values as columns."""

    statement_id = models.UUIDField(_("statement id"), unique=True)
    data = models.JSONField(_("statement"))
    actor_key = models.CharField(_("actor key"), max_length=255, blank=True)
    verb_key = models.CharField(_("verb key"), max_length=255)
    activity_key = models.CharField(_("object activity key"), max_length=255)
    object_statement_id = models.UUIDField(
        _("referenced statement id"), null=True, blank=True
    )
    registration = models.UUIDField(_("registration"), null=True, blank=True)
    authority_key = models.CharField(_("authority key"), max_length=255)
    stored_at = models.DateTimeField(_("stored"))
    timestamp_at = models.DateTimeField(_("timestamp"))
    is_voided = models.BooleanField(_("is voided"), default=False)
    is_voiding = models.BooleanField(_("is voiding"), default=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(
                fields=["actor_key", "verb_key", "stored_at"],
                name="xapi_stmt_actor_verb",
            ),
            models.Index(fields=["verb_key", "stored_at"], name="xapi_stmt_verb"),
            models.Index(
                fields=["activity_key", "stored_at"], name="xapi_stmt_activity"
            ),
            models.Index(
                fields=["registration", "stored_at"], name="xapi_stmt_registration"
            ),
            models.Index(
                fields=["authority_key", "stored_at"], name="xapi_stmt_authority"
            ),
            models.Index(fields=["stored_at", "id"], name="xapi_stmt_stored_id"),
            # Few statements reference another; leaving the rest out of the
            # index spares every other insert a write to it.
            models.Index(
                fields=["object_statement_id"],
                name="xapi_stmt_reference",
                condition=models.Q(object_statement_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementIndexEntry(models.Model):
    """A further value a statement matches a filter on.

    Holds the related agents and activities of a statement, agents in the
    object position, and the values a statement inherits from the statement
    it references, so that those lookups are index scans too.
    """

    class Kind(models.IntegerChoices):
        AGENT = 1, _("agent")
        VERB = 2, _("verb")
        ACTIVITY = 3, _("activity")
        REGISTRATION = 4, _("registration")
        RELATED_AGENT = 5, _("related agent")
        RELATED_ACTIVITY = 6, _("related activity")

    # Entries are written only with the statement they belong to or after
    # it, by the LRS itself, with the key its INSERT returned, and statements
    # are never deleted but through Django, which deletes their entries too.
    # Without a database constraint PostgreSQL skips the per-row check that
    # would cost every stored statement a lookup.
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="index_entries",
        verbose_name=_("statement"),
        db_constraint=False,
    )
    kind = models.PositiveSmallIntegerField(_("kind"), choices=Kind.choices)
    key = models.CharField(_("key"), max_length=255)

    class Meta:
        verbose_name = _("statement index entry")
        verbose_name_plural = _("statement index entries")
        indexes = [
            models.Index(fields=["kind", "key", "statement"], name="xapi_entry_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


class AttachmentContent(models.Model):
    """The raw content of a statement attachment, stored once per SHA-2."""

    sha2 = models.CharField(_("SHA-2"), max_length=128, unique=True)
    content_type = models.CharField(_("content type"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment content")
        verbose_name_plural = _("attachment contents")

    def __str__(self) -> str:
        return self.sha2


class Activity(models.Model):
    """The best-known definition of an activity, merged from statements."""

    activity_key = models.CharField(_("activity key"), max_length=255, unique=True)
    activity_id = models.TextField(_("activity id"))
    definition = models.JSONField(_("definition"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.activity_id


class Document(models.Model):
    """Fields shared by the state and profile documents."""

    content = models.BinaryField(_("content"))
    content_type = models.CharField(_("content type"), max_length=255)
    etag = models.CharField(_("ETag"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        abstract = True


class StateDocument(Document):
    """A state document of one agent in one activity, maybe per registration."""

    activity_key = models.CharField(_("activity key"), max_length=255)
    agent_key = models.CharField(_("agent key"), max_length=255)
    registration = models.CharField(_("registration"), max_length=36, blank=True)
    state_key = models.CharField(_("state key"), max_length=255)
    state_id = models.TextField(_("state id"))

    class Meta:
        verbose_name = _("state document")
        verbose_name_plural = _("state documents")
        constraints = [
            models.UniqueConstraint(
                fields=["activity_key", "agent_key", "registration", "state_key"],
                name="xapi_state_unique",
            )
        ]

    def __str__(self) -> str:
        return self.state_id


class ActivityProfile(Document):
    """A profile document about an activity."""

    activity_key = models.CharField(_("activity key"), max_length=255)
    profile_key = models.CharField(_("profile key"), max_length=255)
    profile_id = models.TextField(_("profile id"))

    class Meta:
        verbose_name = _("activity profile")
        verbose_name_plural = _("activity profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["activity_key", "profile_key"],
                name="xapi_activity_profile_unique",
            )
        ]

    def __str__(self) -> str:
        return self.profile_id


class AgentProfile(Document):
    """A profile document about an agent."""

    agent_key = models.CharField(_("agent key"), max_length=255)
    profile_key = models.CharField(_("profile key"), max_length=255)
    profile_id = models.TextField(_("profile id"))

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["agent_key", "profile_key"], name="xapi_agent_profile_unique"
            )
        ]

    def __str__(self) -> str:
        return self.profile_id


class LRSClient(models.Model):
    """A client that authenticates with HTTP Basic and holds xAPI scopes."""

    class Scope(models.TextChoices):
        STATEMENTS_WRITE = "statements/write", "statements/write"
        STATEMENTS_READ = "statements/read", "statements/read"
        STATEMENTS_READ_MINE = "statements/read/mine", "statements/read/mine"
        STATE = "state", "state"
        DEFINE = "define", "define"
        PROFILE = "profile", "profile"
        ALL_READ = "all/read", "all/read"
        ALL = "all", "all"

    name = models.CharField(_("name"), max_length=100, unique=True)
    key = models.CharField(_("key"), max_length=100, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=255)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("is active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")

    def __str__(self) -> str:
        return self.name

    def authority(self) -> dict[str, Any]:
        """Return the Agent that stands as authority for this client's writes."""
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {
                "homePage": settings.XAPI_AUTHORITY_HOMEPAGE,
                "name": self.name,
            },
        }
