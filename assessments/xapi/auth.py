"""Authentication of LRS clients and session users, and their scopes.

Client secrets are stored with Django's password hashers, whose key
derivation is deliberately slow. Verifying that on every request would cap
the LRS at a handful of statements per second, so a successful check is
remembered for a short time under an HMAC of key and secret. The secret
itself is never kept in memory beyond the request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils.module_loading import import_string

from .models import LRSClient

logger = logging.getLogger(__name__)

Scope = LRSClient.Scope
WRITE_SCOPES = frozenset({Scope.STATEMENTS_WRITE, Scope.ALL})
READ_SCOPES = frozenset({Scope.STATEMENTS_READ, Scope.ALL_READ, Scope.ALL})
STATE_SCOPES = frozenset({Scope.STATE, Scope.ALL})
PROFILE_SCOPES = frozenset({Scope.PROFILE, Scope.ALL})
DEFINE_SCOPES = frozenset({Scope.DEFINE, Scope.ALL})


@dataclass(frozen=True)
class Credentials:
    """Who is calling the LRS and what they may do."""

    authority: dict[str, Any]
    scopes: frozenset[str] = field(default_factory=frozenset)
    client_name: str = ""
    actor: dict[str, Any] | None = None

    @property
    def is_session(self) -> bool:
        """Tell whether these credentials come from a Django session."""
        return not self.client_name

    def allows(self, scopes: frozenset[str], *, reading: bool = False) -> bool:
        """Tell whether any of the given scopes (or all/read) is granted."""
        if self.scopes & scopes:
            return True
        return reading and Scope.ALL_READ in self.scopes


class _CredentialCache:
    """Verified credentials per process, keyed by an HMAC, with a short TTL."""

    def __init__(self) -> None:
        self._entries: dict[bytes, tuple[float, Credentials]] = {}
        self._lock = threading.Lock()

    def get(self, digest: bytes) -> Credentials | None:
        """Return cached credentials that have not expired."""
        entry = self._entries.get(digest)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, digest: bytes, credentials: Credentials) -> None:
        """Remember verified credentials for the configured time."""
        expires = time.monotonic() + settings.XAPI_CREDENTIAL_CACHE_SECONDS
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[digest] = (expires, credentials)

    def clear(self) -> None:
        """Forget every cached credential, e.g. after a client changed."""
        with self._lock:
            self._entries.clear()


credential_cache = _CredentialCache()


def _digest(key: str, secret: str) -> bytes:
    """Return the HMAC under which verified credentials are cached."""
    message = key.encode() + b"\x00" + secret.encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def parse_basic(header: str) -> tuple[str, str] | None:
    """Return key and secret from an HTTP Basic Authorization header."""
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, separator, secret = decoded.partition(":")
    return (key, secret) if separator else None


def authenticate_basic(header: str) -> Credentials | None:
    """Verify HTTP Basic credentials; return the client's Credentials or None."""
    pair = parse_basic(header)
    if pair is None:
        return None
    digest = _digest(*pair)
    cached = credential_cache.get(digest)
    if cached is not None:
        return cached
    client = LRSClient.objects.filter(key=pair[0], is_active=True).first()
    if client is None or not check_password(pair[1], client.secret_hash):
        logger.warning("Refused LRS credentials")
        return None
    credentials = Credentials(
        authority=client.authority(),
        scopes=frozenset(client.scopes),
        client_name=client.name,
    )
    credential_cache.put(digest, credentials)
    return credentials


def authenticate_session(user: Any) -> Credentials | None:
    """Return Credentials for a logged-in user, limited to their own actor."""
    if user is None or not user.is_authenticated:
        return None
    actor = None
    if settings.XAPI_SESSION_ACTOR_RESOLVER:
        resolver = import_string(settings.XAPI_SESSION_ACTOR_RESOLVER)
        actor = resolver(user)
    from .services import platform_authority

    return Credentials(authority=platform_authority(), actor=actor)


def save_client(name: str, key: str, secret: str | None, scopes: list[str]) -> bool:
    """Create or update an LRS client; return True when it was created."""
    client = LRSClient.objects.filter(name=name).first()
    created = client is None
    if created:
        client = LRSClient(name=name)
    client.key = key
    if secret is not None:
        client.secret_hash = make_password(secret)
    client.scopes = sorted(set(scopes))
    client.is_active = True
    client.save()
    credential_cache.clear()
    logger.info("Saved LRS client %s", name)
    return created
