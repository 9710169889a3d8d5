"""Open Badges credentials: verified with PyJWT against the published key."""

import base64
import datetime
import json

import jwt
import pytest
from django.core.management import CommandError, call_command

from lms.llo import badges, keys, services
from tests import factories
from tests.lms.llo_factories import (
    certified,
    coordinator,
    participant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

COMPLETED_AT = datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC)


def _published_key(client) -> jwt.PyJWK:
    jwks = client.get("/verify/issuer/jwks.json").json()
    return jwt.PyJWK(jwks["keys"][0])


def _issue(username: str = "sem", months: int | None = 120):
    framework = factories.framework(competence_count=1)
    competence = framework.competences.first()
    competence.esco_uri = "http://data.europa.eu/esco/skill/abc"
    competence.save()
    unit = certified(factories.unit(competence=competence), validity_months=months)
    holder = participant(username, first_name="Sem", last_name="de Vries")
    return services.issue_certificate(holder, unit, COMPLETED_AT)


def _download_jwt(client, certificate) -> str:
    client.force_login(certificate.holder)
    response = client.get(f"/llo/behaald/{certificate.uuid}/openbadge.jwt")
    assert response.status_code == 200
    return response.content.decode()


def test_holder_credential_verifies_against_the_published_jwk(client, issuer_key):
    # given an issued certificate and its downloaded credential
    certificate = _issue()
    token = _download_jwt(client, certificate)

    # when a verifier checks it with PyJWT and the published key
    claims = jwt.decode(token, _published_key(client), algorithms=["RS256"])

    # then it is an Open Badge about this achievement, by this issuer
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["@context"] == [badges.VC_CONTEXT, badges.OB_CONTEXT]
    assert claims["iss"] == claims["issuer"]["id"] == "http://testserver/verify/issuer/"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["id"] == certificate.achievement_iri
    assert {a["targetUrl"] for a in achievement["alignment"]} == {
        certificate.competences.get().activity_iri,
        "http://data.europa.eu/esco/skill/abc",
    }
    assert claims["validUntil"].startswith("2036-05-04")
    assert claims["credentialStatus"]["statusListIndex"] == str(
        certificate.status_index
    )


def test_header_names_the_published_key(client, issuer_key):
    # given a credential
    token = _download_jwt(client, _issue())

    # when its header is read, then it points at the published key
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    assert header["kid"] == _published_key(client).key_id


def test_tampered_credential_is_rejected(client, issuer_key):
    # given a credential whose payload is changed after signing
    token = _download_jwt(client, _issue())
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Iets anders"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    tampered = f"{header}.{forged.decode()}.{signature}"

    # when it is verified, then the signature check fails
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tampered, _published_key(client), algorithms=["RS256"])


def test_credential_signed_by_another_key_is_rejected(client, issuer_key, tmp_path):
    # given a credential signed with a key that is not the published one
    certificate = _issue()
    published = _published_key(client)
    keys.generate_issuer_key(tmp_path / "other.pem")
    from django.test import override_settings

    with override_settings(LLO_ISSUER_KEY_PATH=tmp_path / "other.pem"):
        token = badges.signed_credential(certificate)

    # when checked against the published key, then it fails
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, published, algorithms=["RS256"])


def test_other_people_cannot_download_the_credential(client, issuer_key):
    # given someone else's certificate
    certificate = _issue()
    client.force_login(participant("nosy"))

    # when they ask for it, then it does not exist for them
    response = client.get(f"/llo/behaald/{certificate.uuid}/openbadge.jwt")
    assert response.status_code == 404
    response = client.get(f"/llo/behaald/{certificate.uuid}/openbadge.json")
    assert response.status_code == 404


def test_json_download_holds_the_credential_and_its_jwt(client, issuer_key):
    # given a certificate's holder
    certificate = _issue()
    client.force_login(certificate.holder)

    # when the JSON is downloaded
    document = client.get(f"/llo/behaald/{certificate.uuid}/openbadge.json").json()

    # then its embedded JWT verifies and says the same
    claims = jwt.decode(
        document["proof"]["jwt"], _published_key(client), algorithms=["RS256"]
    )
    assert claims["id"] == document["id"] == f"urn:uuid:{certificate.uuid}"


def _status_bit(client, certificate) -> bool:
    token = client.get("/verify/status/revocation/").content.decode()
    claims = jwt.decode(token, _published_key(client), algorithms=["RS256"])
    subject = claims["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    return badges.is_revoked_in_list(subject["encodedList"], certificate.status_index)


def test_revocation_appears_in_the_status_list_and_on_the_page(client, issuer_key):
    # given a valid certificate, not yet in the list
    certificate = _issue()
    assert _status_bit(client, certificate) is False
    page = client.get(f"/verify/{certificate.verification_code}/")
    assert "This certificate is valid." in page.content.decode()

    # when a coordinator revokes it through the view
    client.force_login(coordinator())
    response = client.post(
        f"/verify/{certificate.verification_code}/intrekken/",
        {"reason": "Examen bleek niet zelf gemaakt"},
    )

    # then the list and the public page say so
    assert response.status_code == 302
    assert _status_bit(client, certificate) is True
    client.logout()
    page = client.get(f"/verify/{certificate.verification_code}/").content.decode()
    assert "This certificate has been revoked." in page
    assert "Examen bleek" not in page


def test_only_coordinators_may_revoke(client, issuer_key):
    # given a certificate and its own holder logged in
    certificate = _issue()
    client.force_login(certificate.holder)

    # when the holder tries to revoke, then nothing happens
    response = client.post(
        f"/verify/{certificate.verification_code}/intrekken/", {"reason": "zomaar"}
    )
    certificate.refresh_from_db()
    assert response.status_code == 404
    assert certificate.is_revoked is False


def test_revocation_without_reason_is_refused(client, issuer_key):
    # given a coordinator
    certificate = _issue()
    client.force_login(coordinator())

    # when revoking without a reason, then the form explains and nothing changes
    response = client.post(f"/verify/{certificate.verification_code}/intrekken/", {})
    certificate.refresh_from_db()
    assert response.status_code == 400
    assert certificate.is_revoked is False


def test_verification_page_shows_only_name_and_achievement(client, issuer_key):
    # given a certificate of a holder with an e-mail address
    certificate = _issue()

    # when anyone opens the verification page
    page = client.get(f"/verify/{certificate.verification_code.lower()}/")
    content = page.content.decode()

    # then it shows the name and the achievement, not the e-mail address
    assert page.status_code == 200
    assert "Sem de Vries" in content
    assert certificate.achievement_title in content
    assert certificate.holder.email not in content


def test_expired_certificate_shows_as_expired(client, issuer_key):
    # given a certificate valid for one month, completed long ago
    certificate = _issue(months=1)

    # when its page is opened, then it says expired
    content = client.get(f"/verify/{certificate.verification_code}/").content.decode()
    assert "This certificate has expired." in content


def test_unknown_code_is_a_clear_404(client):
    response = client.get("/verify/TC-0000-0000-0000/")

    assert response.status_code == 404
    assert "TC-0000-0000-0000" in response.content.decode()


def test_issuer_profile_is_published(client):
    profile = client.get("/verify/issuer/").json()

    assert profile["id"] == badges.issuer_id()
    assert profile["type"] == ["Profile"]


def test_generate_issuer_key_refuses_to_overwrite(settings, tmp_path):
    # given a generated key
    settings.LLO_ISSUER_KEY_PATH = tmp_path / "keys" / "issuer.pem"
    call_command("generate_issuer_key")
    first = settings.LLO_ISSUER_KEY_PATH.read_bytes()

    # when generating again without --force, then it refuses and keeps the key
    with pytest.raises(CommandError):
        call_command("generate_issuer_key")
    assert settings.LLO_ISSUER_KEY_PATH.read_bytes() == first
    assert settings.LLO_ISSUER_KEY_PATH.stat().st_mode & 0o777 == 0o600

    # and with --force it is replaced
    call_command("generate_issuer_key", "--force")
    assert settings.LLO_ISSUER_KEY_PATH.read_bytes() != first


def test_generate_issuer_key_if_missing_makes_one_key_once(settings, tmp_path):
    settings.LLO_ISSUER_KEY_PATH = tmp_path / "keys" / "issuer.pem"

    call_command("generate_issuer_key", "--if-missing")
    first = settings.LLO_ISSUER_KEY_PATH.read_bytes()
    call_command("generate_issuer_key", "--if-missing")

    assert first.startswith(b"-----BEGIN")
    assert settings.LLO_ISSUER_KEY_PATH.read_bytes() == first


def test_published_ids_match_the_url_configuration():
    from django.urls import reverse

    assert reverse("verification:issuer") == badges.ISSUER_PATH
    assert reverse("verification:jwks") == badges.JWKS_PATH
    assert reverse("verification:status_list") == badges.STATUS_LIST_PATH
