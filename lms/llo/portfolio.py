"""A participant's portfolio: certificates, hours per year and targets."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ..models import (
    Certificate,
    DevelopmentActivity,
    ExternalCertificate,
    HoursTarget,
    Status,
)
from . import badges


@dataclass(frozen=True)
class YearHours:
    """Development hours of one person in one calendar year."""

    year: int
    hours: Decimal
    target: int | None

    @property
    def percentage(self) -> int:
        """Return how far the target is reached, 0 to 100."""
        if not self.target:
            return 0
        return min(100, int(self.hours * 100 / self.target))

    @property
    def is_reached(self) -> bool:
        return bool(self.target) and self.hours >= self.target


def hours_by_year(user: AbstractBaseUser) -> dict[int, Decimal]:
    """Return activity and external certificate hours per calendar year."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    activities = (
        DevelopmentActivity.objects.filter(user=user)
        .annotate(year=ExtractYear("happened_on"))
        .values("year")
        .annotate(total=Sum("hours"))
    )
    certificates = (
        ExternalCertificate.objects.filter(holder=user)
        .annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(total=Sum("hours"))
    )
    for row in [*activities, *certificates]:
        totals[row["year"]] += row["total"] or Decimal(0)
    return dict(totals)


def target_for(user: AbstractBaseUser, year: int) -> int | None:
    """Return the person's hours target for ``year``, if one is set."""
    target = HoursTarget.objects.filter(user=user, year=year).first()
    return target.hours if target else None


def year_hours(user: AbstractBaseUser, year: int) -> YearHours:
    """Return the hours and target of ``user`` in ``year``."""
    hours = hours_by_year(user).get(year, Decimal(0))
    return YearHours(year=year, hours=hours, target=target_for(user, year))


def history(user: AbstractBaseUser, this_year: int) -> list[YearHours]:
    """Return hours and targets for every year with either, newest first."""
    totals = hours_by_year(user)
    targets = dict(HoursTarget.objects.filter(user=user).values_list("year", "hours"))
    years = sorted(set(totals) | set(targets) | {this_year}, reverse=True)
    return [
        YearHours(year, totals.get(year, Decimal(0)), targets.get(year))
        for year in years
    ]


def set_target(
    user: AbstractBaseUser, year: int, hours: int, by: AbstractBaseUser
) -> HoursTarget:
    """Set the hours target of ``user`` for ``year``."""
    target, _created = HoursTarget.objects.update_or_create(
        user=user, year=year, defaults={"hours": hours, "set_by": by}
    )
    return target


@dataclass(frozen=True)
class CertificateRow:
    """One line of a portfolio's certificate list, of either kind."""

    title: str
    issuer: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    status: str
    external: ExternalCertificate | None = None
    platform: Certificate | None = None

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def days_left(self) -> int | None:
        if self.expires_on is None:
            return None
        return (self.expires_on - timezone.localdate()).days


def certificate_rows(
    user: AbstractBaseUser, today: datetime.date | None = None
) -> list[CertificateRow]:
    """Return all certificates of ``user``, soonest expiry first."""
    today = today or timezone.localdate()
    rows = [
        CertificateRow(
            title=item.title,
            issuer=item.issuer,
            issued_on=item.issued_on,
            expires_on=item.expires_on,
            status=item.status(today),
            external=item,
        )
        for item in ExternalCertificate.objects.filter(holder=user)
    ]
    rows += [
        CertificateRow(
            title=item.achievement_title,
            issuer="TechCampus Haarlemmermeer",
            issued_on=item.issued_on,
            expires_on=item.valid_until,
            status=item.status(today),
            platform=item,
        )
        for item in Certificate.objects.filter(holder=user)
    ]
    return sorted(rows, key=_row_order)


def _row_order(row: CertificateRow) -> tuple:
    urgency = {Status.EXPIRED: 0, Status.EXPIRING: 1, Status.VALID: 2}
    far_future = datetime.date.max
    return (urgency.get(row.status, 3), row.expires_on or far_future, row.title)


def portfolio_data(user: AbstractBaseUser) -> dict:
    """Return the whole portfolio as plain data, for the JSON and PDF export."""
    today = timezone.localdate()
    return {
        "person": {
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
        },
        "generated_on": today.isoformat(),
        "years": [
            {"year": item.year, "hours": str(item.hours), "target": item.target}
            for item in history(user, today.year)
        ],
        "certificates": [_certificate_data(row) for row in certificate_rows(user)],
        "activities": [
            _activity_data(item)
            for item in DevelopmentActivity.objects.filter(user=user)
        ],
    }


def _certificate_data(row: CertificateRow) -> dict:
    data = {
        "title": row.title,
        "issuer": row.issuer,
        "issued_on": row.issued_on.isoformat(),
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "status": row.status,
        "status_label": row.status_label,
    }
    if row.external:
        data |= {
            "kind": row.external.kind,
            "number": row.external.number,
            "hours": str(row.external.hours),
        }
    if row.platform:
        data |= {
            "kind": "techcampus",
            "verification_code": row.platform.verification_code,
            "verification_url": badges.verification_url(row.platform),
        }
    return data


def _activity_data(activity: DevelopmentActivity) -> dict:
    return {
        "date": activity.happened_on.isoformat(),
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "organisation": activity.organisation,
        "hours": str(activity.hours),
    }
