"""Open Badges 3.0 credentials for platform certificates, signed as VC-JWT.

A certificate becomes an ``OpenBadgeCredential`` (W3C Verifiable Credentials
data model 2.0 with the Open Badges 3.0 context). The JWT's payload is the
credential itself, with the registered claims ``iss``, ``jti``, ``nbf`` and,
where the certificate expires, ``exp`` (Open Badges 3.0, section 8.2). The
credential is rebuilt from the database on every request; RS256 signatures
are deterministic, so the same certificate always yields the same token.

Revocation is published as a Bitstring Status List: one bit per certificate,
at the certificate's random ``status_index``.
"""

import base64
import datetime
import gzip
import hashlib
import secrets

from django.utils import timezone
from joserfc import jwt

from ..models import Certificate
from . import conf, keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_LIST_BITS = 131_072  # 16 KiB, the minimum the specification asks for

ISSUER_PATH = "/verify/issuer/"
JWKS_PATH = "/verify/issuer/jwks.json"
STATUS_LIST_PATH = "/verify/status/revocation/"


def verification_url(certificate: Certificate) -> str:
    """Return the public page where anyone can check ``certificate``."""
    return f"{conf.base_url()}/verify/{certificate.verification_code}/"


def issuer_id() -> str:
    return conf.base_url() + ISSUER_PATH


def status_list_url() -> str:
    return conf.base_url() + STATUS_LIST_PATH


def issuer_profile() -> dict:
    """Return the issuer's Open Badges ``Profile``, as published at its id."""
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": conf.issuer_name(),
        "url": conf.base_url() + "/",
    }
    if conf.issuer_email():
        profile["email"] = conf.issuer_email()
    return profile


def issuer_profile_document() -> dict:
    """Return the issuer profile with its context and public keys."""
    return (
        {"@context": [VC_CONTEXT, OB_CONTEXT]}
        | issuer_profile()
        | {"publicKey": conf.base_url() + JWKS_PATH}
    )


def free_status_index() -> int:
    """Return a random position in the status list that no certificate uses."""
    used = set(Certificate.objects.values_list("status_index", flat=True))
    if len(used) >= STATUS_LIST_BITS:
        raise RuntimeError("The revocation status list is full.")
    while True:
        index = secrets.randbelow(STATUS_LIST_BITS)
        if index not in used:
            return index


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_until_moment(certificate: Certificate) -> datetime.datetime | None:
    """Return the last moment of the certificate's last valid day."""
    if certificate.valid_until is None:
        return None
    end_of_day = datetime.datetime.combine(certificate.valid_until, datetime.time.max)
    return timezone.make_aware(end_of_day.replace(microsecond=0))


def _alignments(certificate: Certificate) -> list[dict]:
    alignments = []
    for competence in certificate.competences.select_related("framework"):
        base = {
            "type": ["Alignment"],
            "targetName": competence.title,
            "targetCode": competence.code,
            "targetType": "ceasn:Competency",
        }
        alignments.append(
            base
            | {
                "targetUrl": competence.activity_iri,
                "targetFramework": competence.framework.name,
            }
        )
        if competence.esco_uri:
            alignments.append(
                base | {"targetUrl": competence.esco_uri, "targetFramework": "ESCO"}
            )
    return alignments


def _achievement(certificate: Certificate) -> dict:
    narrative = (
        f"Completed the {certificate.get_achievement_kind_display()} "
        f"“{certificate.achievement_title}” of TechCampus Haarlemmermeer."
    )
    achievement = {
        "id": certificate.achievement_iri,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.achievement_title,
        "description": narrative,
        "criteria": {"narrative": narrative},
        "alignment": _alignments(certificate),
    }
    if certificate.study_load_hours:
        achievement["creditsAvailable"] = certificate.study_load_hours
    return achievement


def _identifiers(certificate: Certificate) -> list[dict]:
    holder = certificate.holder
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": holder.get_full_name() or holder.get_username(),
        }
    ]
    if holder.email:
        salt = certificate.uuid.hex
        digest = hashlib.sha256((holder.email.lower() + salt).encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": "sha256$" + digest,
                "salt": salt,
            }
        )
    return identifiers


def _status_entry(certificate: Certificate) -> dict:
    return {
        "id": f"{status_list_url()}#{certificate.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.status_index),
        "statusListCredential": status_list_url(),
    }


def credential(certificate: Certificate) -> dict:
    """Return the unsigned ``OpenBadgeCredential`` for ``certificate``."""
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{certificate.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "name": certificate.achievement_title,
        "validFrom": _iso(certificate.issued_at),
        "awardedDate": _iso(certificate.completed_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identifiers(certificate),
            "achievement": _achievement(certificate),
            "activityEndDate": _iso(certificate.completed_at),
        },
        "credentialStatus": _status_entry(certificate),
    }
    until = valid_until_moment(certificate)
    if until:
        document["validUntil"] = _iso(until)
    return document


def _sign(claims: dict) -> str:
    key = keys.issuer_key()
    header = {"alg": keys.ALGORITHM, "typ": "JWT", "kid": keys.key_id(key)}
    return jwt.encode(header, claims, key, algorithms=[keys.ALGORITHM])


def signed_credential(certificate: Certificate) -> str:
    """Return ``certificate`` as a VC-JWT signed with the issuer key."""
    document = credential(certificate)
    claims = document | {
        "iss": issuer_id(),
        "jti": document["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    until = valid_until_moment(certificate)
    if until:
        claims["exp"] = int(until.timestamp())
    return _sign(claims)


def encoded_status_list() -> str:
    """Return the revocation bits, GZIP-compressed and multibase-encoded."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    revoked = Certificate.objects.filter(revoked_at__isnull=False)
    for index in revoked.values_list("status_index", flat=True):
        # Bit 0 is the most significant bit of the first byte.
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_list_credential() -> dict:
    """Return the unsigned ``BitstringStatusListCredential`` for revocation."""
    return {
        "@context": [VC_CONTEXT],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _iso(timezone.now()),
        "credentialSubject": {
            "id": status_list_url() + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(),
        },
    }


def signed_status_list() -> str:
    """Return the revocation status list as a VC-JWT."""
    document = status_list_credential()
    return _sign(document | {"iss": issuer_id(), "jti": document["id"]})


def is_revoked_in_list(encoded_list: str, index: int) -> bool:
    """Tell whether bit ``index`` is set in a published ``encodedList``."""
    data = encoded_list.removeprefix("u")
    padded = data + "=" * (-len(data) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(padded))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
