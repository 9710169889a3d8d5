"""Template tags that put a visitor's own pages in the site's navigation."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ..learning.teaching import is_staff
from ..llo import access

register = template.Library()


@register.simple_tag(takes_context=True)
def llo_link(context) -> dict | None:
    """Return the LLO page the visitor may open, as a url and a label.

    People with a portfolio get Mijn LLO; company contacts and coordinators
    without one get the overview; everyone else gets nothing.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if access.may_keep_portfolio(user):
        return {"url": reverse("llo:my_llo"), "label": _("My LLO")}
    if access.may_see_overview(user):
        return {"url": reverse("llo:overview"), "label": _("LLO overview")}
    return None


@register.simple_tag(takes_context=True)
def shows_teaching(context) -> bool:
    """Tell whether the visitor gets the Teaching link: only when it opens."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and is_staff(user)
