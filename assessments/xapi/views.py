"""The xAPI REST resources under /xapi/, as plain Django views."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from . import fastjson, services
from .attachments import (
    attachment_payloads,
    check_attachments,
    media_type,
    multipart_body,
    parse_multipart,
)
from .auth import (
    DEFINE_SCOPES,
    PROFILE_SCOPES,
    READ_SCOPES,
    STATE_SCOPES,
    WRITE_SCOPES,
    Credentials,
    Scope,
    authenticate_basic,
    authenticate_session,
)
from .formats import (
    accepted_languages,
    activity_ids,
    canonical_statement,
    ids_statement,
    with_definitions,
)
from .keys import agent_key
from .validation import (
    SUPPORTED_VERSIONS,
    VERSION_1,
    VERSION_2,
    ValidationError,
    check_actor,
    check_iri,
    check_timestamp,
    check_uuid,
    parse_request_version,
    validate_statements,
)

logger = logging.getLogger(__name__)

VERSION_HEADER = "X-Experience-API-Version"
CONSISTENT_HEADER = "X-Experience-API-Consistent-Through"
ALTERNATE_HEADERS = {
    "authorization": "authorization",
    "x-experience-api-version": "version",
    "content-type": "content-type",
    "content-length": "content-length",
    "if-match": "if-match",
    "if-none-match": "if-none-match",
    "accept-language": "accept-language",
}
CORS_ALLOW_HEADERS = (
    "Authorization, Content-Type, If-Match, If-None-Match, Accept-Language, "
    "X-Experience-API-Version, X-Experience-API-Consistent-Through"
)
CORS_EXPOSE_HEADERS = (
    "ETag, Last-Modified, Content-Type, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through"
)
STATEMENT_QUERY_PARAMS = frozenset(
    {
        "statementId",
        "voidedStatementId",
        "agent",
        "verb",
        "activity",
        "registration",
        "related_activities",
        "related_agents",
        "since",
        "until",
        "limit",
        "format",
        "attachments",
        "ascending",
    }
)
SINGLE_STATEMENT_PARAMS = frozenset(
    {"statementId", "voidedStatementId", "format", "attachments"}
)
MORE_SALT = "assessments.xapi.more"


class XapiError(Exception):
    """An error the LRS answers with a status code and a JSON message."""

    def __init__(self, status: int, property_path: str, rule: str) -> None:
        super().__init__(f"{property_path}: {rule}")
        self.status = status
        self.property_path = property_path
        self.rule = rule

    def response(self) -> HttpResponse:
        """Return the error as a JSON response."""
        body = {
            "error": {
                "status": self.status,
                "message": f"{self.property_path}: {self.rule}",
                "property": self.property_path,
                "rule": self.rule,
            }
        }
        response = _json_response(body, status=self.status)
        if self.status == 401:
            response["WWW-Authenticate"] = 'Basic realm="xAPI"'
        return response


@dataclass
class Call:
    """One xAPI request, with the alternate request syntax already unpacked."""

    request: HttpRequest
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    version: str | None
    credentials: Credentials | None = None

    @property
    def content_type(self) -> str:
        """Return the media type of the body without parameters."""
        return media_type(self.headers.get("content-type", ""))


def _json_response(value: Any, status: int = 200) -> HttpResponse:
    """Return a JSON response without escaping non-ASCII text."""
    return HttpResponse(
        json.dumps(value, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def lrs_resource(
    methods: tuple[str, ...], *, public: bool = False, statements: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a resource handler with version, auth, CORS and error handling.

    Every response of the statements resource, errors included, says up to
    when its statements are complete; a query sets the moment it read at,
    the others the moment the request arrived.
    """

    def decorate(handler: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                return _with_cors(request, _preflight(methods), VERSION_2)
            version = VERSION_2
            arrived = timezone.now()
            try:
                call = _read_call(request, public)
                version = call.version or VERSION_2
                if call.method not in methods:
                    raise XapiError(405, "method", f"{call.method} is not allowed here")
                if not public:
                    call.credentials = _authenticate(call)
                response = handler(call, *args, **kwargs)
            except XapiError as error:
                response = error.response()
            except ValidationError as error:
                response = XapiError(400, error.property_path, error.rule).response()
            if statements and CONSISTENT_HEADER not in response:
                response[CONSISTENT_HEADER] = _timestamp_header(arrived)
            if request.method == "HEAD":
                response.content = b""
            return _with_cors(request, response, version)

        return view

    return decorate


def _with_cors(
    request: HttpRequest, response: HttpResponse, version: str
) -> HttpResponse:
    """Add the version header and, for allowed origins, the CORS headers."""
    response[VERSION_HEADER] = version
    origin = request.META.get("HTTP_ORIGIN")
    allowed = settings.XAPI_CORS_ALLOWED_ORIGINS
    if origin and ("*" in allowed or origin in allowed):
        response["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
        response["Vary"] = "Origin"
    return response


def _preflight(methods: tuple[str, ...]) -> HttpResponse:
    """Answer a CORS preflight request."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ", ".join((*methods, "OPTIONS"))
    response["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def _read_call(request: HttpRequest, public: bool) -> Call:
    """Read method, parameters, headers and body, honouring alternate syntax."""
    body = _read_body(request)
    meta = request.META
    headers = {
        "authorization": meta.get("HTTP_AUTHORIZATION", ""),
        "version": meta.get("HTTP_X_EXPERIENCE_API_VERSION", ""),
        "content-type": meta.get("CONTENT_TYPE", ""),
        "if-match": meta.get("HTTP_IF_MATCH"),
        "if-none-match": meta.get("HTTP_IF_NONE_MATCH"),
        "accept-language": meta.get("HTTP_ACCEPT_LANGUAGE", ""),
    }
    if request.method == "POST" and "method" in request.GET:
        call = _alternate_call(request, headers, body)
    else:
        method = "GET" if request.method == "HEAD" else request.method
        params = {key: request.GET[key] for key in request.GET}
        call = Call(request, method, params, headers, body, None)
    call.version = _version(call.headers.get("version"), public)
    if call.version == VERSION_2 and "method" in request.GET:
        raise XapiError(400, "method", "alternate request syntax is not in xAPI 2.0")
    return call


def _read_body(request: HttpRequest) -> bytes:
    """Read the request body up to the configured limit."""
    limit = settings.XAPI_MAX_REQUEST_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise XapiError(400, "Content-Length", "must be a number") from None
    if declared > limit:
        raise XapiError(413, "body", "the request is larger than this LRS accepts")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise XapiError(413, "body", "the request is larger than this LRS accepts")
    return body


def _version(value: str | None, public: bool) -> str | None:
    """Check the X-Experience-API-Version header.

    The about resource is how a client finds out which versions to send, so
    it answers whatever version header comes with the request.
    """
    if not value:
        if public:
            return None
        raise XapiError(400, VERSION_HEADER, "the header is required")
    version = parse_request_version(value)
    if version is None and public:
        return None
    if version is None:
        supported = ", ".join(SUPPORTED_VERSIONS)
        raise XapiError(400, VERSION_HEADER, f"must be one of {supported}")
    return version


def _alternate_call(
    request: HttpRequest, real_headers: dict[str, Any], body: bytes
) -> Call:
    """Unpack the 1.0.3 alternate request syntax (method in the query string).

    A client may move headers into the form; those it leaves as real HTTP
    headers still count. The form's own Content-Type describes the request,
    not the content, so the content's type comes from the form or not at all.
    """
    if len(request.GET) != 1:
        raise XapiError(400, "method", "no other query parameter is allowed with it")
    method = request.GET["method"].upper()
    if method not in ("GET", "PUT", "POST", "DELETE"):
        raise XapiError(400, "method", "must be GET, PUT, POST or DELETE")
    if media_type(request.META.get("CONTENT_TYPE", "")) != (
        "application/x-www-form-urlencoded"
    ):
        raise XapiError(
            400, "Content-Type", "must be application/x-www-form-urlencoded"
        )
    try:
        form = parse_qs(body.decode(), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise XapiError(400, "body", "must be UTF-8 form data") from None
    fields = {name: values[-1] for name, values in form.items()}
    headers: dict[str, Any] = {**real_headers, "content-type": ""}
    params = {}
    for name, value in fields.items():
        header = ALTERNATE_HEADERS.get(name.lower())
        if header is not None:
            headers[header] = value
        elif name != "content":
            params[name] = value
    content = fields.get("content", "").encode()
    return Call(request, method, params, headers, content, None)


def _authenticate(call: Call) -> Credentials:
    """Authenticate with HTTP Basic, or with the Django session."""
    header = call.headers.get("authorization")
    if header:
        credentials = authenticate_basic(header)
        if credentials is None:
            raise XapiError(401, "Authorization", "the credentials are not valid")
        return credentials
    credentials = authenticate_session(getattr(call.request, "user", None))
    if credentials is None:
        raise XapiError(401, "Authorization", "credentials are required")
    if call.method not in ("GET", "HEAD") and _csrf_rejected(call.request):
        raise XapiError(403, "Authorization", "the CSRF token is missing or wrong")
    return credentials


def _csrf_rejected(request: HttpRequest) -> bool:
    """Tell whether a session request fails Django's CSRF check."""
    checker = CsrfViewMiddleware(lambda request: HttpResponse())
    return checker.process_view(request, None, (), {}) is not None


def _require(call: Call, scopes: frozenset[str], *, reading: bool = False) -> None:
    """Refuse a client without the scope, and session users outright."""
    credentials = call.credentials
    assert credentials is not None
    if credentials.is_session or not credentials.allows(scopes, reading=reading):
        raise XapiError(403, "scope", "these credentials may not use this resource")


def _allow_params(call: Call, allowed: frozenset[str]) -> None:
    """Reject any parameter the resource does not define."""
    for name in call.params:
        if name not in allowed:
            raise XapiError(400, name, "is not a parameter of this resource")


def _param_iri(call: Call, name: str, required: bool = False) -> str | None:
    """Return an IRI parameter."""
    value = call.params.get(name)
    if value is None:
        if required:
            raise XapiError(400, name, "is required")
        return None
    check_iri(value, name)
    return value


def _param_agent(call: Call, name: str, required: bool = False) -> dict | None:
    """Return an Agent or identified Group parameter given as JSON."""
    value = call.params.get(name)
    if value is None:
        if required:
            raise XapiError(400, name, "is required")
        return None
    agent = _parse_json(value.encode(), name)
    check_actor(agent, call.version or VERSION_2, name)
    if not agent_key(agent):
        raise XapiError(400, name, "must be an Agent or an identified Group")
    return agent


def _param_uuid(call: Call, name: str) -> str | None:
    """Return a UUID parameter."""
    value = call.params.get(name)
    if value is not None:
        check_uuid(value, name)
        return str(uuid.UUID(value))
    return None


def _param_timestamp(call: Call, name: str) -> datetime | None:
    """Return a timestamp parameter as a UTC datetime."""
    value = call.params.get(name)
    if value is None:
        return None
    return check_timestamp(value, VERSION_1, name)


def _param_bool(call: Call, name: str) -> bool:
    """Return a boolean parameter, false when absent."""
    # Some clients (tincan among them) send Python's True and False.
    value = call.params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise XapiError(400, name, "must be true or false")
    return value == "true"


def _parse_json(body: bytes, path: str) -> Any:
    """Parse JSON strictly: UTF-8, no NaN or Infinity."""
    try:
        return fastjson.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise XapiError(400, path, "must be valid JSON") from None


@lrs_resource(("GET", "PUT", "POST"), statements=True)
def statements(call: Call) -> HttpResponse:
    """Store statements (POST, PUT) or return one or a page of them (GET)."""
    if call.method == "GET":
        return _get_statements(call)
    assert call.credentials is not None
    if not call.credentials.is_session:
        _require(call, WRITE_SCOPES)
    if call.method == "PUT":
        return _put_statement(call)
    _allow_params(call, frozenset())
    ids = _store(call, _statement_body(call, single=False))
    return _json_response(ids)


def _put_statement(call: Call) -> HttpResponse:
    """Store one statement under the id given in the statementId parameter."""
    _allow_params(call, frozenset({"statementId"}))
    statement_id = call.params.get("statementId")
    if statement_id is None:
        raise XapiError(400, "statementId", "is required")
    check_uuid(statement_id, "statementId")
    statement, payloads = _statement_body(call, single=True)
    if "id" in statement and uuid.UUID(statement["id"]) != uuid.UUID(statement_id):
        raise XapiError(400, "statement.id", "must equal the statementId parameter")
    statement.setdefault("id", statement_id)
    _store(call, ([statement], payloads))
    return HttpResponse(status=204)


def _statement_body(call: Call, single: bool) -> tuple[Any, dict]:
    """Parse a JSON or multipart/mixed statement body and validate it."""
    payloads: dict = {}
    if call.content_type == "multipart/mixed":
        parts = parse_multipart(call.body, call.headers["content-type"])
        if media_type(parts[0].headers.get("content-type", "")) != "application/json":
            raise XapiError(400, "part[0]", "the first part must be application/json")
        document = _parse_json(parts[0].content, "statement")
        payloads = attachment_payloads(parts[1:], call.version or VERSION_2)
    elif call.content_type in ("application/json", ""):
        document = _parse_json(call.body, "statement")
    else:
        raise XapiError(
            400, "Content-Type", "must be application/json or multipart/mixed"
        )
    if single:
        if type(document) is not dict:
            raise XapiError(400, "statement", "must be a single JSON object")
        validate_statements(document, call.version or VERSION_2)
        check_attachments([document], payloads)
        return document, payloads
    batch = validate_statements(document, call.version or VERSION_2)
    check_attachments(batch, payloads)
    return batch, payloads


def _store(call: Call, body: tuple[Any, dict]) -> list[str]:
    """Store validated statements with the caller's authority."""
    batch, payloads = body
    credentials = call.credentials
    assert credentials is not None
    if credentials.is_session:
        _check_own_statements(credentials, batch)
    try:
        return services.store_validated_statements(
            batch,
            authority=credentials.authority,
            version=call.version or VERSION_2,
            attachments=payloads,
            define=credentials.allows(DEFINE_SCOPES),
        )
    except services.StatementConflict as conflict:
        raise XapiError(
            409, "id", f"statement {conflict} exists with different content"
        ) from None


def _check_own_statements(credentials: Credentials, batch: list[dict]) -> None:
    """Let a session user store statements about themselves only."""
    if credentials.actor is None:
        raise XapiError(403, "actor", "no xAPI actor is known for this user")
    own = agent_key(credentials.actor)
    if any(agent_key(statement["actor"]) != own for statement in batch):
        raise XapiError(
            403, "actor", "session users may store their own statements only"
        )


def _read_restrictions(call: Call) -> dict[str, Any]:
    """Return the authority or actor a reader is limited to, or refuse."""
    credentials = call.credentials
    assert credentials is not None
    if credentials.is_session:
        if credentials.actor is None:
            raise XapiError(403, "scope", "no xAPI actor is known for this user")
        return {"actor": credentials.actor}
    if credentials.allows(READ_SCOPES, reading=True):
        return {}
    if Scope.STATEMENTS_READ_MINE in credentials.scopes:
        return {"authority": credentials.authority}
    raise XapiError(403, "scope", "these credentials may not read statements")


def _get_statements(call: Call) -> HttpResponse:
    """Return one statement by id, or a page of statements by query."""
    _allow_params(call, STATEMENT_QUERY_PARAMS)
    restrictions = _read_restrictions(call)
    statement_format = call.params.get("format", "exact")
    if statement_format not in ("exact", "ids", "canonical"):
        raise XapiError(400, "format", "must be ids, exact or canonical")
    with_attachments = _param_bool(call, "attachments")
    if "statementId" in call.params or "voidedStatementId" in call.params:
        return _get_single(call, restrictions, statement_format, with_attachments)
    query = _statement_query(call, restrictions)
    return _statement_page(call, query, statement_format, with_attachments)


def _get_single(
    call: Call, restrictions: dict, statement_format: str, with_attachments: bool
) -> HttpResponse:
    """Return the statement named by statementId or voidedStatementId."""
    for name in call.params:
        if name not in SINGLE_STATEMENT_PARAMS:
            raise XapiError(400, name, "is not allowed with a statement id")
    if "statementId" in call.params and "voidedStatementId" in call.params:
        raise XapiError(400, "statementId", "cannot be combined with voidedStatementId")
    voided = "voidedStatementId" in call.params
    name = "voidedStatementId" if voided else "statementId"
    check_uuid(call.params[name], name)
    found = services.get_statement(call.params[name], voided=voided, **restrictions)
    if found is None:
        raise XapiError(404, name, "no such statement")
    statement, stored_at = found
    statement = _formatted(call, [statement], statement_format)[0]
    response = _statements_response(
        json.dumps(statement).encode(), [statement] if with_attachments else None
    )
    response["Last-Modified"] = http_date(stored_at.timestamp())
    return response


def _statement_query(call: Call, restrictions: dict) -> services.StatementQuery:
    """Build a StatementQuery from the GET parameters."""
    limit = call.params.get("limit", "0")
    if not limit.isdigit():
        raise XapiError(400, "limit", "must be a whole number >= 0")
    return services.StatementQuery(
        agent=_param_agent(call, "agent"),
        verb=_param_iri(call, "verb"),
        activity=_param_iri(call, "activity"),
        registration=_param_uuid(call, "registration"),
        related_activities=_param_bool(call, "related_activities"),
        related_agents=_param_bool(call, "related_agents"),
        since=_param_timestamp(call, "since"),
        until=_param_timestamp(call, "until"),
        limit=int(limit),
        ascending=_param_bool(call, "ascending"),
        **restrictions,
    )


def _statement_page(
    call: Call,
    query: services.StatementQuery,
    statement_format: str,
    with_attachments: bool,
) -> HttpResponse:
    """Run a query and answer with a StatementResult and its more link."""
    as_text = statement_format == "exact" and not with_attachments
    page = services.query_statements(query, as_text=as_text)
    more = _more_url(call, page.next_after) if page.next_after else ""
    if as_text:
        listed = ",".join(page.statements)
        body = f'{{"statements":[{listed}],"more":{json.dumps(more)}}}'.encode()
        response = _statements_response(body, None)
    else:
        formatted = _formatted(call, page.statements, statement_format)
        body = json.dumps({"statements": formatted, "more": more}).encode()
        response = _statements_response(body, formatted if with_attachments else None)
    response[CONSISTENT_HEADER] = _timestamp_header(page.consistent_through)
    if page.last_stored is not None:
        response["Last-Modified"] = http_date(page.last_stored.timestamp())
    return response


def _timestamp_header(moment: datetime) -> str:
    """Return a moment as the ISO 8601 UTC text xAPI headers carry."""
    text = moment.isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z")


def _more_url(call: Call, after: tuple[datetime, int]) -> str:
    """Return the URL of the next page, with the query signed into it."""
    state = {"p": call.params, "a": [after[0].isoformat(), after[1]]}
    token = signing.dumps(state, salt=MORE_SALT, compress=True)
    return reverse("xapi:statements-more", args=[token])


def _formatted(call: Call, statements: list[dict], statement_format: str) -> list:
    """Apply the ids or canonical format to statements.

    The canonical format gives every activity the definition the LRS has
    merged from all statements about it, then keeps one language per map.
    """
    if statement_format == "ids":
        return [ids_statement(statement) for statement in statements]
    if statement_format == "canonical":
        languages = accepted_languages(call.headers.get("accept-language") or "")
        ids = set().union(*(activity_ids(s) for s in statements))
        definitions = services.activity_definitions(ids)
        return [
            canonical_statement(with_definitions(s, definitions), languages)
            for s in statements
        ]
    return statements


def _statements_response(body: bytes, with_attachments: list | None) -> HttpResponse:
    """Return JSON, or multipart/mixed with the statements' attachments."""
    if with_attachments is None:
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    sha2s = [
        attachment["sha2"]
        for statement in with_attachments
        for attachment in statement.get("attachments", ())
    ]
    payloads = services.get_attachments(sha2s)
    content, content_type = multipart_body(body, payloads)
    return HttpResponse(content, content_type=content_type)


@lrs_resource(("GET",), statements=True)
def statements_more(call: Call, token: str) -> HttpResponse:
    """Return the next page of a statements query."""
    _allow_params(call, frozenset())
    try:
        state = signing.loads(token, salt=MORE_SALT)
    except signing.BadSignature:
        raise XapiError(400, "more", "the more link is not valid") from None
    call.params = state["p"]
    restrictions = _read_restrictions(call)
    query = _statement_query(call, restrictions)
    query.after = (datetime.fromisoformat(state["a"][0]), state["a"][1])
    statement_format = call.params.get("format", "exact")
    return _statement_page(
        call, query, statement_format, _param_bool(call, "attachments")
    )


def _document_response(document: services.StoredDocument) -> HttpResponse:
    """Return a stored document with its ETag and Last-Modified."""
    response = HttpResponse(document.content, content_type=document.content_type)
    response["ETag"] = document.etag
    response["Last-Modified"] = http_date(document.updated_at.timestamp())
    return response


def _etags(value: str | None) -> list[str] | None:
    """Split an If-Match or If-None-Match header into entity tags."""
    if value is None:
        return None
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def _document_call(
    call: Call,
    scope: services.DocumentScope,
    id_name: str,
    *,
    require_precondition: bool,
) -> HttpResponse:
    """Serve GET, PUT, POST and DELETE on a document resource."""
    document_id = call.params.get(id_name)
    try:
        if call.method == "GET":
            return _get_document(call, scope, document_id, id_name)
        if call.method == "DELETE":
            return _delete_document(call, scope, document_id, id_name)
        return _save_document(call, scope, document_id, id_name, require_precondition)
    except services.PreconditionFailed as failed:
        raise XapiError(412, str(failed), "the precondition failed") from None
    except services.DocumentConflict:
        raise XapiError(
            409, "If-Match", "the document exists; send If-Match or If-None-Match"
        ) from None
    except services.DocumentMergeError:
        raise XapiError(
            400, "body", "POST merges JSON objects; both documents must be one"
        ) from None


def _get_document(
    call: Call, scope: services.DocumentScope, document_id: str | None, id_name: str
) -> HttpResponse:
    """Return one document, or the ids of the documents in the scope."""
    if document_id is None:
        since = _param_timestamp(call, "since")
        listed = services.list_document_ids(scope, since)
        response = _json_response(listed.ids)
        if listed.last_modified is not None:
            response["Last-Modified"] = http_date(listed.last_modified.timestamp())
        return response
    if "since" in call.params:
        raise XapiError(400, "since", f"cannot be combined with {id_name}")
    document = services.get_document(scope, document_id)
    if document is None:
        raise XapiError(404, id_name, "no such document")
    return _document_response(document)


def _save_document(
    call: Call,
    scope: services.DocumentScope,
    document_id: str | None,
    id_name: str,
    require_precondition: bool,
) -> HttpResponse:
    """Store a document: PUT replaces it, POST merges JSON objects."""
    if document_id is None:
        raise XapiError(400, id_name, "is required")
    if "since" in call.params:
        raise XapiError(400, "since", "is only allowed on GET")
    content_type = call.headers.get("content-type") or "application/octet-stream"
    merge = call.method == "POST"
    if merge and services.json_object_or_none(call.body, content_type) is None:
        raise XapiError(400, "body", "POST needs a JSON object (application/json)")
    document = services.save_document(
        scope,
        document_id,
        call.body,
        content_type,
        merge=merge,
        if_match=_etags(call.headers.get("if-match")),
        if_none_match=_etags(call.headers.get("if-none-match")),
        require_precondition=require_precondition and not merge,
    )
    response = HttpResponse(status=204)
    response["ETag"] = document.etag
    return response


def _delete_document(
    call: Call, scope: services.DocumentScope, document_id: str | None, id_name: str
) -> HttpResponse:
    """Delete one document, or all state documents of the scope."""
    if "since" in call.params:
        raise XapiError(400, "since", "is only allowed on GET")
    if document_id is None and scope.kind != "state":
        raise XapiError(400, id_name, "is required")
    services.delete_documents(
        scope,
        document_id,
        if_match=_etags(call.headers.get("if-match")),
        if_none_match=_etags(call.headers.get("if-none-match")),
    )
    return HttpResponse(status=204)


@lrs_resource(("GET", "PUT", "POST", "DELETE"))
def activity_state(call: Call) -> HttpResponse:
    """Serve the state documents of an agent in an activity."""
    _require(call, STATE_SCOPES, reading=call.method == "GET")
    _allow_params(
        call, frozenset({"activityId", "agent", "registration", "stateId", "since"})
    )
    scope = services.DocumentScope(
        "state",
        activity_id=_param_iri(call, "activityId", required=True),
        agent=_param_agent(call, "agent", required=True),
        registration=_param_uuid(call, "registration") or "",
    )
    # xAPI 1.0.3 asks for ETag preconditions on the profile resources only.
    require = call.version == VERSION_2
    return _document_call(call, scope, "stateId", require_precondition=require)


@lrs_resource(("GET", "PUT", "POST", "DELETE"))
def activity_profile(call: Call) -> HttpResponse:
    """Serve the profile documents of an activity."""
    _require(call, PROFILE_SCOPES, reading=call.method == "GET")
    _allow_params(call, frozenset({"activityId", "profileId", "since"}))
    scope = services.DocumentScope(
        "activity_profile", activity_id=_param_iri(call, "activityId", required=True)
    )
    return _document_call(call, scope, "profileId", require_precondition=True)


@lrs_resource(("GET", "PUT", "POST", "DELETE"))
def agent_profile(call: Call) -> HttpResponse:
    """Serve the profile documents of an agent."""
    _require(call, PROFILE_SCOPES, reading=call.method == "GET")
    _allow_params(call, frozenset({"agent", "profileId", "since"}))
    scope = services.DocumentScope(
        "agent_profile", agent=_param_agent(call, "agent", required=True)
    )
    return _document_call(call, scope, "profileId", require_precondition=True)


@lrs_resource(("GET",))
def activities(call: Call) -> HttpResponse:
    """Return the full Activity object the LRS knows for an activity id."""
    _allow_params(call, frozenset({"activityId"}))
    activity_id = _param_iri(call, "activityId", required=True)
    assert activity_id is not None
    return _tagged_json_response(call, services.get_activity(activity_id))


@lrs_resource(("GET",))
def agents(call: Call) -> HttpResponse:
    """Return the Person object the LRS knows for an agent."""
    _allow_params(call, frozenset({"agent"}))
    agent = _param_agent(call, "agent", required=True)
    assert agent is not None
    return _tagged_json_response(call, services.get_person(agent))


def _tagged_json_response(call: Call, value: Any) -> HttpResponse:
    """Return JSON with an ETag, or 304 when the client has this version."""
    response = _json_response(value)
    etag = '"' + hashlib.sha1(response.content).hexdigest() + '"'
    # If-None-Match compares weakly: W/"x" matches "x", and * anything.
    wanted = [
        tag.removeprefix("W/")
        for tag in _etags(call.headers.get("if-none-match")) or ()
    ]
    if etag in wanted or "*" in wanted:
        response = HttpResponse(status=304)
    response["ETag"] = etag
    return response


@lrs_resource(("GET",), public=True)
def about(call: Call) -> HttpResponse:
    """Return the xAPI versions this LRS supports."""
    return _json_response({"version": list(SUPPORTED_VERSIONS), "extensions": {}})


@lrs_resource(("GET", "PUT", "POST", "DELETE"), public=True)
def unknown_resource(call: Call, rest: str) -> HttpResponse:
    """Answer a path under the endpoint that is no xAPI resource."""
    response = XapiError(404, "path", "is not a resource of this LRS").response()
    if rest.startswith("statements"):
        response[CONSISTENT_HEADER] = _timestamp_header(timezone.now())
    return response
