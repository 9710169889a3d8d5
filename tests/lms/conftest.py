"""Fixtures shared by the lms tests."""

import pytest

from lms.llo import keys


@pytest.fixture(scope="session")
def issuer_key_file(tmp_path_factory):
    # Generating an RSA key takes a while; one per test session is enough.
    path = tmp_path_factory.mktemp("keys") / "issuer.pem"
    keys.generate_issuer_key(path)
    return path


@pytest.fixture
def issuer_key(settings, issuer_key_file):
    settings.LLO_ISSUER_KEY_PATH = issuer_key_file
    return keys.issuer_key()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.LLO_PRIVATE_ROOT = tmp_path / "private"
    return settings.LLO_PRIVATE_ROOT


@pytest.fixture
def english(settings):
    # Pages are checked against the English source strings, whatever the
    # Dutch catalogue holds; documents and mails made in Dutch on purpose
    # are checked with ``llo_factories.dutch``.
    settings.LANGUAGE_CODE = "en"
