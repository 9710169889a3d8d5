"""Shape stored check results for the admin reports and the exports."""

import csv
import io
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from ..models import Company, CompetenceDemand
from .engine import REQUIRED_AT_LEVEL, STATUS_NAMES, STATUS_SCORES
from .inputs import IMPORTANCE_WEIGHTS

STATUS_LABELS = {
    "required-at-level": _("required unit, at level"),
    "elective-only": _("elective unit only"),
    "below-level": _("taught below the level"),
    "none": _("not taught"),
}
STATUS_SYMBOLS = {
    "required-at-level": "●",
    "elective-only": "◐",
    "below-level": "○",
    "none": "–",
}
IMPORTANCE_LABELS = dict(CompetenceDemand.Importance.choices)
HORIZON_LABELS = dict(CompetenceDemand.Horizon.choices)
SECTOR_LABELS = dict(Company.Sector.choices)
CLOSED_REASONS = {
    "covered": _("now taught at its level in a required unit"),
    "no-longer-demanded": _("no longer demanded"),
}
HEATMAP_ROWS = 60
# Distinct enough side by side; the first is the whole curriculum's line.
TREND_COLOURS = [
    "#0a4a66",
    "#c2410c",
    "#15803d",
    "#7e22ce",
    "#b91c1c",
    "#0891b2",
    "#a16207",
    "#db2777",
    "#4d7c0f",
    "#1d4ed8",
    "#57534e",
]


def status_cell(status: int) -> dict:
    """Return the name, label and symbol of a status number."""
    name = STATUS_NAMES[status]
    return {"name": name, "label": STATUS_LABELS[name], "symbol": STATUS_SYMBOLS[name]}


def legend() -> list[dict]:
    """Return every status, best first, for a legend."""
    return [status_cell(status) for status in reversed(range(len(STATUS_NAMES)))]


def percentage(score: float | None) -> str:
    return "–" if score is None else f"{round(score * 100)}%"


def track_summary(results: dict) -> list[dict]:
    """Return per track its score and the number of items per status."""
    return [
        track
        | {
            "percentage": percentage(track["score"]),
            "cells": [
                status_cell(status) | {"count": track["counts"][status]}
                for status in reversed(range(len(STATUS_NAMES)))
            ],
        }
        for track in results.get("tracks", [])
    ]


def heatmap(results: dict, limit: int = HEATMAP_ROWS) -> dict:
    """Return the heaviest demanded items × tracks with a status per cell."""
    items = results.get("items", [])[:limit]
    return {
        "tracks": results.get("tracks", []),
        "rows": [
            _item_row(item) | {"cells": [status_cell(int(s)) for s in item["tracks"]]}
            for item in items
        ],
        "shown": len(items),
        "total": len(results.get("items", [])),
        "legend": legend(),
    }


def _item_row(item: dict) -> dict:
    return {
        "code": item["code"],
        "title": item["title"],
        "framework": item["framework"],
        "level": item["level"],
        "weight": _number(item["weight"]),
        "people": item["people"],
        "horizon": HORIZON_LABELS.get(item["horizon"], item["horizon"]),
        "status": status_cell(item["overall"]),
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def gap_rows(results: dict) -> list[dict]:
    """Return the items not covered at level in a required unit, heaviest first."""
    companies = results.get("companies", {})
    return [
        _item_row(item)
        | {
            "company_count": len(item["companies"]),
            "companies": sorted(
                companies.get(str(company), {}).get("name", "?")
                for company in item["companies"]
            ),
        }
        for item in results.get("items", [])
        if item["overall"] < REQUIRED_AT_LEVEL
    ]


def sector_rows(results: dict) -> list[dict]:
    """Return the coverage per company sector, heaviest demand first."""
    sectors = sorted(results.get("sectors", []), key=lambda row: -row["weight"])
    return [
        sector
        | {
            "label": _sector_label(sector["sector"]),
            "percentage": percentage(sector["score"]),
            "weight": _number(sector["weight"]),
        }
        for sector in sectors
    ]


def _sector_label(code: str) -> str:
    """Return a sector's label; text that is no known code is shown as it is."""
    return SECTOR_LABELS.get(code, code) or _("no sector")


def comparison_summary(comparison: dict) -> dict:
    """Return the comparison with a readable reason for every closed gap."""
    if not comparison:
        return {}
    closed = [
        gap | {"reason_label": CLOSED_REASONS.get(gap.get("reason"), "")}
        for gap in comparison.get("closed_gaps", [])
    ]
    return comparison | {"closed_gaps": closed}


def demand_keys_seen(results: dict, company_id: int) -> Counter:
    """Count the company's demands as the run saw them, one key per demand.

    A key is (framework code, competence code, level, importance, horizon,
    people), as ``current_demand_keys`` makes them from the database.
    """
    items = results.get("items", [])
    return Counter(
        (items[row]["framework"], items[row]["code"], items[row]["level"], *rest)
        for company, row, *rest in results.get("demands", [])
        if company == company_id
    )


def current_demand_keys(company_id: int) -> Counter:
    """Count the company's demands a check would read now, keyed as above."""
    demands = (
        CompetenceDemand.objects.current()
        .filter(company_id=company_id, competence__isnull=False)
        .values_list(
            "competence__framework__code",
            "competence__code",
            "level",
            "importance",
            "horizon",
            "people_needed",
        )
    )
    # The check counts a demand for nobody as a demand for one person.
    return Counter((*key[:5], max(key[5], 1)) for key in demands)


def company_coverage(results: dict, company_id: int) -> dict:
    """Return how the tracks cover one company's own demands, and nothing more.

    Other companies appear neither by name nor by number.
    """
    items = results.get("items", [])
    tracks = results.get("tracks", [])
    rows, weights = [], []
    for company, row, importance, horizon, people in results.get("demands", []):
        if company != company_id:
            continue
        item = items[row]
        weights.append((IMPORTANCE_WEIGHTS.get(importance, 1) * people, item))
        rows.append(
            {
                "code": item["code"],
                "title": item["title"],
                "level": item["level"],
                "importance": IMPORTANCE_LABELS.get(importance, importance),
                "horizon": HORIZON_LABELS.get(horizon, horizon),
                "people": people,
                "status": status_cell(item["overall"]),
                "cells": [status_cell(int(status)) for status in item["tracks"]],
            }
        )
    return {
        "rows": rows,
        "tracks": [
            track | {"percentage": percentage(_own_score(weights, position))}
            for position, track in enumerate(tracks)
        ],
        "percentage": percentage(_own_score(weights, None)),
    }


def _own_score(weights: list[tuple[int, dict]], position: int | None) -> float | None:
    total = sum(weight for weight, _item in weights)
    if not total:
        return None
    covered = sum(
        weight * STATUS_SCORES[_status_in(item, position)] for weight, item in weights
    )
    return float(covered / total)


def _status_in(item: dict, position: int | None) -> int:
    """Return an item's status in the track at ``position``, or overall."""
    return item["overall"] if position is None else int(item["tracks"][position])


def trend_chart(runs: Iterable, width: int = 640, height: int = 260) -> dict:
    """Return SVG polylines of the overall and per-track scores over ``runs``.

    The whole curriculum and the first ten tracks by code get a line; the
    table under the chart lists every score.
    """
    runs = list(runs)
    box = {"left": 44, "right": width - 12, "top": 12, "bottom": height - 36}
    span_x = max(len(runs) - 1, 1)

    def x_of(index: int) -> float:
        return box["left"] + (box["right"] - box["left"]) * index / span_x

    def y_of(score: float) -> float:
        return box["top"] + (box["bottom"] - box["top"]) * (1 - score)

    lines = [
        {
            "label": label,
            "colour": colour,
            "stroke": stroke,
            "points": " ".join(
                f"{x_of(n):.1f},{y_of(score):.1f}"
                for n, score in enumerate(scores)
                if score is not None
            ),
        }
        for (label, scores, stroke), colour in zip(
            _trend_series(runs), TREND_COLOURS, strict=False
        )
    ]
    return {
        "width": width,
        "height": height,
        "left": box["left"],
        "right": box["right"],
        "lines": lines,
        "grid": [
            {"y": y_of(value / 100), "label": f"{value}%"}
            for value in (0, 25, 50, 75, 100)
        ],
        "x_labels": [
            {"x": x_of(n), "y": height - 14, "label": f"#{run.pk}"}
            for n, run in enumerate(runs)
        ],
        "runs": [{"run": run, "percentage": percentage(run.score)} for run in runs],
    }


def _trend_series(runs: list) -> list[tuple]:
    """Return (label, scores, stroke width) per line: all tracks, then each."""
    series = [(_("all tracks"), [run.score for run in runs], 3)]
    latest = runs[-1].track_scores if runs else {}
    for code in sorted(latest)[: len(TREND_COLOURS) - 1]:
        series.append((code, [run.track_scores.get(code) for run in runs], 1.5))
    return series


GAP_COLUMNS = [
    _("code"),
    _("competence"),
    _("framework"),
    _("level"),
    _("coverage"),
    _("weight"),
    _("people needed per year"),
    _("horizon"),
    _("companies"),
]


def gap_table(results: dict) -> list[list]:
    """Return the gap report as rows of plain values, header first."""
    rows = [[str(column) for column in GAP_COLUMNS]]
    for gap in gap_rows(results):
        rows.append(
            [
                gap["code"],
                gap["title"],
                gap["framework"],
                gap["level"],
                str(gap["status"]["label"]),
                gap["weight"],
                gap["people"],
                str(gap["horizon"]),
                ", ".join(gap["companies"]),
            ]
        )
    return rows


def track_table(results: dict) -> list[list]:
    header = [str(_("track")), str(_("title")), str(_("coverage score"))]
    header += [str(STATUS_LABELS[name]) for name in reversed(STATUS_NAMES)]
    rows = [header]
    for track in results.get("tracks", []):
        counts = list(reversed(track["counts"]))
        rows.append([track["code"], track["title"], track["score"], *counts])
    return rows


def surplus_table(results: dict) -> list[list]:
    rows = [
        [str(_("code")), str(_("competence")), str(_("framework")), str(_("tracks"))]
    ]
    for entry in results.get("surpluses", []):
        rows.append(
            [
                entry["code"],
                entry["title"],
                entry["framework"],
                ", ".join(entry["tracks"]),
            ]
        )
    return rows


def _safe(rows: list[list]) -> list[list]:
    """Quote text a spreadsheet would otherwise run as a formula."""
    return [
        [
            f"'{value}"
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@")
            else value
            for value in row
        ]
        for row in rows
    ]


def export_csv(results: dict) -> bytes:
    """Return the gap table as CSV, with a byte-order mark for spreadsheets."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_safe(gap_table(results)))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(results: dict) -> bytes:
    """Return a workbook with the gaps, the track summary and the surpluses."""
    workbook = Workbook()
    sheets = [
        (_("gaps"), gap_table(results)),
        (_("tracks"), track_table(results)),
        (_("surpluses"), surplus_table(results)),
    ]
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        for row in _safe(rows):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
