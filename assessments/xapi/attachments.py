"""Multipart/mixed statement requests and responses, and signed statements."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from .comparison import comparable
from .services import AttachmentPayload
from .validation import SIGNATURE_USAGE_TYPE, VERSION_1, ValidationError

CRLF = b"\r\n"
SHA2_BY_LENGTH = {56: "sha224", 64: "sha256", 96: "sha384", 128: "sha512"}
SIGNATURE_ALGORITHMS = ("RS256", "RS384", "RS512")


@dataclass
class Part:
    """One part of a multipart body: lower-cased headers and raw content."""

    headers: dict[str, str]
    content: bytes


def media_type(content_type: str) -> str:
    """Return the lower-cased media type without parameters."""
    return content_type.split(";")[0].strip().lower()


def boundary_of(content_type: str) -> str:
    """Return the boundary parameter of a multipart Content-Type."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "boundary" and value.strip():
            return value.strip().strip('"')
    raise ValidationError("Content-Type", "multipart/mixed requires a boundary")


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """Split a multipart/mixed body into parts."""
    delimiter = b"--" + boundary_of(content_type).encode()
    sections = body.split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise ValidationError("body", "multipart/mixed body is not terminated")
    parts = []
    for section in sections[1:-1]:
        if not section.startswith(CRLF) or not section.endswith(CRLF):
            raise ValidationError("body", "multipart/mixed part is malformed")
        head, separator, content = section[2:-2].partition(CRLF + CRLF)
        if not separator:
            head, content = section[2:-2], b""
        parts.append(Part(_part_headers(head), content))
    return parts


def _part_headers(head: bytes) -> dict[str, str]:
    """Parse the header lines of one part."""
    headers = {}
    for line in head.decode("latin-1").split("\r\n"):
        if not line.strip():
            continue
        name, separator, value = line.partition(":")
        if not separator:
            raise ValidationError("body", "multipart/mixed part header is malformed")
        headers[name.strip().lower()] = value.strip()
    return headers


def attachment_payloads(
    parts: list[Part], version: str
) -> dict[str, AttachmentPayload]:
    """Check the attachment parts after the first and key them by SHA-2."""
    payloads = {}
    for index, part in enumerate(parts, start=1):
        path = f"part[{index}]"
        sha2 = part.headers.get("x-experience-api-hash", "").lower()
        if not sha2:
            raise ValidationError(path, "must have an X-Experience-API-Hash header")
        encoding = part.headers.get("content-transfer-encoding")
        if encoding is None and version == VERSION_1:
            raise ValidationError(path, "must have Content-Transfer-Encoding: binary")
        if encoding is not None and encoding.lower() != "binary":
            raise ValidationError(path, "Content-Transfer-Encoding must be binary")
        algorithm = SHA2_BY_LENGTH.get(len(sha2))
        digest = hashlib.new(algorithm, part.content).hexdigest() if algorithm else ""
        if digest != sha2:
            raise ValidationError(path, "content does not match its SHA-2 hash")
        declared = part.headers.get("content-type")
        payloads[sha2] = AttachmentPayload(
            sha2,
            declared or "application/octet-stream",
            part.content,
            declared_type=declared is not None,
        )
    return payloads


def check_attachments(
    statements: list[dict[str, Any]], payloads: dict[str, AttachmentPayload]
) -> None:
    """Match attachment metadata with parts, and check signatures."""
    referenced = set()
    for index, statement in enumerate(statements):
        for number, attachment in enumerate(statement.get("attachments", ())):
            path = f"statements[{index}].attachments[{number}]"
            sha2 = attachment["sha2"].lower()
            referenced.add(sha2)
            payload = payloads.get(sha2)
            if (
                payload is not None
                and payload.declared_type
                and media_type(payload.content_type)
                != media_type(attachment["contentType"])
            ):
                raise ValidationError(
                    path + ".contentType", "differs from its part's Content-Type"
                )
            if attachment["usageType"] == SIGNATURE_USAGE_TYPE:
                _check_signature_attachment(statement, attachment, payloads, path)
            elif payload is None and "fileUrl" not in attachment:
                raise ValidationError(path, "has no fileUrl and no part with its sha2")
    for sha2 in payloads:
        if sha2 not in referenced:
            raise ValidationError("body", "a part matches no attachment of a statement")


def _check_signature_attachment(
    statement: dict[str, Any],
    attachment: dict[str, Any],
    payloads: dict[str, AttachmentPayload],
    path: str,
) -> None:
    """Check a signature attachment: content type, JWS form and payload."""
    if attachment["contentType"] != "application/octet-stream":
        raise ValidationError(
            path + ".contentType", "a signature must be application/octet-stream"
        )
    payload = payloads.get(attachment["sha2"].lower())
    if payload is None:
        raise ValidationError(path, "a signature must be sent as a part")
    signed = _jws_payload(payload.content, path)
    if _comparable(signed) != _comparable(statement, keep_id=("id" in signed)):
        raise ValidationError(path, "the JWS payload does not match the statement")


def _jws_payload(content: bytes, path: str) -> dict[str, Any]:
    """Decode a JWS compact serialisation and return its JSON payload."""
    try:
        header_part, payload_part, signature_part = content.decode().strip().split(".")
        header = json.loads(_b64url(header_part))
        payload = json.loads(_b64url(payload_part))
        signature = _b64url(signature_part)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValidationError(path, "the signature is not a JWS") from None
    if not isinstance(header, dict) or header.get("alg") not in SIGNATURE_ALGORITHMS:
        raise ValidationError(path, "the JWS algorithm must be RS256, RS384 or RS512")
    if "x5c" in header and not isinstance(header["x5c"], list):
        raise ValidationError(path, "the JWS x5c header must be an array")
    if not isinstance(payload, dict) or not signature:
        raise ValidationError(path, "the JWS payload must be a statement")
    if "x5c" in header:
        signing_input = f"{header_part}.{payload_part}".encode()
        _verify_with_certificate(header, signing_input, signature, path)
    return payload


def _verify_with_certificate(
    header: dict[str, Any], signing_input: bytes, signature: bytes, path: str
) -> None:
    """Verify the JWS signature with the first certificate of its x5c chain."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    algorithm = {"RS256": hashes.SHA256, "RS384": hashes.SHA384}.get(
        header["alg"], hashes.SHA512
    )
    try:
        # x5c entries are standard base64 of DER, unlike the base64url parts.
        der = base64.b64decode(header["x5c"][0], validate=True)
        public_key = x509.load_der_x509_certificate(der).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise TypeError("not an RSA key")
        public_key.verify(signature, signing_input, padding.PKCS1v15(), algorithm())
    except (InvalidSignature, ValueError, TypeError, IndexError, binascii.Error):
        raise ValidationError(
            path, "the JWS signature does not verify with its x5c certificate"
        ) from None


def _b64url(text: str) -> bytes:
    """Decode unpadded base64url."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _comparable(statement: Any, keep_id: bool = True) -> Any:
    """Return a statement in the form a signature is compared in.

    The statement comparison rules apply, and attachments are not part of
    what a signature covers. An id is compared when the signed copy has one.
    """
    try:
        result = comparable(statement)
    except (KeyError, TypeError, AttributeError, ValidationError):
        # Not a statement at all: compare it as it is, which cannot match.
        return statement
    result.pop("attachments", None)
    if keep_id and "id" in statement:
        result["id"] = str(statement["id"]).lower()
    return result


def multipart_body(
    document: bytes, payloads: list[AttachmentPayload]
) -> tuple[bytes, str]:
    """Build a multipart/mixed body: the JSON document, then each attachment."""
    boundary = uuid.uuid4().hex
    delimiter = b"--" + boundary.encode()
    chunks = [delimiter, CRLF, b"Content-Type: application/json", CRLF, CRLF, document]
    for payload in payloads:
        chunks += [
            CRLF,
            delimiter,
            CRLF,
            b"Content-Type: " + payload.content_type.encode("latin-1"),
            CRLF,
            b"Content-Transfer-Encoding: binary",
            CRLF,
            b"X-Experience-API-Hash: " + payload.sha2.encode(),
            CRLF,
            CRLF,
            payload.content,
        ]
    chunks += [CRLF, delimiter, b"--", CRLF]
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'
