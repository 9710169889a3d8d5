"""Who may see which part of whose LLO portfolio.

- Participants (LLO participants and teachers) see their own portfolio.
- A company contact sees the overview of the staff of the companies he or
  she is a contact of (``Company.contacts``), and may set their targets.
- Coordinators see everyone and may revoke platform certificates.
- Scans of external certificates are served to their owner and coordinators
  only, never to employers.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from curriculum.models import Company

from ..roles import COMPANY_CONTACT, COORDINATOR, LLO_PARTICIPANT, TEACHER, has_role

User = AbstractBaseUser | AnonymousUser


def is_coordinator(user: User) -> bool:
    """Tell whether ``user`` manages LLO for everyone."""
    return user.is_authenticated and (user.is_superuser or has_role(user, COORDINATOR))


def may_keep_portfolio(user: User) -> bool:
    """Tell whether ``user`` has an LLO portfolio of his or her own."""
    if not user.is_authenticated:
        return False
    roles = user.groups.filter(name__in=[LLO_PARTICIPANT, TEACHER])
    return roles.exists() or hasattr(user, "llo_participant")


def contact_companies(user: User) -> QuerySet[Company]:
    """Return the companies ``user`` is a contact of."""
    if not user.is_authenticated or not has_role(user, COMPANY_CONTACT):
        return Company.objects.none()
    return Company.objects.filter(contacts=user)


def may_see_overview(user: User) -> bool:
    """Tell whether ``user`` may open the employer overview at all."""
    return is_coordinator(user) or contact_companies(user).exists()


def participants() -> QuerySet:
    """Return every person with an LLO portfolio."""
    people = get_user_model().objects.filter(is_active=True)
    return people.filter(
        Q(groups__name__in=[LLO_PARTICIPANT, TEACHER])
        | Q(llo_participant__isnull=False)
    ).distinct()


def visible_people(user: User) -> QuerySet:
    """Return the participants whose overview row ``user`` may see."""
    if is_coordinator(user):
        return participants()
    companies = contact_companies(user)
    return participants().filter(llo_participant__company__in=companies)


def may_manage_person(user: User, person: AbstractBaseUser) -> bool:
    """Tell whether ``user`` may see and set the targets of ``person``."""
    return visible_people(user).filter(pk=person.pk).exists()


def may_see_private_file(user: User, owner: AbstractBaseUser) -> bool:
    """Tell whether ``user`` may download a scan or certificate of ``owner``."""
    if not user.is_authenticated:
        return False
    return user.pk == owner.pk or is_coordinator(user)
