"""Attachments in multipart/mixed requests and responses, and signatures."""

import base64
import hashlib
import json

import pytest

from assessments.xapi.models import AttachmentContent, Statement

from .conftest import make_statement

BOUNDARY = "xapi-test-boundary"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def attachment(content: bytes, **overrides) -> dict:
    """Return attachment metadata for some content."""
    metadata = {
        "usageType": "http://example.org/usage/photo",
        "display": {"en-US": "photo of the weld"},
        "contentType": "text/plain",
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }
    metadata.update(overrides)
    return metadata


def multipart(document, parts: list[tuple[bytes, dict]]) -> bytes:
    """Build a multipart/mixed body from a JSON document and raw parts."""
    chunks = [
        f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(document).encode(),
        b"\r\n",
    ]
    for content, headers in parts:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        chunks += [f"--{BOUNDARY}\r\n{head}\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def part_headers(content: bytes, content_type: str = "text/plain") -> dict:
    """Return the headers of an attachment part."""
    return {
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(content).hexdigest(),
    }


def post_multipart(lrs, body: bytes):
    """POST a multipart/mixed statements request."""
    return lrs.send(
        "POST",
        "statements",
        body,
        content_type=f'multipart/mixed; boundary="{BOUNDARY}"',
    )


def test_an_attachment_part_is_stored_and_returned_with_attachments_true(lrs):
    """The raw part is kept and comes back in a multipart response."""
    content = b"weld seam photo bytes"
    statement = make_statement(attachments=[attachment(content)])

    response = post_multipart(
        lrs, multipart(statement, [(content, part_headers(content))])
    )
    statement_id = response.json()[0]
    fetched = lrs.get(
        "statements", {"statementId": statement_id, "attachments": "true"}
    )

    assert response.status_code == 200
    assert AttachmentContent.objects.get().content == content
    assert fetched["Content-Type"].startswith("multipart/mixed")
    assert content in fetched.content
    assert hashlib.sha256(content).hexdigest().encode() in fetched.content


def test_a_file_url_attachment_needs_no_part(lrs):
    """An attachment with only a fileUrl is accepted as plain JSON."""
    statement = make_statement(
        attachments=[attachment(b"x", fileUrl="http://example.org/x.txt")]
    )

    response = lrs.post_statements(statement)

    assert response.status_code == 200


def test_an_attachment_without_part_or_file_url_is_rejected(lrs):
    """Metadata without raw content or a fileUrl is a 400."""
    statement = make_statement(attachments=[attachment(b"missing")])

    response = lrs.post_statements(statement)

    assert response.status_code == 400
    assert "fileUrl" in response.json()["error"]["rule"]


def test_a_part_whose_hash_does_not_match_is_rejected(lrs):
    """The X-Experience-API-Hash must be the SHA-2 of the part."""
    content = b"real content"
    statement = make_statement(attachments=[attachment(content)])
    headers = part_headers(b"other content")

    response = post_multipart(lrs, multipart(statement, [(content, headers)]))

    assert response.status_code == 400
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("part_type", "status"),
    [
        ("image/png", 400),
        ("Text/Plain; charset=utf-8", 200),
        (None, 200),
    ],
    ids=["other-type", "same-type-with-parameter", "no-type"],
)
def test_a_part_must_have_the_content_type_its_attachment_names(lrs, part_type, status):
    """A part's Content-Type, when given, must match the attachment's."""
    content = b"weld report"
    statement = make_statement(attachments=[attachment(content)])
    headers = part_headers(content, part_type or "")
    if part_type is None:
        del headers["Content-Type"]

    response = post_multipart(lrs, multipart(statement, [(content, headers)]))

    assert response.status_code == status
    assert Statement.objects.count() == (1 if status == 200 else 0)
    if status == 400:
        assert response.json()["error"]["property"].endswith(".contentType")


def test_a_part_that_matches_no_attachment_is_rejected(lrs):
    """Every part must belong to an attachment of a statement."""
    content = b"orphan"

    response = post_multipart(
        lrs, multipart(make_statement(), [(content, part_headers(content))])
    )

    assert response.status_code == 400


@pytest.mark.parametrize(("version", "status"), [("1.0.3", 400), ("2.0.0", 200)])
def test_content_transfer_encoding_is_required_in_1_0_3(lrs_for, version, status):
    """1.0.3 requires Content-Transfer-Encoding: binary on every part."""
    lrs = lrs_for(["all"], version)
    content = b"photo"
    headers = part_headers(content)
    del headers["Content-Transfer-Encoding"]
    statement = make_statement(attachments=[attachment(content)])

    response = post_multipart(lrs, multipart(statement, [(content, headers)]))

    assert response.status_code == status


def b64url(value: bytes) -> str:
    """Encode unpadded base64url."""
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def jws(payload: dict, algorithm: str = "RS256") -> bytes:
    """Return a JWS compact serialisation with a dummy signature."""
    header = b64url(json.dumps({"alg": algorithm}).encode())
    body = b64url(json.dumps(payload).encode())
    return f"{header}.{body}.{b64url(b'signature-bytes')}".encode()


def signed_request(statement: dict, signature: bytes) -> bytes:
    """Return a multipart body of a statement with its signature attachment."""
    metadata = attachment(
        signature, usageType=SIGNATURE, contentType="application/octet-stream"
    )
    signed = dict(statement, attachments=[metadata])
    headers = part_headers(signature, "application/octet-stream")
    return multipart(signed, [(signature, headers)])


def test_a_signed_statement_matching_its_jws_is_accepted(lrs):
    """A JWS with an RS algorithm and the same statement is accepted."""
    statement = make_statement()

    response = post_multipart(lrs, signed_request(statement, jws(statement)))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("signature", "rule"),
    [
        (jws(make_statement(result={"success": False})), "does not match"),
        (jws(make_statement(), algorithm="HS256"), "RS256"),
        (b"not-a-jws", "not a JWS"),
    ],
)
def test_a_bad_signature_is_rejected(lrs, signature, rule):
    """A payload that differs, a wrong algorithm or no JWS is a 400."""
    response = post_multipart(lrs, signed_request(make_statement(), signature))

    assert response.status_code == 400
    assert rule in response.json()["error"]["rule"]
    assert Statement.objects.count() == 0


@pytest.fixture(scope="module")
def signing_certificate():
    """Return an RSA key and a self-signed certificate for it."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "xAPI signer")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return key, base64.b64encode(der).decode()


def certified_jws(payload: dict, signing_certificate, tamper: bool = False) -> bytes:
    """Return a JWS signed with RS256 that carries its certificate in x5c."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key, certificate = signing_certificate
    header = b64url(json.dumps({"alg": "RS256", "x5c": [certificate]}).encode())
    body = b64url(json.dumps(payload).encode())
    signature = key.sign(
        f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    if tamper:
        signature = bytes([signature[0] ^ 1]) + signature[1:]
    return f"{header}.{body}.{b64url(signature)}".encode()


def test_a_signature_that_verifies_with_its_x5c_certificate_is_accepted(
    lrs, signing_certificate
):
    """With x5c in the JWS header the signature is checked, and holds."""
    statement = make_statement()
    signature = certified_jws(statement, signing_certificate)

    response = post_multipart(lrs, signed_request(statement, signature))

    assert response.status_code == 200
    assert Statement.objects.count() == 1


def test_a_signature_that_fails_its_x5c_certificate_is_rejected(
    lrs, signing_certificate
):
    """A signature that does not verify with the x5c certificate is a 400."""
    statement = make_statement()
    signature = certified_jws(statement, signing_certificate, tamper=True)

    response = post_multipart(lrs, signed_request(statement, signature))

    assert response.status_code == 400
    assert "x5c certificate" in response.json()["error"]["rule"]
    assert Statement.objects.count() == 0
