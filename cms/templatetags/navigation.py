"""Template tags for the site's main navigation."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[Page]:
    """Return the live children of the home page marked 'show in menus'."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().public())


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    """Return the root page of the current site."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> list[Page]:
    """Return the live ancestors of the current page below the site's root."""
    page = context.get("page")
    root = home_page(context)
    if page is None or root is None:
        return []
    ancestors = page.get_ancestors().live().filter(depth__gt=root.depth)
    return list(ancestors)
