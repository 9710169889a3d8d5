"""Supplying, replacing, withdrawing and mapping competence demands.

History is never rewritten: a changed demand becomes a new row and the old
one points at it through ``replaced_by``. Only mapping a proposed competence
onto an existing one changes a row in place, because that classifies what
the company asked for rather than changing it.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Competence, CompetenceDemand

logger = logging.getLogger(__name__)


def _same_need(demand: CompetenceDemand):
    """Return the other current demands of the company for the same need."""
    others = CompetenceDemand.objects.current().filter(company_id=demand.company_id)
    if demand.competence_id:
        others = others.filter(competence_id=demand.competence_id)
    else:
        others = others.filter(
            competence__isnull=True,
            proposed_competence_title__iexact=demand.proposed_competence_title,
        )
    return others.exclude(pk=demand.pk)


@transaction.atomic
def supply_demand(demand: CompetenceDemand, user=None) -> CompetenceDemand:
    """Store a new demand; it replaces the company's current one for that need."""
    demand.pk = None
    demand._state.adding = True
    demand.replaced_by = None
    demand.withdrawn_at = None
    if user is not None and user.is_authenticated:
        demand.supplied_by = user
    demand.save()
    replaced = _same_need(demand).update(replaced_by=demand)
    logger.info(
        "Demand %s supplied for company %s, replacing %s",
        demand.pk,
        demand.company_id,
        replaced,
    )
    return demand


def replace_demand(
    old: CompetenceDemand, new: CompetenceDemand, user=None
) -> CompetenceDemand:
    """Store ``new`` as the successor of the current demand ``old``.

    ``new`` may be ``old`` itself, changed by a form: it is stored as a new
    row and the stored original keeps its values.
    """
    old_pk = old.pk
    if not CompetenceDemand.objects.current().filter(pk=old_pk).exists():
        raise ValidationError(_("Only a current demand can be changed."))
    with transaction.atomic():
        supply_demand(new, user)
        CompetenceDemand.objects.filter(pk=old_pk).update(replaced_by=new)
    return new


def withdraw_demand(demand: CompetenceDemand) -> CompetenceDemand:
    """Withdraw a current demand; it stays in the history."""
    if not demand.is_current:
        raise ValidationError(_("Only a current demand can be withdrawn."))
    demand.withdrawn_at = timezone.now()
    demand.save(update_fields=["withdrawn_at"])
    logger.info("Demand %s withdrawn", demand.pk)
    return demand


def map_proposed_competence(
    demand: CompetenceDemand, competence: Competence
) -> CompetenceDemand:
    """Map a demand's proposed competence onto an existing competence."""
    demand.competence = competence
    demand.full_clean()
    with transaction.atomic():
        demand.save(update_fields=["competence"])
        _same_need(demand).update(replaced_by=demand)
    logger.info("Demand %s mapped to competence %s", demand.pk, competence.pk)
    return demand


def add_proposed_competence(
    demand: CompetenceDemand, competence: Competence
) -> CompetenceDemand:
    """Add a new competence for a demand's proposal and map the demand onto it.

    ``competence`` is unsaved and validated by the caller; it gets the last
    place in its framework.
    """
    if demand.competence_id or not demand.is_current:
        raise ValidationError(_("Only a current proposal can be added."))
    siblings = Competence.objects.filter(framework_id=competence.framework_id)
    competence.sort_order = siblings.count()
    with transaction.atomic():
        competence.save()
        map_proposed_competence(demand, competence)
    logger.info(
        "Competence %s added to framework %s for demand %s",
        competence.pk,
        competence.framework_id,
        demand.pk,
    )
    return demand
