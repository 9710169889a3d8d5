"""The curriculum's page tree.

Home
├── Catalogue (CataloguePage)
│   └── Track (TrackPage): an ordered list of units, kept inline
└── Units (UnitIndexPage)
    └── Unit (UnitPage): outcomes, practice sessions, prerequisites
        ├── Lesson (LessonPage)
        └── Practice case (PracticeCasePage)

Units live apart from tracks because one unit can belong to several tracks.
"""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import base_blocks

from ..blocks import lesson_blocks
from ..iris import activity_iri
from .competences import Competence
from .organisations import Company, Location
from .taxonomy import Profile, TargetGroup

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,30}$")
LEARNING_CONTEXT_HOOK = "construct_learning_context"


def validate_code(code: str) -> None:
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            _("Use 2 to 31 capital letters, digits and hyphens, e.g. WTB-101.")
        )


class LearningContextMixin:
    """Let the learning engine add a learner's state to a page's context.

    The curriculum knows nothing of learners; an app higher up registers a
    ``construct_learning_context`` hook that receives the request and the
    page and returns extra context (enrolment, progress, forms), or None.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for construct in hooks.get_hooks(LEARNING_CONTEXT_HOOK):
            context.update(construct(request, self) or {})
        return context


class CataloguePage(Page):
    """The list of all tracks, filterable by target group and profile."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["curriculum.TrackPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = {
            "target_group": request.GET.get("doelgroep", ""),
            "profile": request.GET.get("profiel", ""),
        }
        context["tracks"] = self.filtered_tracks(**filters)
        context["filters"] = filters
        context["target_groups"] = TargetGroup.objects.all()
        context["profiles"] = Profile.objects.all()
        return context

    def filtered_tracks(self, target_group: str = "", profile: str = ""):
        """Return the live tracks below this page that match the filters."""
        tracks = TrackPage.objects.child_of(self).live().public()
        if target_group:
            tracks = tracks.filter(target_groups__code=target_group)
        if profile:
            tracks = tracks.filter(
                models.Q(profiles__code=profile)
                | models.Q(leads_to_profiles__code=profile)
            )
        return tracks.distinct().prefetch_related(
            "target_groups", "profiles", "leads_to_profiles"
        )


class TrackPage(LearningContextMixin, Page):
    """A programme, start track, LLO course or BBL introduction week."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        START_TRACK = "start-track", _("start track")
        LLO_COURSE = "llo-course", _("LLO course")
        BBL_WEEK = "bbl-week", _("BBL introduction week")

    class Level(models.TextChoices):
        NONE = "", _("no level")
        MBO_1 = "mbo-1", _("mbo level 1")
        MBO_2 = "mbo-2", _("mbo level 2")
        MBO_3 = "mbo-3", _("mbo level 3")
        MBO_4 = "mbo-4", _("mbo level 4")

    code = models.CharField(
        max_length=31,
        unique=True,
        validators=[validate_code],
        verbose_name=_("code"),
        help_text=_("fixed code, part of the xAPI identifier; never change it"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    level = models.CharField(
        max_length=10, choices=Level.choices, blank=True, verbose_name=_("level")
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, blank=True, related_name="tracks", verbose_name=_("target groups")
    )
    profiles = ParentalManyToManyField(
        Profile, blank=True, related_name="tracks", verbose_name=_("profiles")
    )
    leads_to_profiles = ParentalManyToManyField(
        Profile,
        blank=True,
        related_name="start_tracks",
        verbose_name=_("leads to profiles"),
        help_text=_("only for start tracks: the profiles a learner can go on to"),
    )
    duration_weeks = models.PositiveSmallIntegerField(
        verbose_name=_("duration in weeks")
    )
    intro = models.TextField(verbose_name=_("introduction"))
    body = StreamField(base_blocks(), blank=True, verbose_name=_("body"))
    is_open_for_enrolment = models.BooleanField(
        default=True,
        verbose_name=_("open for self-enrolment"),
        help_text=_("learners may enrol themselves; otherwise a teacher enrols them"),
    )

    parent_page_types = ["curriculum.CataloguePage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("code"),
        index.FilterField("kind"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("duration_weeks")]),
            ],
            heading=capfirst(_("track")),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("profiles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("leads_to_profiles", widget=forms.CheckboxSelectMultiple),
            ],
            heading=capfirst(_("for whom")),
        ),
        InlinePanel(
            "track_units", label=_("units"), heading=capfirst(_("units in order"))
        ),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_open_for_enrolment")]

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def clean(self) -> None:
        super().clean()
        if self.kind != self.Kind.START_TRACK and self.leads_to_profiles.exists():
            raise ValidationError(
                {"leads_to_profiles": _("Only a start track leads to profiles.")}
            )

    @property
    def activity_iri(self) -> str:
        return activity_iri("track", self.code)

    def ordered_units(self):
        """Return the track's unit links, in order, with their live units.

        Links saved without a sort order (made in code, not in the admin)
        keep the order they were added in.
        """
        links = self.track_units.filter(unit__live=True).select_related("unit")
        return links.order_by("sort_order", "pk")

    @property
    def study_load_hours(self) -> int:
        return sum(link.unit.study_load_hours for link in self.ordered_units())


class TrackUnit(Orderable):
    """A unit's place in a track, required or elective."""

    track = ParentalKey(TrackPage, on_delete=models.CASCADE, related_name="track_units")
    unit = models.ForeignKey(
        "curriculum.UnitPage",
        on_delete=models.CASCADE,
        related_name="track_links",
        verbose_name=_("unit"),
    )
    is_required = models.BooleanField(default=True, verbose_name=_("required"))

    panels = [
        PageChooserPanel("unit", "curriculum.UnitPage"),
        FieldPanel("is_required"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["track", "unit"], name="unique_unit_per_track"
            )
        ]
        verbose_name = _("unit in track")
        verbose_name_plural = _("units in track")


class UnitIndexPage(Page):
    """The folder of all units; units are shared between tracks."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["curriculum.UnitPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("unit overview")
        verbose_name_plural = _("unit overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["units"] = UnitPage.objects.child_of(self).live().public()
        return context


class UnitPageForm(WagtailAdminPageForm):
    """Offer every unit but the one being edited as a prerequisite."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("prerequisites")
        if field is not None and self.instance.pk:
            field.queryset = field.queryset.exclude(pk=self.instance.pk)


class UnitPage(LearningContextMixin, Page):
    """A module: a self-contained unit of study with lessons and cases."""

    base_form_class = UnitPageForm

    class DeliveryMode(models.TextChoices):
        ONLINE = "online", _("online")
        ON_LOCATION = "on-location", _("on location")
        HYBRID = "hybrid", _("hybrid")

    class CompletionRule(models.TextChoices):
        LESSONS_AND_ASSESSMENTS = (
            "lessons-and-assessments",
            _("all required lessons completed and all assessments passed"),
        )
        LESSONS = "lessons", _("all required lessons completed")
        ASSESSMENTS = "assessments", _("all assessments passed")

    code = models.CharField(
        max_length=31,
        unique=True,
        validators=[validate_code],
        verbose_name=_("code"),
        help_text=_("fixed code, part of the xAPI identifier; never change it"),
    )
    summary = models.TextField(verbose_name=_("summary"))
    study_load_hours = models.PositiveSmallIntegerField(
        verbose_name=_("study load in hours")
    )
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, verbose_name=_("delivery mode")
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_for",
        verbose_name=_("prerequisites"),
    )
    body = StreamField(base_blocks(), blank=True, verbose_name=_("description"))
    completion_rule = models.CharField(
        max_length=30,
        choices=CompletionRule.choices,
        default=CompletionRule.LESSONS_AND_ASSESSMENTS,
        verbose_name=_("completed when"),
        help_text=_(
            "assessments are the quizzes and practical assignments in the "
            "required lessons"
        ),
    )
    is_open_for_enrolment = models.BooleanField(
        default=True,
        verbose_name=_("open for self-enrolment"),
        help_text=_("learners may enrol themselves; otherwise a teacher enrols them"),
    )

    parent_page_types = ["curriculum.UnitIndexPage"]
    subpage_types = ["curriculum.LessonPage", "curriculum.PracticeCasePage"]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.FilterField("delivery_mode"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("study_load_hours")]),
                FieldPanel("delivery_mode"),
            ],
            heading=capfirst(_("unit")),
        ),
        FieldPanel("summary"),
        InlinePanel("outcomes", label=_("learning outcomes"), min_num=1),
        InlinePanel("practice_sessions", label=_("on-site practice sessions")),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("completion_rule"), FieldPanel("is_open_for_enrolment")],
            heading=capfirst(_("completion and enrolment")),
        ),
    ]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def clean(self) -> None:
        super().clean()
        # The prerequisites may be an unsaved in-memory set, which only
        # supports iteration, so compare primary keys in Python.
        if self.pk and any(unit.pk == self.pk for unit in self.prerequisites.all()):
            raise ValidationError(
                {"prerequisites": _("A unit cannot be its own prerequisite.")}
            )

    @property
    def activity_iri(self) -> str:
        return activity_iri("unit", self.code)

    def lessons(self):
        return LessonPage.objects.child_of(self).live().public()

    def ordered_outcomes(self):
        """Return the learning outcomes with their competence and scale."""
        return self.outcomes.select_related(
            "competence__scale", "competence__framework__default_scale"
        )

    def practice_cases(self):
        return PracticeCasePage.objects.child_of(self).live().public()


class LearningOutcome(Orderable):
    """What a learner can do after the unit, tied to a competence and level."""

    unit = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(max_length=255, verbose_name=_("learning outcome"))
    competence = models.ForeignKey(
        Competence,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("competence"),
    )
    target_level = models.PositiveSmallIntegerField(verbose_name=_("target level"))

    panels = [FieldPanel("text"), FieldPanel("competence"), FieldPanel("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if not self.competence_id:
            return
        highest = self.competence.proficiency_scale.highest_level
        if not 1 <= self.target_level <= highest:
            raise ValidationError(
                {
                    "target_level": _(
                        "Choose a level from 1 to %(highest)s on this competence's "
                        "scale."
                    )
                    % {"highest": highest}
                }
            )

    @property
    def target_level_name(self) -> str:
        """Return the name of the target level on the competence's scale."""
        level = self.competence.proficiency_scale.levels.filter(
            level=self.target_level
        ).first()
        return level.name if level else str(self.target_level)


class PracticeSession(Orderable):
    """Where and when the on-site part of a unit takes place."""

    unit = ParentalKey(
        UnitPage, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    description = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("description"),
        help_text=_("e.g. every Tuesday afternoon, turning and milling"),
    )

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("practice session")
        verbose_name_plural = _("practice sessions")


class StableActivityMixin(models.Model):
    """A random id fixed at creation that the page's activity IRI rests on."""

    activity_uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    # A copy is a new activity; it must not share the original's statements.
    exclude_fields_in_copy = ["activity_uuid"]

    class Meta:
        abstract = True


class LessonPage(LearningContextMixin, StableActivityMixin, Page):
    """A lesson of a unit: text, media, quizzes, assignments, activities."""

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, verbose_name=_("duration in minutes")
    )
    is_required = models.BooleanField(
        default=True,
        verbose_name=_("required"),
        help_text=_("required lessons count towards completing the unit"),
    )
    body = StreamField(lesson_blocks(), verbose_name=_("content"))

    parent_page_types = ["curriculum.UnitPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("is_required")]),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @staticmethod
    def iri_of(activity_uuid) -> str:
        """Return the activity IRI of the lesson with ``activity_uuid``."""
        return activity_iri("lesson", activity_uuid)

    @property
    def activity_iri(self) -> str:
        return self.iri_of(self.activity_uuid)

    @property
    def unit(self) -> "UnitPage":
        return self.get_parent().specific

    def previous_lesson(self) -> "LessonPage | None":
        """Return the live lesson just before this one in its unit."""
        siblings = LessonPage.objects.sibling_of(self).live().public()
        return siblings.filter(path__lt=self.path).order_by("-path").first()

    def next_lesson(self) -> "LessonPage | None":
        """Return the live lesson just after this one in its unit."""
        siblings = LessonPage.objects.sibling_of(self).live().public()
        return siblings.filter(path__gt=self.path).order_by("path").first()


class PracticeCasePage(StableActivityMixin, Page):
    """A real situation from a company that learners work on."""

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="practice_cases",
        verbose_name=_("company"),
    )
    situation = RichTextField(
        features=["bold", "italic", "ol", "ul", "link"], verbose_name=_("situation")
    )
    tasks = RichTextField(
        features=["bold", "italic", "ol", "ul", "link"], verbose_name=_("tasks")
    )
    competences = ParentalManyToManyField(
        Competence,
        blank=True,
        related_name="practice_cases",
        verbose_name=_("competences"),
    )
    attachments = StreamField(
        [block for block in base_blocks() if block[0] in ("document", "image")],
        blank=True,
        verbose_name=_("attachments"),
    )

    parent_page_types = ["curriculum.UnitPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("situation"),
        index.SearchField("tasks"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("company"),
        FieldPanel("situation"),
        FieldPanel("tasks"),
        FieldPanel("competences"),
        FieldPanel("attachments"),
    ]

    class Meta:
        verbose_name = _("practice case")
        verbose_name_plural = _("practice cases")

    @property
    def activity_iri(self) -> str:
        return activity_iri("practice-case", self.activity_uuid)
