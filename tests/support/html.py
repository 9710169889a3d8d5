"""Helpers to inspect rendered HTML in tests."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

RESOURCE_ATTRIBUTES = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
}


class _ResourceCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = RESOURCE_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if value and (name == wanted or name == "srcset"):
                self.urls.extend(part.split()[0] for part in value.split(",") if part)


def external_resources(html: str, own_host: str = "testserver") -> list[str]:
    """Return resource addresses in ``html`` that point to another host."""
    collector = _ResourceCollector()
    collector.feed(html)
    return [
        url
        for url in collector.urls
        if urlsplit(url).scheme in ("http", "https", "")
        and urlsplit(url).hostname not in (None, own_host)
    ]
