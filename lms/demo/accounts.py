"""Seed one demonstration account per role, plus a superuser."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms.roles import ALL_ROLES

from .context import SeedContext
from .loading import DemoContentError, load


def demo_accounts() -> list[dict]:
    """Return the demo accounts described in ``data/accounts.json``."""
    return load("accounts")["accounts"]


def seed_accounts(context: SeedContext) -> None:
    """Create the demo accounts that are missing; leave existing ones alone."""
    model = get_user_model()
    for account in demo_accounts():
        if not model.objects.filter(username=account["username"]).exists():
            context.record(_create_account(model, account))


def _create_account(model, account: dict):
    fields = {
        "username": account["username"],
        "email": account["email"],
        "password": settings.TECHCAMPUS_DEMO_PASSWORD,
        "first_name": account["first_name"],
        "last_name": account["last_name"],
    }
    if account.get("is_superuser"):
        return model.objects.create_superuser(**fields)
    user = model.objects.create_user(is_staff=account.get("is_staff", False), **fields)
    user.groups.add(_role_group(account["role"]))
    return user


def _role_group(role: str) -> Group:
    if role not in ALL_ROLES:
        raise DemoContentError(f"Unknown role {role!r}")
    return Group.objects.get(name=role)
