"""Seed the proficiency scale and the TechCampus competence framework."""

from collections.abc import Iterator

from curriculum.models import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProficiencyScale,
)

from .context import SeedContext
from .loading import load


def seed_competences(context: SeedContext) -> None:
    """Create the scale, framework and competences that are missing."""
    data = load("competences")
    scale = _scale(data["scale"], context)
    framework = _framework(data["framework"], scale, context)
    existing = {item.code: item for item in framework.competences.all()}
    for position, (item, parent_code) in enumerate(_flatten(data["core_tasks"])):
        if item["code"] not in existing:
            parent = existing.get(parent_code) if parent_code else None
            competence = _create_competence(framework, parent, item, position)
            existing[item["code"]] = competence
            context.record(competence)
    context.competences = existing


def _scale(data: dict, context: SeedContext) -> ProficiencyScale:
    scale = ProficiencyScale.objects.filter(name=data["name"]).first()
    if scale:
        return scale
    scale = ProficiencyScale(name=data["name"])
    scale.levels = [
        ProficiencyLevel(sort_order=index, **level)
        for index, level in enumerate(data["levels"])
    ]
    scale.save()
    context.record(scale)
    return scale


def _framework(
    data: dict, scale: ProficiencyScale, context: SeedContext
) -> CompetenceFramework:
    framework = CompetenceFramework.objects.filter(code=data["code"]).first()
    if framework:
        return framework
    framework = CompetenceFramework.objects.create(default_scale=scale, **data)
    context.record(framework)
    return framework


def _flatten(core_tasks: list[dict]) -> Iterator[tuple[dict, str | None]]:
    """Yield each core task, then its work processes, with the parent's code."""
    for core_task in core_tasks:
        fields = {key: value for key, value in core_task.items() if key != "work"}
        yield fields | {"kind": Competence.Kind.CORE_TASK}, None
        for work_process in core_task["work"]:
            yield work_process | {"kind": Competence.Kind.WORK_PROCESS}, fields["code"]


def _create_competence(
    framework: CompetenceFramework, parent: Competence | None, item: dict, position: int
) -> Competence:
    competence = Competence(
        framework=framework, parent=parent, sort_order=position, **item
    )
    competence.full_clean()
    competence.save()
    return competence
