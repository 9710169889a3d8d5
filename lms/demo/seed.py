"""Run every seeding step in one transaction."""

import logging
from collections import Counter

from django.db import transaction

from curriculum.demo import load_demo_demands

from .accounts import seed_accounts
from .competences import seed_competences
from .context import SeedContext
from .indexing import deferred_indexing
from .llo import seed_llo
from .media import seed_media
from .organisations import seed_organisations
from .pages import seed_pages

logger = logging.getLogger(__name__)


@transaction.atomic
def seed_demo_content(with_accounts: bool) -> Counter:
    """Create whatever demonstration content is missing; return what was made."""
    context = SeedContext()
    with deferred_indexing(context.new_objects):
        _seed(context, with_accounts)
    logger.info(
        "Seeded demo content: %d objects created, accounts %s",
        len(context.new_objects),
        "on" if with_accounts else "off",
    )
    return context.created


def _seed(context: SeedContext, with_accounts: bool) -> None:
    seed_competences(context)
    seed_organisations(context)
    seed_media(context)
    seed_pages(context)
    if with_accounts:
        seed_accounts(context)
    # After the accounts, so the demo company contact is linked to a company.
    demands = load_demo_demands()
    if demands:
        context.created["competence demands"] += demands
    if with_accounts:
        # After the demands, which link the demo contact to Warmtewerk.
        seed_llo(context)
