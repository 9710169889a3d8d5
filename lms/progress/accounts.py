"""The mapping between users and their pseudonymous xAPI accounts."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from ..models import LearnerAccount


def account_name(user: AbstractBaseUser) -> str:
    """Return the user's xAPI account name, creating it on first use."""
    account, _created = LearnerAccount.objects.get_or_create(user=user)
    return account.name


def session_actor(user: AbstractBaseUser) -> dict:
    """Return the xAPI actor of a logged-in user, for the LRS's session access."""
    return {
        "objectType": "Agent",
        "account": {
            "homePage": settings.TECHCAMPUS_BASE_IRI,
            "name": account_name(user),
        },
    }


def platform_account_name(actor: dict) -> str | None:
    """Return the account name when the actor is one of the platform's own."""
    account = actor.get("account") if isinstance(actor, dict) else None
    if not account or account.get("homePage") != settings.TECHCAMPUS_BASE_IRI:
        return None
    return account.get("name")


def users_by_account(names: Iterable[str]) -> dict[str, int]:
    """Return user ids by account name, for the names that exist."""
    rows = LearnerAccount.objects.filter(name__in=set(names))
    return dict(rows.values_list("name", "user_id"))
