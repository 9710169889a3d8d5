"""A4 PDF documents: the platform certificate and the LLO portfolio.

Text goes through gettext and is rendered in Dutch; dates use Django's
Dutch formats. Only reportlab's built-in fonts are used, so nothing has to
be installed on the server.
"""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

import segno
from django.template.defaultfilters import floatformat
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..models import Certificate
from . import badges, conf

PRIMARY = colors.HexColor("#0a4a66")
PRIMARY_LIGHT = colors.HexColor("#e3eff5")
ACCENT = colors.HexColor("#e07b1a")
INK = colors.HexColor("#18212b")
MUTED = colors.HexColor("#4a5665")
DANGER = colors.HexColor("#a3231b")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm
DOCUMENT_LANGUAGE = "nl"


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """Return a date written out, such as "3 december 2026"."""
    if value is None:
        return "—"
    return formats.date_format(value, "j F Y")


def hours_text(hours: str) -> str:
    """Return hours as Dutch writes them: "3", "2,5"."""
    return floatformat(Decimal(hours), "-1")


def _style(name: str, **options) -> ParagraphStyle:
    return ParagraphStyle(name, fontName="Helvetica", textColor=INK, **options)


def draw_qr_code(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw ``text`` as a QR code of ``size`` points with its corner at x, y."""
    rows = list(segno.make(text, error="m").matrix_iter(scale=1, border=0))
    module = size / len(rows)
    canvas.setFillColor(INK)
    for row_number, row in enumerate(rows):
        top = y + size - (row_number + 1) * module
        for column, is_dark in enumerate(row):
            if is_dark:
                canvas.rect(x + column * module, top, module, module, 0, 1)


def _draw_header_band(canvas: Canvas) -> None:
    band_height = 34 * mm
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - band_height, PAGE_WIDTH, band_height, 0, 1)
    canvas.setFillColor(ACCENT)
    canvas.rect(0, PAGE_HEIGHT - band_height - 2 * mm, PAGE_WIDTH, 2 * mm, 0, 1)
    canvas.setFillColor(colors.white)
    canvas.roundRect(MARGIN, PAGE_HEIGHT - 25 * mm, 16 * mm, 16 * mm, 3 * mm, 0, 1)
    canvas.setFillColor(PRIMARY)
    canvas.setFont("Helvetica-Bold", 17)
    canvas.drawCentredString(MARGIN + 8 * mm, PAGE_HEIGHT - 19.3 * mm, "TC")
    canvas.setFillColor(colors.white)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(MARGIN + 21 * mm, PAGE_HEIGHT - 16 * mm, conf.issuer_name())
    canvas.setFont("Helvetica", 10.5)
    canvas.drawString(
        MARGIN + 21 * mm,
        PAGE_HEIGHT - 22 * mm,
        _("Practice-oriented technical education in the region"),
    )


def _draw_paragraph(
    canvas: Canvas, text: str, style: ParagraphStyle, top: float
) -> float:
    """Draw a centred paragraph below ``top``; return the new top."""
    paragraph = Paragraph(text, style)
    _width, height = paragraph.wrapOn(canvas, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT)
    paragraph.drawOn(canvas, MARGIN, top - height)
    return top - height - style.spaceAfter


def _draw_title_block(canvas: Canvas, certificate: Certificate) -> float:
    centred = {"alignment": TA_CENTER}
    top = PAGE_HEIGHT - 62 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(PAGE_WIDTH / 2 - 12 * mm, top + 4 * mm, 24 * mm, 1.2 * mm, 0, 1)
    title = _style("title", fontSize=34, leading=40, spaceAfter=10, **centred)
    title.fontName, title.textColor = "Helvetica-Bold", PRIMARY
    top = _draw_paragraph(canvas, escape(_("Certificate")), title, top)
    intro = _style("intro", fontSize=12.5, leading=17, spaceAfter=8, **centred)
    intro.textColor = MUTED
    top = _draw_paragraph(canvas, escape(_("This is to certify that")), intro, top)
    name = _style("name", fontSize=26, leading=32, spaceAfter=10, **centred)
    name.fontName = "Helvetica-Bold"
    holder = certificate.holder.get_full_name() or certificate.holder.get_username()
    top = _draw_paragraph(canvas, escape(holder), name, top)
    top = _draw_paragraph(canvas, escape(_completed_phrase(certificate)), intro, top)
    achievement = _style("achievement", fontSize=20, leading=25, spaceAfter=6)
    achievement.fontName, achievement.textColor = "Helvetica-Bold", PRIMARY
    achievement.alignment = TA_CENTER
    top = _draw_paragraph(
        canvas, escape(certificate.achievement_title), achievement, top
    )
    if certificate.study_load_hours:
        load = _("study load: %(hours)s hours") % {
            "hours": certificate.study_load_hours
        }
        top = _draw_paragraph(canvas, escape(load), intro, top)
    return top


def _completed_phrase(certificate: Certificate) -> str:
    if certificate.achievement_kind == Certificate.Kind.TRACK:
        return _("has successfully completed the track")
    return _("has successfully completed the unit")


def _draw_competences(canvas: Canvas, certificate: Certificate, top: float) -> float:
    competences = list(certificate.competences.all())
    if not competences:
        return top
    top -= 6 * mm
    heading = _style("heading", fontSize=11, leading=14, spaceAfter=4)
    heading.fontName, heading.textColor = "Helvetica-Bold", PRIMARY
    top = _draw_paragraph(canvas, escape(_("Competences").upper()), heading, top)
    item = _style("item", fontSize=10.5, leading=14, spaceAfter=2, leftIndent=10)
    item.bulletIndent = 0
    for competence in competences[:10]:
        label = escape(f"{competence.code} {competence.title}")
        text = f"<bullet>&bull;</bullet>{label}"
        top = _draw_paragraph(canvas, text, item, top)
    if len(competences) > 10:
        more = _("and %(count)s more") % {"count": len(competences) - 10}
        top = _draw_paragraph(canvas, escape(more), item, top)
    return top


def _draw_facts(canvas: Canvas, certificate: Certificate) -> None:
    facts = [
        (_("Date of issue"), long_date(certificate.issued_on)),
        (_("Valid until"), long_date(certificate.valid_until)),
        (_("Verification code"), certificate.verification_code),
    ]
    if certificate.valid_until is None:
        facts[1] = (_("Valid until"), _("does not expire"))
    top = 86 * mm
    column_width = (PAGE_WIDTH - 2 * MARGIN) / 3
    canvas.setStrokeColor(colors.HexColor("#cfd8e0"))
    canvas.line(MARGIN, top + 8 * mm, PAGE_WIDTH - MARGIN, top + 8 * mm)
    for index, (label, value) in enumerate(facts):
        x = MARGIN + index * column_width
        canvas.setFillColor(MUTED)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(x, top, label.upper())
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 12.5)
        canvas.drawString(x, top - 6 * mm, value)


def _draw_verification(canvas: Canvas, certificate: Certificate) -> None:
    url = badges.verification_url(certificate)
    size = 34 * mm
    bottom = 24 * mm
    draw_qr_code(canvas, url, PAGE_WIDTH - MARGIN - size, bottom, size)
    style = _style("verify", fontSize=10, leading=14, spaceAfter=4)
    style.textColor = MUTED
    text = Paragraph(
        escape(
            _(
                "Scan the code or visit the address below to check that this "
                "certificate is genuine and still valid."
            )
        )
        + f"<br/><font color='#0a4a66'><b>{escape(url)}</b></font>",
        style,
    )
    width = PAGE_WIDTH - 2 * MARGIN - size - 10 * mm
    _width, height = text.wrapOn(canvas, width, size)
    text.drawOn(canvas, MARGIN, bottom + size - height)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(
        MARGIN, 14 * mm, _("Issued by %(issuer)s") % {"issuer": conf.issuer_name()}
    )


def _draw_revoked_stamp(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(30)
    canvas.setFillColor(DANGER)
    canvas.setFillAlpha(0.25)
    canvas.setFont("Helvetica-Bold", 72)
    canvas.drawCentredString(0, 0, _("REVOKED"))
    canvas.restoreState()


def certificate_pdf(certificate: Certificate) -> bytes:
    """Return the A4 certificate for ``certificate`` as PDF bytes, in Dutch."""
    buffer = io.BytesIO()
    with translation.override(DOCUMENT_LANGUAGE):
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        canvas.setTitle(f"{_('Certificate')} {certificate.achievement_title}")
        canvas.setAuthor(conf.issuer_name())
        _draw_header_band(canvas)
        top = _draw_title_block(canvas, certificate)
        _draw_competences(canvas, certificate, top)
        _draw_facts(canvas, certificate)
        _draw_verification(canvas, certificate)
        if certificate.is_revoked:
            _draw_revoked_stamp(canvas)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


class _Band(Flowable):
    """The coloured header band at the top of a portfolio's first page."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.title, self.subtitle = title, subtitle

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        return available_width, 24 * mm

    def draw(self) -> None:
        self.canv.setFillColor(PRIMARY)
        self.canv.roundRect(0, 0, self.width, 22 * mm, 3 * mm, 0, 1)
        self.canv.setFillColor(colors.white)
        self.canv.setFont("Helvetica-Bold", 17)
        self.canv.drawString(6 * mm, 12 * mm, self.title)
        self.canv.setFont("Helvetica", 10.5)
        self.canv.drawString(6 * mm, 5.5 * mm, self.subtitle)


def _table(header: list[str], rows: Iterable[list[str]], widths: list[float]):
    cell = _style("cell", fontSize=9, leading=11.5)
    head = _style("head", fontSize=9, leading=11.5)
    head.fontName, head.textColor = "Helvetica-Bold", colors.white
    data = [[Paragraph(escape(text), head) for text in header]]
    data += [[Paragraph(escape(str(text)), cell) for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PRIMARY_LIGHT]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, PRIMARY),
            ]
        )
    )
    return table


def portfolio_pdf(portfolio: dict) -> bytes:
    """Return a portfolio (see ``portfolio.portfolio_data``) as PDF bytes."""
    buffer = io.BytesIO()
    with translation.override(DOCUMENT_LANGUAGE):
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
            title=_("LLO portfolio"),
            author=conf.issuer_name(),
        )
        document.build(_portfolio_story(portfolio, document.width))
    return buffer.getvalue()


def _portfolio_story(portfolio: dict, width: float) -> list:
    styles = getSampleStyleSheet()
    heading = styles["Heading2"]
    heading.textColor = PRIMARY
    person = portfolio["person"]
    subtitle = _("Lifelong learning portfolio, made on %(date)s") % {
        "date": long_date(datetime.date.fromisoformat(portfolio["generated_on"]))
    }
    story: list = [_Band(person["name"], subtitle), Spacer(1, 4 * mm)]
    story += _hours_section(portfolio, heading, width)
    story += _certificates_section(portfolio, heading, width)
    story += _activities_section(portfolio, heading, width)
    return story


def _hours_section(portfolio: dict, heading: ParagraphStyle, width: float) -> list:
    rows = [
        [str(year["year"]), hours_text(year["hours"]), year["target"] or "—"]
        for year in portfolio["years"]
    ]
    header = [_("Year"), _("Hours"), _("Target")]
    return [
        Paragraph(escape(_("Development hours per year")), heading),
        _table(header, rows, [width * 0.3, width * 0.35, width * 0.35]),
    ]


def _certificates_section(
    portfolio: dict, heading: ParagraphStyle, width: float
) -> list:
    rows = [
        [
            item["title"],
            item["issuer"],
            long_date(_parse(item["issued_on"])),
            long_date(_parse(item["expires_on"]))
            if item["expires_on"]
            else _("does not expire"),
            item["status_label"],
        ]
        for item in portfolio["certificates"]
    ]
    header = [_("Certificate"), _("Issued by"), _("Issued"), _("Expires"), _("Status")]
    widths = [width * share for share in (0.3, 0.22, 0.16, 0.16, 0.16)]
    if not rows:
        return [Paragraph(escape(_("Certificates")), heading)]
    return [Paragraph(escape(_("Certificates")), heading), _table(header, rows, widths)]


def _activities_section(portfolio: dict, heading: ParagraphStyle, width: float) -> list:
    rows = [
        [
            long_date(_parse(item["date"])),
            item["title"],
            item["kind_label"],
            hours_text(item["hours"]),
        ]
        for item in portfolio["activities"]
    ]
    header = [_("Date"), _("Activity"), _("Kind"), _("Hours")]
    widths = [width * share for share in (0.18, 0.44, 0.26, 0.12)]
    story = [Paragraph(escape(_("Development activities")), heading)]
    if rows:
        story.append(_table(header, rows, widths))
    return story


def _parse(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
