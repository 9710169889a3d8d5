"""The six roles of the platform and the groups that carry them.

Groups are created by a data migration (``lms/migrations/0001_roles.py``);
code refers to them only through these names.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

LEARNER = "Lerenden"
TEACHER = "Docenten"
GUEST_LECTURER = "Gastdocenten"
COMPANY_CONTACT = "Bedrijfscontactpersonen"
LLO_PARTICIPANT = "LLO-deelnemers"
COORDINATOR = "Programmamanagers"

ALL_ROLES = [
    LEARNER,
    TEACHER,
    GUEST_LECTURER,
    COMPANY_CONTACT,
    LLO_PARTICIPANT,
    COORDINATOR,
]


def has_role(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    """Tell whether an authenticated user belongs to the group of ``role``."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role).exists()
