"""Curriculum models: competences, organisations, and the page tree."""

from .competences import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProficiencyScale,
)
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
    "CompetenceFramework",
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
