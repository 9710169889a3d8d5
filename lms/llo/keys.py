"""The issuer's signing key for Open Badges credentials.

The key pair is made once by ``manage.py generate_issuer_key`` and kept as a
PEM file outside the repository (``LLO_ISSUER_KEY_PATH``). Only its public
half is ever published, as a JWK Set.
"""

import logging
import os
from functools import lru_cache
from pathlib import Path

from joserfc.jwk import RSAKey

from . import conf

logger = logging.getLogger(__name__)

# RS256 is the one algorithm every Open Badges 3.0 verifier must support.
ALGORITHM = "RS256"
KEY_SIZE = 3072


class IssuerKeyMissing(RuntimeError):
    """The issuer key has not been generated yet."""


class IssuerKeyExists(RuntimeError):
    """An issuer key exists already and may not be overwritten silently."""


def generate_issuer_key(path: Path | None = None, force: bool = False) -> RSAKey:
    """Create a new key pair and store its private key, readable by owner only."""
    path = path or conf.issuer_key_path()
    if path.exists() and not force:
        raise IssuerKeyExists(str(path))
    key = RSAKey.generate_key(KEY_SIZE, private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.as_pem(private=True))
    _load_key.cache_clear()
    logger.info("Generated issuer key %s", key.thumbprint())
    return key


def issuer_key() -> RSAKey:
    """Return the private issuer key, or raise ``IssuerKeyMissing``."""
    path = conf.issuer_key_path()
    if not path.exists():
        raise IssuerKeyMissing(str(path))
    return _load_key(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_key(path: str, modified: int) -> RSAKey:
    return RSAKey.import_key(Path(path).read_bytes())


def key_id(key: RSAKey) -> str:
    """Return the key's id: its RFC 7638 thumbprint."""
    return key.thumbprint()


def public_jwk(key: RSAKey) -> dict:
    """Return the public half of ``key`` as a JWK with id, use and algorithm."""
    return key.as_dict(private=False) | {
        "kid": key_id(key),
        "use": "sig",
        "alg": ALGORITHM,
    }


def public_jwks() -> dict:
    """Return the JWK Set that verifiers fetch to check signatures."""
    return {"keys": [public_jwk(issuer_key())]}
