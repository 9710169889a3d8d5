"""Forms of the teacher pages: group enrolment, assessment, linking."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from curriculum.models import LessonPage

from ..models import ActivityLink
from ..roles import LEARNER
from .enrolment import page_learners, taught_units


class LearnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, learner) -> str:
        return learner.get_full_name() or learner.username


class EnrolGroupForm(forms.Form):
    """Choose the learners to enrol in a unit at once."""

    learners = LearnerChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Learners"),
        error_messages={"required": _("Choose at least one learner.")},
    )

    def __init__(self, page, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        enrolled = page_learners(page)
        self.fields["learners"].queryset = (
            get_user_model()
            .objects.filter(groups__name=LEARNER, is_active=True)
            .exclude(pk__in=enrolled)
            .order_by("last_name", "first_name", "username")
        )


class AssessmentForm(forms.Form):
    """Points per rubric criterion and feedback for the learner."""

    feedback = forms.CharField(
        label=_("Feedback for the learner"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, assignment, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(assignment["rubric"])
        for index, criterion in enumerate(self.criteria):
            self.fields[f"criterion_{index}"] = forms.TypedChoiceField(
                label=criterion["criterion"],
                help_text=criterion["description"],
                choices=[(n, str(n)) for n in range(criterion["max_points"] + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Give points for this criterion.")},
            )
        # Feedback last, after the criteria.
        self.order_fields([*self.fields.keys() - {"feedback"}, "feedback"])

    def criterion_fields(self):
        return [self[f"criterion_{index}"] for index in range(len(self.criteria))]

    def points(self) -> list[int]:
        return [
            self.cleaned_data[f"criterion_{index}"]
            for index in range(len(self.criteria))
        ]


class LinkActivityForm(forms.ModelForm):
    """Link an outside activity to a lesson of a unit the teacher teaches."""

    class Meta:
        model = ActivityLink
        fields = ["activity_iri", "lesson", "counts_as_assessment"]
        widgets = {"activity_iri": forms.HiddenInput}

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        paths = [unit.path for unit in taught_units(user).only("path")]
        lessons = LessonPage.objects.none()
        for path in paths:
            lessons |= LessonPage.objects.filter(path__startswith=path)
        self.fields["lesson"].queryset = lessons.order_by("path")

    def save(self, commit: bool = True) -> ActivityLink:
        self.instance.linked_by = self.user
        return super().save(commit)
