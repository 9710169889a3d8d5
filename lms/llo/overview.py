"""The employer overview: people × certificate kinds, with expiry status."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExternalCertificate, Status
from . import portfolio


@dataclass(frozen=True)
class Column:
    """A certificate kind shown as a column."""

    key: str
    title: str


@dataclass(frozen=True)
class Cell:
    """The most recent certificate of one kind for one person."""

    expires_on: datetime.date | None
    status: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class Row:
    """One person in the overview."""

    person: AbstractBaseUser
    company: str
    cells: dict[str, Cell] = field(default_factory=dict)
    hours: portfolio.YearHours | None = None
    ordered: list[Cell | None] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.get_full_name() or self.person.get_username()


@dataclass
class Overview:
    """The whole matrix, ready for a template or an export."""

    columns: list[Column]
    rows: list[Row]
    today: datetime.date


def _newest_per_kind(certificates: list[ExternalCertificate]) -> dict:
    newest: dict[str, ExternalCertificate] = {}
    for item in certificates:
        current = newest.get(item.kind_key)
        if current is None or _sort_key(item) > _sort_key(current):
            newest[item.kind_key] = item
    return newest


def _sort_key(item: ExternalCertificate) -> tuple:
    return (item.expires_on or datetime.date.max, item.issued_on)


def _columns(certificates: list[ExternalCertificate]) -> list[Column]:
    order = {kind: index for index, kind in enumerate(ExternalCertificate.Kind.values)}
    columns = {
        item.kind_key: Column(item.kind_key, item.title) for item in certificates
    }
    return sorted(
        columns.values(), key=lambda column: (order.get(column.key, 99), column.title)
    )


def _is_expiring_within(row: Row, days: int, today: datetime.date) -> bool:
    limit = today + datetime.timedelta(days=days)
    return any(
        cell.expires_on and today <= cell.expires_on <= limit
        for cell in row.cells.values()
    )


def build_overview(
    people: QuerySet, expiring_within_days: int | None = None
) -> Overview:
    """Return the overview of ``people``, optionally only those with expiries."""
    today = timezone.localdate()
    people = sorted(
        people.select_related("llo_participant__company"), key=_person_order
    )
    certificates = list(ExternalCertificate.objects.filter(holder__in=people))
    by_person: dict[int, list[ExternalCertificate]] = {}
    for item in certificates:
        by_person.setdefault(item.holder_id, []).append(item)
    rows = [_row(person, by_person.get(person.pk, []), today) for person in people]
    if expiring_within_days is not None:
        rows = [r for r in rows if _is_expiring_within(r, expiring_within_days, today)]
    columns = _columns(certificates)
    for row in rows:
        row.ordered = [row.cells.get(column.key) for column in columns]
    return Overview(columns=columns, rows=rows, today=today)


def _person_order(person: AbstractBaseUser) -> tuple[str, str, str]:
    """Order by surname as Dutch lists do: "de Boer" under B, not under d."""
    words = person.last_name.split()
    while len(words) > 1 and words[0].islower():
        words.pop(0)
    surname = " ".join(words)
    return (surname.casefold(), person.first_name.casefold(), person.get_username())


def _row(person: AbstractBaseUser, certificates: list, today: datetime.date) -> Row:
    participant = getattr(person, "llo_participant", None)
    company = participant.company.name if participant and participant.company else ""
    cells = {
        key: Cell(item.expires_on, item.status(today))
        for key, item in _newest_per_kind(certificates).items()
    }
    hours = portfolio.year_hours(person, today.year)
    return Row(person=person, company=company, cells=cells, hours=hours)


def table(overview: Overview) -> list[list]:
    """Return the overview as rows of plain values, header first, for export."""
    header = [_("Name"), _("Company")]
    header += [column.title for column in overview.columns]
    header += [_("Hours this year"), _("Target this year")]
    lines = [header]
    for row in overview.rows:
        cells = [_cell_text(cell) for cell in row.ordered]
        target = row.hours.target if row.hours.target is not None else ""
        lines.append([row.name, row.company, *cells, float(row.hours.hours), target])
    return lines


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.expires_on is None:
        return cell.status_label
    return f"{cell.expires_on.isoformat()} ({cell.status_label})"
