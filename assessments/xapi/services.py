"""Service interface of the Learning Record Store.

The rest of the platform stores and reads statements and documents through
these functions only, never through the models. The REST views use them too,
so statements built by the platform and statements posted by outside content
follow one path.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .bulk import StatementRow, insert_statement_rows, inserts_in_one_statement
from .comparison import comparable, with_activity_lists
from .keys import agent_key, agent_keys, short_key
from .models import (
    Activity,
    ActivityProfile,
    AgentProfile,
    AttachmentContent,
    StateDocument,
    Statement,
    StatementIndexEntry,
)
from .validation import (
    VERSION_1,
    VERSION_2,
    VOIDED_VERB,
    ValidationError,
    check_timestamp,
    utc_timestamp_text,
    validate_statement,
)

logger = logging.getLogger(__name__)

Kind = StatementIndexEntry.Kind
WRITE_ATTEMPTS = 3
# A statement a new one references: stored already, or in the same batch.
Target = Statement | StatementRow


class StatementConflict(Exception):
    """A statement id is already taken by a statement with other content."""


class DocumentConflict(Exception):
    """A document exists and the request gave no precondition (HTTP 409)."""


class PreconditionFailed(Exception):
    """An If-Match or If-None-Match precondition does not hold (HTTP 412)."""


class DocumentMergeError(Exception):
    """A POSTed document or the stored one is not a JSON object."""


@dataclass
class AttachmentPayload:
    """Raw content of an attachment received in a multipart request."""

    sha2: str
    content_type: str
    content: bytes
    # Whether the part named its Content-Type (else octet-stream is assumed).
    declared_type: bool = True


@dataclass
class StatementQuery:
    """Filters of a statements query, as the xAPI GET parameters define them."""

    agent: dict[str, Any] | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    ascending: bool = False
    authority: dict[str, Any] | None = None
    actor: dict[str, Any] | None = None
    after: tuple[datetime, int] | None = None


@dataclass
class StatementPage:
    """One page of query results and where the next page starts."""

    statements: list[Any]
    next_after: tuple[datetime, int] | None
    consistent_through: datetime
    last_stored: datetime | None
    # Where the page ends, for readers that follow the stream with a cursor.
    last_position: tuple[datetime, int] | None = None


@dataclass
class StoredDocument:
    """A state or profile document with its concurrency metadata."""

    content: bytes
    content_type: str
    etag: str
    updated_at: datetime


@dataclass(frozen=True)
class DocumentScope:
    """The set of documents a request addresses: state or a profile kind."""

    kind: str
    activity_id: str = ""
    agent: dict[str, Any] | None = None
    registration: str = ""


@dataclass
class _Prepared:
    """A statement ready to insert, with its filter values."""

    data: dict[str, Any]
    statement: StatementRow
    entries: set[tuple[int, str]] = field(default_factory=set)
    definitions: list[dict[str, Any]] = field(default_factory=list)
    # An id the LRS generated cannot be stored or referenced yet, which
    # spares the lookups that a client-chosen id needs.
    has_client_id: bool = True


def platform_authority() -> dict[str, Any]:
    """Return the authority of statements the platform stores itself."""
    return {
        "objectType": "Agent",
        "account": {
            "homePage": settings.XAPI_AUTHORITY_HOMEPAGE,
            "name": settings.XAPI_PLATFORM_AUTHORITY_NAME,
        },
    }


def store_statements(
    statements: Iterable[Any],
    *,
    authority: dict[str, Any] | None = None,
    version: str = VERSION_1,
    attachments: Mapping[str, AttachmentPayload] | None = None,
) -> list[str]:
    """Validate and store statements in one transaction; return their ids."""
    statements = [_as_dict(statement) for statement in statements]
    for index, statement in enumerate(statements):
        validate_statement(statement, version, f"statements[{index}]")
    return store_validated_statements(
        statements, authority=authority, version=version, attachments=attachments
    )


def store_validated_statements(
    statements: list[dict[str, Any]],
    *,
    authority: dict[str, Any] | None = None,
    version: str = VERSION_1,
    attachments: Mapping[str, AttachmentPayload] | None = None,
    define: bool = True,
) -> list[str]:
    """Store statements that already passed validation; return their ids.

    With ``define`` false (a client without the define scope) the statements
    are stored, but the activity definitions they carry do not update the
    definitions the LRS serves.
    """
    prepared = _prepare_batch(statements, authority or platform_authority(), version)
    attachments = attachments or {}
    for attempt in range(WRITE_ATTEMPTS):
        try:
            if _is_plain_insert(prepared, attachments, define=define):
                insert_statement_rows(prepared)
                stored = prepared
            else:
                with transaction.atomic():
                    stored = _write(prepared, attachments, define=define)
            break
        except IntegrityError:
            # A concurrent writer stored one of these ids first; the next
            # attempt sees it and compares contents.
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            logger.warning("Retrying a statement batch after an id collision")
    if stored:
        logger.debug("Stored %d statements", len(stored))
        _schedule_forwarding(stored)
    return [item.data["id"] for item in prepared]


def _is_plain_insert(
    prepared: list[_Prepared],
    attachments: Mapping[str, AttachmentPayload],
    *,
    define: bool,
) -> bool:
    """Tell whether storing the batch takes one INSERT and nothing else.

    Statements whose ids the LRS generated cannot exist yet nor be
    referenced; without references, attachments and new definitions, the
    one INSERT is atomic by itself and needs no transaction around it (and
    none of the BEGIN and COMMIT round trips). Inside a caller's
    transaction the usual path keeps its savepoint.
    """
    if not inserts_in_one_statement() or connection.in_atomic_block:
        return False
    if attachments or (define and _unsettled_definitions(prepared)):
        return False
    return not any(
        item.has_client_id or item.statement.object_statement_id for item in prepared
    )


def _as_dict(statement: Any) -> Any:
    """Accept tincan model objects as well as plain dictionaries."""
    if hasattr(statement, "to_json"):
        return json.loads(statement.to_json())
    return statement


def _prepare_batch(
    statements: list[dict[str, Any]], authority: dict[str, Any], version: str
) -> list[_Prepared]:
    """Prepare every statement of a batch and reject duplicate ids in it."""
    stored_at = timezone.now()
    stored_text = stored_at.isoformat(timespec="microseconds").replace("+00:00", "Z")
    prepared = [
        _prepare(statement, authority, stored_at, stored_text, version)
        for statement in statements
    ]
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(prepared):
        if item.statement.statement_id in seen:
            raise ValidationError(
                f"statements[{index}].id", "must be unique within a batch"
            )
        seen.add(item.statement.statement_id)
    return prepared


def _prepare(
    statement: dict[str, Any],
    authority: dict[str, Any],
    stored_at: datetime,
    stored_text: str,
    version: str,
) -> _Prepared:
    """Add the LRS properties and compute the columns of one statement."""
    data = dict(with_activity_lists(statement))
    has_client_id = "id" in data
    data.setdefault("id", str(uuid.uuid4()))
    data["stored"] = stored_text
    data["authority"] = authority
    data.setdefault("version", "2.0.0" if version == VERSION_2 else "1.0.0")
    if "timestamp" in data:
        timestamp_at = check_timestamp(data["timestamp"], VERSION_1, "timestamp")
        data["timestamp"] = utc_timestamp_text(data["timestamp"], timestamp_at)
    else:
        data["timestamp"] = stored_text
        timestamp_at = stored_at
    row = _statement_row(data, stored_at, timestamp_at)
    item = _Prepared(data=data, statement=row, has_client_id=has_client_id)
    _collect_entries(data, item)
    return item


def _statement_row(
    data: dict[str, Any], stored_at: datetime, timestamp_at: datetime
) -> StatementRow:
    """Build the statement row with its indexed columns."""
    statement_object = data["object"]
    object_type = statement_object.get("objectType", "Activity")
    registration = data.get("context", {}).get("registration")
    return StatementRow(
        statement_id=uuid.UUID(data["id"]),
        data=data,
        actor_key=agent_key(data["actor"]),
        verb_key=short_key(data["verb"]["id"]),
        activity_key=short_key(statement_object["id"])
        if object_type == "Activity"
        else "",
        object_statement_id=uuid.UUID(statement_object["id"])
        if object_type == "StatementRef"
        else None,
        registration=uuid.UUID(registration) if registration else None,
        authority_key=agent_key(data["authority"]),
        stored_at=stored_at,
        timestamp_at=timestamp_at,
        is_voiding=data["verb"]["id"] == VOIDED_VERB,
    )


def _collect_entries(
    statement: dict[str, Any], item: _Prepared, *, top: bool = True
) -> None:
    """Collect related agents, related activities and definitions.

    The agent filter looks at the actor and object of the statement itself,
    members of a group among them; a sub-statement's agents are related.
    """
    entries = item.entries
    for key in agent_keys(statement["actor"]):
        entries.add((Kind.RELATED_AGENT, key))
    if top:
        for member in statement["actor"].get("member", ()):
            if key := agent_key(member):
                entries.add((Kind.AGENT, key))
    statement_object = statement["object"]
    object_type = statement_object.get("objectType", "Activity")
    if object_type == "Activity":
        entries.add((Kind.RELATED_ACTIVITY, short_key(statement_object["id"])))
        if "definition" in statement_object:
            item.definitions.append(statement_object)
    elif object_type in ("Agent", "Group"):
        for key in agent_keys(statement_object):
            if top:
                entries.add((Kind.AGENT, key))
            entries.add((Kind.RELATED_AGENT, key))
    elif object_type == "SubStatement":
        _collect_entries(statement_object, item, top=False)
    if "authority" in statement:
        for key in agent_keys(statement["authority"]):
            entries.add((Kind.RELATED_AGENT, key))
    if "context" in statement:
        _collect_context_entries(statement["context"], item)


def _collect_context_entries(context: dict[str, Any], item: _Prepared) -> None:
    """Collect the agents and activities a context relates to."""
    entries = item.entries
    for role in ("instructor", "team"):
        for key in agent_keys(context.get(role)):
            entries.add((Kind.RELATED_AGENT, key))
    for entry in context.get("contextAgents", ()):
        for key in agent_keys(entry["agent"]):
            entries.add((Kind.RELATED_AGENT, key))
    for entry in context.get("contextGroups", ()):
        for key in agent_keys(entry["group"]):
            entries.add((Kind.RELATED_AGENT, key))
    for activities in context.get("contextActivities", {}).values():
        for activity in activities if type(activities) is list else [activities]:
            entries.add((Kind.RELATED_ACTIVITY, short_key(activity["id"])))
            if "definition" in activity:
                item.definitions.append(activity)


def _write(
    prepared: list[_Prepared],
    attachments: Mapping[str, AttachmentPayload],
    *,
    define: bool,
) -> list[_Prepared]:
    """Insert the new statements of a batch; return the ones inserted."""
    fresh = _without_existing(prepared)
    if not fresh:
        return []
    targets = _load_targets(fresh)
    _apply_references(fresh, targets)
    insert_statement_rows(fresh)
    _void_stored_targets(fresh, targets)
    _resolve_late_references(fresh)
    _store_attachments(fresh, attachments)
    if define:
        _merge_definitions(fresh)
    return fresh


def _without_existing(prepared: list[_Prepared]) -> list[_Prepared]:
    """Drop statements already stored identically; raise on a conflict."""
    ids = [item.statement.statement_id for item in prepared if item.has_client_id]
    if not ids:
        return prepared
    existing = dict(
        Statement.objects.filter(statement_id__in=ids).values_list(
            "statement_id", "data"
        )
    )
    if not existing:
        return prepared
    fresh = []
    for item in prepared:
        stored = existing.get(item.statement.statement_id)
        if stored is None:
            fresh.append(item)
        elif comparable(stored) != comparable(item.data):
            raise StatementConflict(str(item.statement.statement_id))
    return fresh


def _load_targets(fresh: list[_Prepared]) -> dict[uuid.UUID, Target]:
    """Load the statements that the batch references, stored or in the batch."""
    target_ids = {
        item.statement.object_statement_id
        for item in fresh
        if item.statement.object_statement_id
    }
    if not target_ids:
        return {}
    in_batch = {item.statement.statement_id: item for item in fresh}
    targets: dict[uuid.UUID, Target] = {}
    stored = Statement.objects.filter(statement_id__in=target_ids).prefetch_related(
        "index_entries"
    )
    for target in stored:
        target.inherited = [(e.kind, e.key) for e in target.index_entries.all()]
        targets[target.statement_id] = target
    for target_id in target_ids & in_batch.keys():
        target = in_batch[target_id].statement
        target.inherited = list(in_batch[target_id].entries)
        targets[target_id] = target
    return targets


def _apply_references(fresh: list[_Prepared], targets: dict[uuid.UUID, Target]) -> None:
    """Check voiding rules and copy filter values from referenced statements."""
    for index, item in enumerate(fresh):
        target = targets.get(item.statement.object_statement_id)
        if target is None:
            continue
        if item.statement.is_voiding and target.is_voiding:
            raise ValidationError(
                f"statements[{index}].object.id",
                "a voiding statement cannot target another voiding statement",
            )
        if item.statement.is_voiding and target.pk is None:
            target.is_voided = True
        item.entries.update(_inherited_entries(target))


def _inherited_entries(target: Statement) -> set[tuple[int, str]]:
    """Return the filter values a referencing statement inherits."""
    entries = set(getattr(target, "inherited", ()))
    if target.actor_key:
        entries.add((Kind.AGENT, target.actor_key))
    entries.add((Kind.VERB, target.verb_key))
    if target.activity_key:
        entries.add((Kind.ACTIVITY, target.activity_key))
    if target.registration:
        entries.add((Kind.REGISTRATION, str(target.registration)))
    return entries


def _void_stored_targets(
    fresh: list[_Prepared], targets: dict[uuid.UUID, Target]
) -> None:
    """Mark already stored targets of new voiding statements as voided."""
    voided = [
        target.pk
        for item in fresh
        if item.statement.is_voiding
        and (target := targets.get(item.statement.object_statement_id)) is not None
        and target.pk is not None
        and not target.is_voiding
    ]
    if voided:
        Statement.objects.filter(pk__in=voided).update(is_voided=True)
        logger.info("Voided %d statements", len(voided))


def _resolve_late_references(fresh: list[_Prepared]) -> None:
    """Apply statements stored earlier that reference a statement just stored."""
    by_id = {item.statement.statement_id: item for item in fresh if item.has_client_id}
    if not by_id:
        return
    new_pks = [item.statement.pk for item in fresh]
    referencing = Statement.objects.filter(object_statement_id__in=list(by_id)).exclude(
        pk__in=new_pks
    )
    entries = []
    for statement in referencing.only("pk", "object_statement_id", "is_voiding"):
        target = by_id[statement.object_statement_id]
        if statement.is_voiding and not target.statement.is_voiding:
            Statement.objects.filter(pk=target.statement.pk).update(is_voided=True)
        entries.extend(
            StatementIndexEntry(statement_id=statement.pk, kind=kind, key=key)
            for kind, key in _inherited_entries(target.statement) | target.entries
        )
    StatementIndexEntry.objects.bulk_create(entries)


def _store_attachments(
    fresh: list[_Prepared], attachments: Mapping[str, AttachmentPayload]
) -> None:
    """Store the raw attachment parts the new statements refer to."""
    if not attachments:
        return
    wanted = {
        attachment["sha2"]
        for item in fresh
        for attachment in item.data.get("attachments", ())
    }
    AttachmentContent.objects.bulk_create(
        [
            AttachmentContent(
                sha2=payload.sha2,
                content_type=payload.content_type,
                content=payload.content,
            )
            for sha2, payload in attachments.items()
            if sha2 in wanted
        ],
        ignore_conflicts=True,
    )


# The definition each activity row was last merged with in this process, so
# repeated statements about an activity skip the merge. Comparing the dicts
# is cheaper than a digest and, like one, ignores the order of keys.
_known_definitions: dict[str, dict[str, Any]] = {}


def _merge_definitions(fresh: list[_Prepared]) -> None:
    """Merge the activity definitions of the batch into the activity table."""
    changed = _changed_definitions(fresh)
    if not changed:
        return
    keys = sorted(changed)
    # Rows are created and then locked in key order, so concurrent batches
    # that define the same activities wait for each other instead of
    # deadlocking.
    Activity.objects.bulk_create(
        [Activity(activity_key=key, activity_id=changed[key][0]) for key in keys],
        ignore_conflicts=True,
    )
    rows = list(
        Activity.objects.select_for_update()
        .filter(activity_key__in=keys)
        .order_by("activity_key")
    )
    now = timezone.now()
    for row in rows:
        row.definition = merge_definition(
            row.definition or {}, changed[row.activity_key][1]
        )
        row.updated_at = now
    Activity.objects.bulk_update(rows, ["definition", "updated_at"])
    merged = {key: changed[key][1] for key in keys}
    transaction.on_commit(lambda: _remember_definitions(merged))


def _changed_definitions(
    fresh: list[_Prepared],
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return activity id and merged definition per key, where new here."""
    changed: dict[str, tuple[str, dict[str, Any]]] = {}
    for item in fresh:
        for activity in item.definitions:
            key = short_key(activity["id"])
            definition = activity["definition"]
            if key in changed:
                merged = merge_definition(changed[key][1], definition)
                changed[key] = (activity["id"], merged)
            elif _known_definitions.get(key) != definition:
                changed[key] = (activity["id"], definition)
    return changed


def _unsettled_definitions(prepared: list[_Prepared]) -> bool:
    """Tell whether the batch's definitions would change the activity table.

    A process that has not yet met an activity reads its stored definition
    once, without a lock: when merging the batch's definition into it
    changes nothing, the process remembers so and the batch needs no
    transaction. Only a definition that adds or changes something takes
    the locked merge.
    """
    changed = _changed_definitions(prepared)
    if not changed:
        return False
    stored = Activity.objects.filter(activity_key__in=changed).values_list(
        "activity_key", "definition"
    )
    settled = {
        key: changed[key][1]
        for key, definition in stored
        if definition and merge_definition(definition, changed[key][1]) == definition
    }
    _remember_definitions(settled)
    return len(settled) < len(changed)


def _remember_definitions(definitions: dict[str, dict[str, Any]]) -> None:
    """Remember merged definitions once their transaction has committed."""
    if len(_known_definitions) > 50_000:
        _known_definitions.clear()
    _known_definitions.update(definitions)


def merge_definition(known: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Merge a definition into the known one, joining the language maps."""
    merged = dict(known)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(known.get(key), dict):
            merged[key] = {**known[key], **value}
        else:
            merged[key] = value
    return merged


def _schedule_forwarding(stored: list[_Prepared]) -> None:
    """Queue forwarding to the external LRS once the transaction commits."""
    if not settings.XAPI_FORWARD_ENDPOINT:
        return
    from .tasks import forward_statements_task

    ids = [item.data["id"] for item in stored]
    # Robust: the statements are committed by then, so a broker that is down
    # (or an in-process run that exhausted its retries) must not turn the
    # client's request into an error.
    transaction.on_commit(lambda: forward_statements_task.delay(ids), robust=True)


def get_statement(
    statement_id: str,
    *,
    voided: bool = False,
    authority: dict[str, Any] | None = None,
    actor: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], datetime] | None:
    """Return a statement and its stored time, or None when not visible."""
    rows = Statement.objects.filter(statement_id=statement_id, is_voided=voided)
    if authority is not None:
        rows = rows.filter(authority_key=agent_key(authority))
    if actor is not None:
        rows = rows.filter(actor_key=agent_key(actor))
    row = rows.values_list("data", "stored_at").first()
    return (row[0], row[1]) if row else None


def count_statements() -> int:
    """Return how many statements a full replay of the stream reads."""
    return Statement.objects.filter(is_voided=False).count()


def query_statements(query: StatementQuery, *, as_text: bool = False) -> StatementPage:
    """Return one page of statements matching the query, newest first by default."""
    consistent_through = timezone.now()
    branches = _filtered([Statement.objects.filter(is_voided=False)], query)
    limit = query.limit or settings.XAPI_PAGE_SIZE
    limit = min(limit, settings.XAPI_MAX_PAGE_SIZE)
    found = _first_rows(
        [_paged(rows, query) for rows in branches], limit + 1, query, as_text
    )
    page, rest = found[:limit], found[limit:]
    return StatementPage(
        statements=[row[2] for row in page],
        next_after=(page[-1][1], page[-1][0]) if rest else None,
        consistent_through=consistent_through,
        last_stored=max((row[1] for row in page), default=None),
        last_position=(page[-1][1], page[-1][0]) if page else None,
    )


def _first_rows(
    branches: list[QuerySet], count: int, query: StatementQuery, as_text: bool
) -> list[tuple[int, datetime, Any]]:
    """Return the first rows in paging order of what the branches match.

    Usually there is one branch. Where a filter has two sides that each have
    many statements (a column and the side table), each side is read as a
    query of its own, in order and limited, and the pages are merged: one
    query with both sides in an OR cannot use either index for the order.
    """
    if len(branches) == 1:
        return _rows(branches[0], count, as_text)
    merged = {row[0]: row for rows in branches for row in _rows(rows, count, as_text)}
    ordered = sorted(
        merged.values(), key=lambda row: (row[1], row[0]), reverse=not query.ascending
    )
    return ordered[:count]


def _rows(rows: QuerySet, count: int, as_text: bool) -> list[tuple[int, datetime, Any]]:
    """Return key, stored time and statement (JSON text or data) of rows."""
    if as_text:
        rows = rows.annotate(text=Cast("data", TextField()))
        return list(rows.values_list("pk", "stored_at", "text")[:count])
    return list(rows.values_list("pk", "stored_at", "data")[:count])


def _filtered(branches: list[QuerySet], query: StatementQuery) -> list[QuerySet]:
    """Apply the agent, verb, activity, registration and access filters."""
    if query.agent is not None:
        key = agent_key(query.agent)
        if query.related_agents:
            branches = _each(branches, pk__in=_entries(Kind.RELATED_AGENT, key))
        else:
            branches = _matching(branches, "actor_key", Kind.AGENT, key)
    if query.verb is not None:
        branches = _matching(branches, "verb_key", Kind.VERB, short_key(query.verb))
    if query.activity is not None:
        key = short_key(query.activity)
        if query.related_activities:
            branches = _each(branches, pk__in=_entries(Kind.RELATED_ACTIVITY, key))
        else:
            branches = _matching(branches, "activity_key", Kind.ACTIVITY, key)
    if query.registration is not None:
        registration = str(uuid.UUID(query.registration))
        branches = _matching(branches, "registration", Kind.REGISTRATION, registration)
    if query.authority is not None:
        branches = _each(branches, authority_key=agent_key(query.authority))
    if query.actor is not None:
        branches = _each(branches, actor_key=agent_key(query.actor))
    return branches


def _each(branches: list[QuerySet], *args: Any, **kwargs: Any) -> list[QuerySet]:
    """Apply one filter to every branch."""
    return [rows.filter(*args, **kwargs) for rows in branches]


def _entries(kind: int, key: str) -> QuerySet:
    """Return the statement ids with an index entry of this kind and key."""
    return StatementIndexEntry.objects.filter(kind=kind, key=key).values("statement_id")


INLINE_IDS = 500


def _matching(
    branches: list[QuerySet], column: str, kind: int, key: str
) -> list[QuerySet]:
    """Filter on a column, or on the side table where statements inherit it."""
    alternatives = _entries(kind, key)
    # The side table rarely holds such entries; reading them first keeps the
    # common query a plain index scan on the statement table. A short list
    # of ids goes in as values: with a subquery in the OR, PostgreSQL scans
    # every statement in stored order instead of using both indexes. A long
    # list makes two branches, each read with its own index.
    ids = list(alternatives.values_list("statement_id", flat=True)[: INLINE_IDS + 1])
    if not ids:
        return _each(branches, **{column: key})
    if len(ids) > INLINE_IDS:
        return _each(branches, **{column: key}) + _each(branches, pk__in=alternatives)
    return _each(branches, Q(**{column: key}) | Q(pk__in=ids))


def _paged(rows: QuerySet, query: StatementQuery) -> QuerySet:
    """Apply since, until, ordering and the keyset cursor."""
    if query.since is not None:
        rows = rows.filter(stored_at__gt=query.since)
    if query.until is not None:
        rows = rows.filter(stored_at__lte=query.until)
    if query.after is not None:
        # The plain bound on stored_at is implied by the OR beside it, but
        # only a plain bound lets the index scan start at the cursor; with
        # the OR alone the database reads every statement before it.
        stored_at, pk = query.after
        if query.ascending:
            rows = rows.filter(stored_at__gte=stored_at).filter(
                Q(stored_at__gt=stored_at) | Q(stored_at=stored_at, pk__gt=pk)
            )
        else:
            rows = rows.filter(stored_at__lte=stored_at).filter(
                Q(stored_at__lt=stored_at) | Q(stored_at=stored_at, pk__lt=pk)
            )
    if query.ascending:
        return rows.order_by("stored_at", "pk")
    return rows.order_by("-stored_at", "-pk")


def get_attachments(sha2s: Iterable[str]) -> list[AttachmentPayload]:
    """Return the stored attachment contents for these SHA-2 digests."""
    rows = AttachmentContent.objects.filter(sha2__in=set(sha2s))
    return [
        AttachmentPayload(row.sha2, row.content_type, bytes(row.content))
        for row in rows
    ]


def get_activity(activity_id: str) -> dict[str, Any]:
    """Return the Activity with the best definition known for it."""
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    row = Activity.objects.filter(activity_key=short_key(activity_id)).first()
    if row is not None and row.definition:
        activity["definition"] = row.definition
    return activity


def activity_definitions(activity_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return the canonical definition the LRS holds per activity id."""
    keys = {short_key(activity_id): activity_id for activity_id in activity_ids}
    rows = Activity.objects.filter(activity_key__in=keys).values_list(
        "activity_key", "activity_id", "definition"
    )
    return {
        activity_id: definition
        for key, activity_id, definition in rows
        if definition and keys[key] == activity_id
    }


def get_person(agent: dict[str, Any]) -> dict[str, Any]:
    """Return the Person object the LRS knows for an agent."""
    person: dict[str, Any] = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return person


def _document_rows(scope: DocumentScope) -> QuerySet:
    """Return the queryset of all documents in a scope."""
    if scope.kind == "state":
        return StateDocument.objects.filter(
            activity_key=short_key(scope.activity_id),
            agent_key=agent_key(scope.agent or {}),
            registration=scope.registration,
        )
    if scope.kind == "activity_profile":
        return ActivityProfile.objects.filter(activity_key=short_key(scope.activity_id))
    return AgentProfile.objects.filter(agent_key=agent_key(scope.agent or {}))


def _id_fields(scope: DocumentScope) -> tuple[str, str]:
    """Return the key and id field names of a scope's documents."""
    if scope.kind == "state":
        return "state_key", "state_id"
    return "profile_key", "profile_id"


def _stored(row: Any) -> StoredDocument:
    """Turn a document row into a StoredDocument."""
    content = bytes(row.content)
    return StoredDocument(content, row.content_type, row.etag, row.updated_at)


def get_document(scope: DocumentScope, document_id: str) -> StoredDocument | None:
    """Return one document, or None when it does not exist."""
    key_field, _ = _id_fields(scope)
    row = _document_rows(scope).filter(**{key_field: short_key(document_id)}).first()
    return _stored(row) if row else None


@dataclass
class DocumentIds:
    """The ids of the documents in a scope and when the newest one changed."""

    ids: list[str]
    last_modified: datetime | None


def list_document_ids(
    scope: DocumentScope, since: datetime | None = None
) -> DocumentIds:
    """Return the ids of the documents in a scope, optionally changed since."""
    _, id_field = _id_fields(scope)
    rows = _document_rows(scope)
    if since is not None:
        rows = rows.filter(updated_at__gt=since)
    listed = list(rows.order_by(id_field).values_list(id_field, "updated_at"))
    return DocumentIds(
        ids=[document_id for document_id, _ in listed],
        last_modified=max((updated for _, updated in listed), default=None),
    )


def save_document(
    scope: DocumentScope,
    document_id: str,
    content: bytes,
    content_type: str,
    *,
    merge: bool = False,
    if_match: list[str] | None = None,
    if_none_match: list[str] | None = None,
    require_precondition: bool = False,
) -> StoredDocument:
    """Create, replace or (with merge) JSON-merge a document; return it."""
    key_field, id_field = _id_fields(scope)
    with transaction.atomic():
        rows = _document_rows(scope).select_for_update()
        row = rows.filter(**{key_field: short_key(document_id)}).first()
        _check_preconditions(row, if_match, if_none_match)
        if row is not None and require_precondition and not (if_match or if_none_match):
            raise DocumentConflict(document_id)
        if merge and row is not None:
            content, content_type = _merged(row, content, content_type)
        if row is None:
            row = _new_document(scope, key_field, id_field, document_id)
        row.content = content
        row.content_type = content_type
        row.etag = '"' + hashlib.sha1(content).hexdigest() + '"'
        row.updated_at = timezone.now()
        row.save()
    logger.info("Saved a %s document", scope.kind)
    return _stored(row)


def _new_document(
    scope: DocumentScope, key_field: str, id_field: str, document_id: str
) -> Any:
    """Build an unsaved document row for a scope."""
    ids = {key_field: short_key(document_id), id_field: document_id}
    if scope.kind == "state":
        return StateDocument(
            activity_key=short_key(scope.activity_id),
            agent_key=agent_key(scope.agent or {}),
            registration=scope.registration,
            **ids,
        )
    if scope.kind == "activity_profile":
        return ActivityProfile(activity_key=short_key(scope.activity_id), **ids)
    return AgentProfile(agent_key=agent_key(scope.agent or {}), **ids)


def _merged(row: Any, content: bytes, content_type: str) -> tuple[bytes, str]:
    """Merge posted JSON into a stored JSON document, top-level keys only."""
    stored = _json_object(bytes(row.content), row.content_type)
    posted = _json_object(content, content_type)
    if stored is None or posted is None:
        raise DocumentMergeError("both documents must be JSON objects")
    merged = {**stored, **posted}
    return json.dumps(merged).encode(), "application/json"


def _json_object(content: bytes, content_type: str) -> dict[str, Any] | None:
    """Parse a document as a JSON object, or return None."""
    if not content_type.split(";")[0].strip().lower() == "application/json":
        return None
    try:
        value = json.loads(content)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def json_object_or_none(content: bytes, content_type: str) -> dict[str, Any] | None:
    """Return the content as a JSON object when it is one, else None."""
    return _json_object(content, content_type)


def _check_preconditions(
    row: Any, if_match: list[str] | None, if_none_match: list[str] | None
) -> None:
    """Apply If-Match and If-None-Match as RFC 7232 describes."""
    if if_match is not None:
        if row is None or ("*" not in if_match and row.etag not in if_match):
            raise PreconditionFailed("If-Match")
    if if_none_match is not None and row is not None:
        if "*" in if_none_match or row.etag in if_none_match:
            raise PreconditionFailed("If-None-Match")


def delete_documents(
    scope: DocumentScope,
    document_id: str | None = None,
    *,
    if_match: list[str] | None = None,
    if_none_match: list[str] | None = None,
) -> None:
    """Delete one document, or every document in a state scope."""
    key_field, _ = _id_fields(scope)
    with transaction.atomic():
        rows = _document_rows(scope).select_for_update()
        if document_id is not None:
            rows = rows.filter(**{key_field: short_key(document_id)})
            _check_preconditions(rows.first(), if_match, if_none_match)
        deleted, _ = rows.delete()
    logger.info("Deleted %d %s documents", deleted, scope.kind)
