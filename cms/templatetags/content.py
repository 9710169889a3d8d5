"""Template filters for rendering content blocks."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def hostname(url: str) -> str:
    """Return the host name of an address, without a leading 'www.'."""
    host = urlsplit(str(url)).hostname or ""
    return host.removeprefix("www.")
