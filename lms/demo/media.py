"""Seed illustrative images and small documents, drawn and written locally.

Nothing is downloaded: images are simple drawings made with Pillow from the
shapes in ``data/media.json``, documents are one-page PDFs or plain text.
"""

import textwrap
from functools import cache
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .context import SeedContext
from .loading import load

FILLED_SHAPES = ("rectangle", "rounded_rectangle", "ellipse")
PDF_LINE_WIDTH = 85


def seed_media(context: SeedContext) -> None:
    """Create the images and documents that are missing, by title."""
    data = load("media")
    for spec in data["images"]:
        context.images[spec["key"]] = _image(spec, context).pk
    for spec in data["documents"]:
        context.documents[spec["key"]] = _document(spec, context).pk


def _image(spec: dict, context: SeedContext):
    model = get_image_model()
    image = model.objects.filter(title=spec["title"]).first()
    if image:
        return image
    content = ImageFile(BytesIO(draw_png(spec)), name=f"{spec['key']}.png")
    image = model(title=spec["title"], description=spec["description"], file=content)
    image._set_image_file_metadata()
    image.save()
    context.record(image)
    return image


def _document(spec: dict, context: SeedContext):
    model = get_document_model()
    document = model.objects.filter(title=spec["title"]).first()
    if document:
        return document
    if spec["format"] == "pdf":
        data = text_pdf(spec["title"], spec["lines"])
    else:
        data = "\n".join([spec["title"], "", *spec["lines"], ""]).encode("utf-8")
    content = ContentFile(data, name=f"{spec['key']}.{spec['format']}")
    document = model(title=spec["title"], file=content)
    document._set_document_file_metadata()
    document.save()
    context.record(document)
    return document


def draw_png(spec: dict) -> bytes:
    """Return a PNG drawing of the shapes and labels in ``spec``."""
    canvas = PillowImage.new("RGB", tuple(spec["size"]), spec["background"])
    pen = ImageDraw.Draw(canvas)
    for shape in spec["shapes"]:
        _draw(pen, shape)
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def _draw(pen: ImageDraw.ImageDraw, shape: dict) -> None:
    kind = shape["shape"]
    if kind == "text":
        font = _font(shape.get("size", 22))
        pen.text(tuple(shape["at"]), shape["text"], fill=shape["fill"], font=font)
    elif kind == "line":
        pen.line(shape["points"], fill=shape["fill"], width=shape.get("width", 3))
    elif kind in FILLED_SHAPES:
        getattr(pen, kind)(
            shape["box"],
            fill=shape.get("fill"),
            outline=shape.get("outline"),
            width=shape.get("width", 3),
        )
    else:
        raise ValueError(f"Unknown shape {kind!r}")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def text_pdf(title: str, lines: list[str]) -> bytes:
    """Return a one-page A4 PDF with ``title`` and ``lines`` in Helvetica."""
    wrapped = [part for line in lines for part in _wrap(line)]
    text = [f"BT /F1 16 Tf 56 780 Td ({_pdf_string(title)}) Tj"]
    text += ["/F1 11 Tf 0 -30 Td"]
    text += [f"({_pdf_string(line)}) Tj 0 -16 Td" for line in wrapped]
    stream = "\n".join([*text, "ET"]).encode("cp1252", errors="replace")
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


def _wrap(line: str) -> list[str]:
    return textwrap.wrap(line, PDF_LINE_WIDTH) or [""]


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_file(objects: list[bytes]) -> bytes:
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % table_at
    return bytes(output)
