"""Storing the platform's own statements and bringing progress up to date."""

from django.db import transaction

from assessments.xapi.services import store_statements


def record(statements: list) -> list[str]:
    """Store statements in the LRS and update the projections after commit.

    Call it inside the transaction of the form that caused the statements:
    when the form fails, the statements are not stored either.
    """
    from ..progress.tasks import project_statements_task

    ids = store_statements(statements)
    transaction.on_commit(project_statements_task.delay)
    return ids
