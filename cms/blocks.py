"""StreamField blocks shared by every page type of the site.

Curriculum pages build their own streams from these, so a lesson and an
information page render text, images, video and documents the same way.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
]


class FigureBlock(blocks.StructBlock):
    """An image with its alternative text and an optional caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "image"
        label = _("image")
        template = "cms/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    """A video hosted elsewhere, shown as a link until the visitor opens it.

    Rendering the provider's player would make every page view load scripts
    and trackers from outside the site; a link with a transcript keeps the
    page private and still accessible.
    """

    url = blocks.URLBlock(label=_("video address"))
    title = blocks.CharBlock(label=_("title"))
    duration = blocks.CharBlock(
        required=False, max_length=20, label=_("duration"), help_text=_("e.g. 4:30")
    )
    transcript = blocks.TextBlock(required=False, label=_("transcript"))

    class Meta:
        icon = "media"
        label = _("video")
        template = "cms/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    """A downloadable document with a short description."""

    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(required=False, label=_("description"))

    class Meta:
        icon = "doc-full"
        label = _("document")
        template = "cms/blocks/document.html"


class NoticeBlock(blocks.StructBlock):
    """A highlighted remark: a tip, or a safety warning in a workshop."""

    kind = blocks.ChoiceBlock(
        choices=[("tip", _("tip")), ("safety", _("safety"))],
        default="tip",
        label=_("kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("text"))

    class Meta:
        icon = "warning"
        label = _("notice")
        template = "cms/blocks/notice.html"


def base_blocks() -> list[tuple[str, blocks.Block]]:
    """Return fresh instances of the blocks every content stream offers."""
    return [
        (
            "paragraph",
            blocks.RichTextBlock(
                features=RICH_TEXT_FEATURES,
                label=_("text"),
                template="cms/blocks/paragraph.html",
            ),
        ),
        ("image", FigureBlock()),
        ("video", VideoBlock()),
        ("document", DocumentBlock()),
        ("notice", NoticeBlock()),
    ]
