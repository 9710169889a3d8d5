"""The xAPI statement that records an issued certificate.

The statement is built here, in one function, and stored through the LRS
service interface. ``Certificate.statement_stored_at`` records that it was
stored, so later calls (a projection rebuild) store nothing. Its id is derived
from the certificate as well, so even a re-send after a crash between the two
writes is an identical statement that the LRS ignores.

A certificate issued while no actor resolver is configured has no statement
yet; the next ``ensure_earned_statement`` call for it catches up.
"""

import logging
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    Context,
    ContextActivities,
    LanguageMap,
    Statement,
    Verb,
)

from assessments.xapi.services import store_statements
from curriculum.iris import activity_iri

from ..models import Certificate

logger = logging.getLogger(__name__)

EARNED_VERB = "http://id.tincanapi.com/verb/earned"
CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/badge"
STATEMENT_NAMESPACE = uuid.UUID("0b6a3d1e-6f2c-4d0a-9a43-7c1e2f5d8b10")


def holder_actor(certificate: Certificate) -> dict | None:
    """Return the holder's xAPI agent, or None while no resolver is set."""
    resolver_path = getattr(settings, "XAPI_SESSION_ACTOR_RESOLVER", "")
    if not resolver_path:
        return None
    return import_string(resolver_path)(certificate.holder)


def earned_statement_id(certificate: Certificate) -> str:
    """Return the fixed id of the ``earned`` statement of ``certificate``."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, str(certificate.uuid)))


def earned_statement(certificate: Certificate, actor: dict) -> Statement:
    """Build the ``earned`` statement for ``certificate`` by ``actor``."""
    kind = certificate.achievement_kind
    code = certificate.achievement_iri.rstrip("/").rsplit("/", 1)[-1]
    return Statement(
        id=earned_statement_id(certificate),
        actor=Agent(**_agent_arguments(actor)),
        verb=Verb(
            id=EARNED_VERB,
            display=LanguageMap({"nl-NL": "heeft behaald", "en-US": "earned"}),
        ),
        object=Activity(
            id=activity_iri("certificate", kind, code),
            definition=ActivityDefinition(
                type=CERTIFICATE_TYPE,
                name=LanguageMap({"nl-NL": certificate.achievement_title}),
            ),
        ),
        context=Context(
            context_activities=ContextActivities(
                parent=[Activity(id=certificate.achievement_iri)]
            ),
            extensions={
                activity_iri("extension", "certificate"): str(certificate.uuid)
            },
        ),
        timestamp=certificate.issued_at.isoformat(),
    )


def _agent_arguments(actor: dict) -> dict:
    account = actor.get("account")
    if account:
        return {"account": {"home_page": account["homePage"], "name": account["name"]}}
    return {"mbox": actor["mbox"]}


def ensure_earned_statement(certificate: Certificate) -> str | None:
    """Store the ``earned`` statement once; return its id, or None for now."""
    statement_id = earned_statement_id(certificate)
    if certificate.statement_stored_at is not None:
        return statement_id
    actor = holder_actor(certificate)
    if actor is None:
        logger.warning(
            "No xAPI actor for certificate %s; its statement waits", certificate.pk
        )
        return None
    store_statements([earned_statement(certificate, actor)])
    certificate.statement_stored_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        statement_stored_at=certificate.statement_stored_at
    )
    logger.info("Stored the earned statement of certificate %s", certificate.pk)
    return statement_id
