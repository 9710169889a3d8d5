"""Curriculum models: competences, organisations, and the page tree."""

from .checks import CurriculumCheckRun
from .competences import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProficiencyScale,
)
from .demands import CompetenceDemand
from .organisations import Company, Location
from .pages import (
    CataloguePage,
    LearningOutcome,
    LessonPage,
    PracticeCasePage,
    PracticeSession,
    TrackPage,
    TrackUnit,
    UnitIndexPage,
    UnitPage,
)
from .taxonomy import Profile, TargetGroup

__all__ = [
    "CataloguePage",
    "Company",
    "Competence",
    "CompetenceDemand",
    "CompetenceFramework",
    "CurriculumCheckRun",
    "LearningOutcome",
    "LessonPage",
    "Location",
    "PracticeCasePage",
    "PracticeSession",
    "ProficiencyLevel",
    "ProficiencyScale",
    "Profile",
    "TargetGroup",
    "TrackPage",
    "TrackUnit",
    "UnitIndexPage",
    "UnitPage",
]
