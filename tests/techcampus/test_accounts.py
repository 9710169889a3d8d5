"""Logging in by username or e-mail address, and resetting a password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def samira(home):
    return factories.user("samira", email="Samira@example.org")


def test_login_with_the_email_address_in_any_case(client, samira):
    response = client.post(
        reverse("login"),
        {"username": "samira@EXAMPLE.org", "password": "wachtwoord-test"},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(samira.pk)


def test_login_with_the_username_still_works(client, samira):
    assert client.login(username="samira", password="wachtwoord-test")


def test_the_admin_login_is_labelled_in_dutch_and_takes_the_email(client, samira):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "samira@example.org", "password": "wachtwoord-test"},
    )

    labels = re.findall(r'class="w-field__label"[^>]*>\s*([^<]+?)<', page)
    assert labels == ["Gebruikersnaam of e-mailadres", "Wachtwoord"]
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(samira.pk)


def test_a_shared_email_address_logs_in_no_one(client, samira):
    factories.user("samira2", email="samira@example.org")

    response = client.post(
        reverse("login"),
        {"username": "samira@example.org", "password": "wachtwoord-test"},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_password_by_email_is_refused_in_dutch(client, samira):
    response = client.post(
        reverse("login"), {"username": "samira@example.org", "password": "fout"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "wachtwoord" in response.content.decode().lower()


def test_password_reset_by_email_end_to_end(client, samira):
    # given a learner who forgot the password and asks for a link
    client.post(reverse("password_reset"), {"email": "samira@example.org"})

    # when the link in the Dutch e-mail is followed and a new password chosen
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "wachtwoord" in message.subject.lower()
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Nieuw-wachtwoord-2026",
            "new_password2": "Nieuw-wachtwoord-2026",
        },
    )

    # then the new password works
    assert response.status_code == 302
    samira = get_user_model().objects.get(pk=samira.pk)
    assert samira.check_password("Nieuw-wachtwoord-2026")


def test_password_reset_for_an_unknown_address_sends_nothing(client, home):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
