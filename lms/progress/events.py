"""Statements read as learning events: the few fields projections need."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from assessments.statements import (
    ADL_VERB,
    attempt_extension_key,
    competence_levels_extension_key,
)

from .accounts import platform_account_name

VOIDED = ADL_VERB + "voided"
EXPERIENCED = ADL_VERB + "experienced"
COMPLETED = ADL_VERB + "completed"
PASSED = ADL_VERB + "passed"
FAILED = ADL_VERB + "failed"


@dataclass(frozen=True)
class Event:
    """One statement about an activity, by one of the platform's accounts."""

    statement_id: str
    account: str
    iri: str
    verb: str
    at: datetime
    registration: str | None
    score: float | None
    success: bool | None
    completion: bool | None
    attempt: int
    levels: dict
    name: str

    @property
    def key(self) -> str:
        """Return a sortable key that orders events in time, ties by id."""
        # Outside content stamps local time; only UTC texts sort in time.
        return f"{self.at.astimezone(UTC).isoformat()}|{self.statement_id}"

    @property
    def is_completion(self) -> bool:
        return self.verb == COMPLETED or self.completion is True

    @property
    def is_pass(self) -> bool:
        return self.verb == PASSED or (self.verb == COMPLETED and self.success is True)

    @property
    def is_fail(self) -> bool:
        return self.verb == FAILED or (self.verb == COMPLETED and self.success is False)


def voided_target(statement: dict) -> str | None:
    """Return the id of the statement a voiding statement voids, if it is one."""
    if statement["verb"]["id"] != VOIDED:
        return None
    return statement["object"]["id"]


def read_event(statement: dict) -> Event | None:
    """Return the learning event in a statement, or None when it holds none."""
    target = statement["object"]
    if target.get("objectType", "Activity") != "Activity":
        return None
    account = platform_account_name(statement["actor"])
    if account is None:
        return None
    result = statement.get("result") or {}
    context = statement.get("context") or {}
    return Event(
        statement_id=statement["id"],
        account=account,
        iri=target["id"],
        verb=statement["verb"]["id"],
        at=statement_time(statement),
        registration=context.get("registration"),
        score=(result.get("score") or {}).get("scaled"),
        success=result.get("success"),
        completion=result.get("completion"),
        attempt=_attempt(context),
        levels=(result.get("extensions") or {}).get(
            competence_levels_extension_key(), {}
        ),
        name=activity_name(target),
    )


def statement_time(statement: dict) -> datetime:
    """Return when the statement says it happened, or when it was stored."""
    return datetime.fromisoformat(statement.get("timestamp") or statement["stored"])


def _attempt(context: dict) -> int:
    value = (context.get("extensions") or {}).get(attempt_extension_key(), 0)
    return value if isinstance(value, int) else 0


def activity_name(target: dict) -> str:
    """Return the activity's name, in Dutch where it has one."""
    names = (target.get("definition") or {}).get("name") or {}
    for language in ("nl-NL", "nl", "en-US", "en"):
        if language in names:
            return names[language][:255]
    return next(iter(names.values()), "")[:255]


def registration_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None
