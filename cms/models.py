"""The site shell: home page, information pages and site-wide settings.

Curriculum pages (tracks, units, lessons) hang below the home page but are
defined in ``curriculum``; this app knows nothing of them.
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import base_blocks


class HomePage(Page):
    """The root of the site: a welcome text and the site's main streams."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(base_blocks(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(Page):
    """A standard information page, such as 'Over TechCampus' or 'Contact'."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(base_blocks(), blank=True, verbose_name=_("body"))

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and social links shown in every page's footer."""

    organisation = models.CharField(
        max_length=120,
        default="TechCampus Haarlemmermeer",
        verbose_name=_("organisation"),
    )
    address = models.TextField(blank=True, verbose_name=_("address"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail address"))
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("telephone"))
    linkedin_url = models.URLField(blank=True, verbose_name=_("LinkedIn"))
    instagram_url = models.URLField(blank=True, verbose_name=_("Instagram"))
    footer_text = RichTextField(
        blank=True, features=["bold", "italic", "link"], verbose_name=_("footer text")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
            ],
            heading=capfirst(_("contact details")),
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("instagram_url")],
            heading=capfirst(_("social media")),
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site settings")
