"""Import competence demands and competence frameworks from CSV or XLSX.

An import stores every row or none: all rows are checked first, and any
error on any row means nothing is stored. Each error names the row as a
spreadsheet shows it (the header is row 1).
"""

import csv
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from .demands import supply_demand
from .models import (
    Company,
    Competence,
    CompetenceDemand,
    CompetenceFramework,
    ProficiencyScale,
)

logger = logging.getLogger(__name__)

DEMAND_COLUMNS = [
    "competence_code",
    "proposed_competence",
    "level",
    "importance",
    "horizon",
    "people_needed",
    "remark",
]
DEMAND_REQUIRED = {"competence_code", "level", "importance", "horizon"}
DEMAND_EXAMPLE = ["K1-W1", "", "3", "must", "now", "2", ""]
COMPETENCE_COLUMNS = ["code", "title", "parent_code", "kind", "esco_uri", "scale"]
COMPETENCE_REQUIRED = {"code", "title"}
COMPETENCE_EXAMPLE = ["K1", "Bereidt werkzaamheden voor", "", "core-task", "", ""]
FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class ImportResult:
    """What an import stored, or why it stored nothing."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(uploaded) -> list[dict[str, str]]:
    """Return the rows of a CSV or XLSX upload as dicts of stripped strings."""
    name = getattr(uploaded, "name", "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(uploaded)
    if name.endswith(".csv"):
        return _csv_rows(uploaded)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _csv_rows(uploaded) -> list[dict[str, str]]:
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("Save the CSV file as UTF-8.")) from error
    # Spreadsheets in Dutch locales write semicolons; others write commas.
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [_clean(row) for row in reader]


def _xlsx_rows(uploaded) -> list[dict[str, str]]:
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("This is not a readable XLSX file.")) from error
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = [_text(cell) for cell in next(rows, ())]
    result = [_clean(dict(zip(header, row, strict=False))) for row in rows]
    workbook.close()
    return result


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean(row: dict) -> dict[str, str]:
    return {
        _text(key).lower(): _text(value)
        for key, value in row.items()
        if key is not None
    }


def missing_columns(rows: list[dict], required: set[str]) -> list[str]:
    """Return the required columns the file lacks, in a fixed order."""
    present = set(rows[0]) if rows else set()
    return sorted(required - present)


def _choice(value: str, choices) -> str | None:
    """Return the choice whose code or label matches ``value``, ignoring case."""
    lowered = value.lower()
    for code, label in choices:
        if lowered in (code.lower(), str(label).lower()):
            return code
    return None


def _data_rows(rows: list[dict]) -> Iterable[tuple[int, dict]]:
    """Yield (spreadsheet row number, row) for every row that is not empty."""
    for number, row in enumerate(rows, start=2):
        if any(row.values()):
            yield number, row


def _file_errors(rows: list[dict], required: set[str]) -> list[str]:
    if not any(any(row.values()) for row in rows):
        return [_("The file has no rows to import.")]
    missing = missing_columns(rows, required)
    if missing:
        return [_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}]
    return []


def import_demands(
    uploaded, company: Company, framework: CompetenceFramework, user=None
) -> ImportResult:
    """Import a company's demands; competence codes are looked up in ``framework``."""
    try:
        rows = read_rows(uploaded)
    except ImportFileError as error:
        return ImportResult(errors=[str(error)])
    errors = _file_errors(rows, DEMAND_REQUIRED)
    if errors:
        return ImportResult(errors=errors)
    competences = {item.code.lower(): item for item in framework.competences.all()}
    demands, seen = [], set()
    for number, row in _data_rows(rows):
        demand, row_errors = _demand_from_row(row, company, competences, framework)
        need = demand.competence_id or demand.proposed_competence_title.lower()
        if need in seen:
            row_errors.append(_("this competence appears more than once."))
        seen.add(need)
        errors += [
            _("Row %(row)s: %(error)s") % {"row": number, "error": error}
            for error in row_errors
        ]
        demands.append(demand)
    if errors:
        logger.warning("Demand import for company %s refused", company.pk)
        return ImportResult(errors=errors)
    with transaction.atomic():
        for demand in demands:
            supply_demand(demand, user)
    logger.info("Imported %s demands for company %s", len(demands), company.pk)
    return ImportResult(created=len(demands))


def _demand_from_row(row, company, competences, framework):
    """Return an unsaved demand for a row and the row's errors."""
    errors = []
    code = row.get("competence_code", "")
    proposed = row.get("proposed_competence", "")
    competence = competences.get(code.lower()) if code else None
    if code and competence is None:
        errors.append(_("unknown competence code %(code)s.") % {"code": code})
    if not code and not proposed:
        errors.append(_("give a competence code or a proposed competence."))
    importance = _choice(row.get("importance", ""), CompetenceDemand.Importance.choices)
    if importance is None:
        errors.append(
            _("unknown importance %(value)s; use must, should or nice.")
            % {"value": row.get("importance", "")}
        )
    horizon = _choice(row.get("horizon", ""), CompetenceDemand.Horizon.choices)
    if horizon is None:
        errors.append(
            _("unknown horizon %(value)s; use now, 2-years or 5-years.")
            % {"value": row.get("horizon", "")}
        )
    scale = competence.proficiency_scale if competence else framework.default_scale
    level, level_error = _level(row.get("level", ""), scale)
    errors += [level_error] if level_error else []
    people, people_error = _people(row.get("people_needed", ""))
    errors += [people_error] if people_error else []
    demand = CompetenceDemand(
        company=company,
        competence=competence,
        proposed_competence_title="" if competence else proposed,
        level=level or 1,
        importance=importance or "",
        horizon=horizon or "",
        people_needed=people,
        remark=row.get("remark", ""),
    )
    return demand, errors


def _level(value: str, scale: ProficiencyScale) -> tuple[int | None, str | None]:
    highest = scale.highest_level
    message = _("level %(value)s is not a whole number from 1 to %(highest)s.") % {
        "value": value or "''",
        "highest": highest,
    }
    try:
        level = int(value)
    except ValueError:
        return None, message
    return (level, None) if 1 <= level <= highest else (None, message)


def _people(value: str) -> tuple[int, str | None]:
    if not value:
        return 1, None
    try:
        people = int(value)
    except ValueError:
        people = 0
    if 1 <= people <= 32767:
        return people, None
    return 1, _("people needed %(value)s is not a whole number of 1 or more.") % {
        "value": value
    }


def import_competences(uploaded, framework: CompetenceFramework) -> ImportResult:
    """Add or update a framework's competences by code; parents by code too."""
    try:
        rows = read_rows(uploaded)
    except ImportFileError as error:
        return ImportResult(errors=[str(error)])
    errors = _file_errors(rows, COMPETENCE_REQUIRED)
    if errors:
        return ImportResult(errors=errors)
    existing = {item.code: item for item in framework.competences.all()}
    scales = {scale.name.lower(): scale for scale in ProficiencyScale.objects.all()}
    numbered = list(_data_rows(rows))
    codes = [row.get("code", "") for _number, row in numbered]
    competences, parents = [], []
    for number, row in numbered:
        competence, parent, row_errors = _competence_from_row(
            row, framework, existing, scales, codes
        )
        errors += [
            _("Row %(row)s: %(error)s") % {"row": number, "error": error}
            for error in row_errors
        ]
        competences.append(competence)
        parents.append(parent)
    errors += _cycle_errors(numbered, existing)
    if errors:
        logger.warning("Competence import for framework %s refused", framework.pk)
        return ImportResult(errors=errors)
    return _store_competences(framework, competences, parents, existing)


def _competence_from_row(row, framework, existing, scales, codes):
    """Return an unsaved or changed competence, its parent code and errors."""
    errors = []
    code, title = row.get("code", ""), row.get("title", "")
    if not code:
        errors.append(_("the code is empty."))
    elif codes.count(code) > 1:
        errors.append(_("code %(code)s appears more than once.") % {"code": code})
    if not title:
        errors.append(_("the title is empty."))
    parent = row.get("parent_code", "")
    if parent and parent == code:
        errors.append(_("a competence cannot be its own parent."))
    elif parent and parent not in codes and parent not in existing:
        errors.append(_("unknown parent code %(code)s.") % {"code": parent})
    kind = _choice(row.get("kind", "") or "skill", Competence.Kind.choices)
    if kind is None:
        errors.append(
            _("unknown kind %(value)s; use core-task, work-process or skill.")
            % {"value": row.get("kind", "")}
        )
    scale_name = row.get("scale", "")
    scale = scales.get(scale_name.lower()) if scale_name else None
    if scale_name and scale is None:
        errors.append(_("unknown scale %(name)s.") % {"name": scale_name})
    competence = existing.get(code) or Competence(framework=framework, code=code)
    competence.title = title
    competence.kind = kind or Competence.Kind.SKILL
    competence.esco_uri = row.get("esco_uri", "")
    competence.scale = scale
    errors += _field_errors(competence)
    return competence, parent, errors


def _cycle_errors(numbered, existing) -> list[str]:
    """Return an error for every row whose parents lead back to itself."""
    parent_of = {
        code: item.parent.code for code, item in existing.items() if item.parent
    }
    parent_of |= {
        row.get("code", ""): row.get("parent_code", "") for _n, row in numbered
    }
    errors = []
    for number, row in numbered:
        code, step = row.get("code", ""), parent_of.get(row.get("code", ""))
        for _depth in range(len(parent_of)):
            if not step or step == code:
                break
            step = parent_of.get(step)
        if step and step == code and row.get("parent_code") != code:
            errors.append(
                _("Row %(row)s: %(error)s")
                % {"row": number, "error": _("its parents lead back to itself.")}
            )
    return errors


def _field_errors(competence: Competence) -> list[str]:
    try:
        competence.clean_fields(exclude=["framework", "parent", "scale"])
        competence.clean()
    except ValidationError as error:
        return [
            f"{field_name}: {message}"
            for field_name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


@transaction.atomic
def _store_competences(framework, competences, parents, existing) -> ImportResult:
    created = sum(1 for competence in competences if competence.pk is None)
    by_code = dict(existing)
    for position, competence in enumerate(competences, start=len(existing)):
        if competence.pk is None:
            competence.sort_order = position
        competence.save()
        by_code[competence.code] = competence
    for competence, parent in zip(competences, parents, strict=True):
        competence.parent = by_code[parent] if parent else None
        competence.save(update_fields=["parent"])
    logger.info(
        "Imported %s competences into framework %s", len(competences), framework.pk
    )
    return ImportResult(created=created, updated=len(competences) - created)


def template_file(columns: list[str], example: list[str], file_format: str) -> bytes:
    """Return an import template with a header and one example row."""
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows([columns, example])
        return buffer.getvalue().encode("utf-8-sig")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    sheet.append(example)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
