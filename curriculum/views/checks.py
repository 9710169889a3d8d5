"""Admin views of the curriculum check: runs, reports, exports, own coverage.

Teachers and coordinators (``view_curriculumcheckrun``) see every report. A
company contact sees only how the tracks cover his or her company's own
demands. Every view checks this itself.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from ..checks import reports
from ..checks.runs import start_run
from ..forms import companies_for
from ..imports import FORMATS
from ..models import Company, CompetenceDemand, CurriculumCheckRun, TrackPage
from ..tasks import run_curriculum_check_task
from .base import AdminPageMixin
from .demands import template_response

logger = logging.getLogger(__name__)

TREND_RUNS = 20
VIEW_PERMISSION = "curriculum.view_curriculumcheckrun"
ADD_PERMISSION = "curriculum.add_curriculumcheckrun"


def may_see_reports(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def contact_companies(user):
    """Return the companies ``user`` is a contact of."""
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(contacts=user)


def latest_full_run() -> CurriculumCheckRun | None:
    """Return the newest finished run over all tracks."""
    runs = CurriculumCheckRun.objects.filter(
        status=CurriculumCheckRun.Status.FINISHED, track_slug=""
    )
    return runs.order_by("-pk").first()


class ReportPermissionMixin:
    """Let only teachers and coordinators in."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CheckIndexView(AdminPageMixin, TemplateView):
    """The runs so far, the trend of the coverage scores and a start button."""

    template_name = "curriculum/admin/check_index.html"
    page_title = gettext_lazy("Curriculum check")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            if contact_companies(request.user).exists():
                return redirect("curriculum_checks:company")
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        finished = CurriculumCheckRun.objects.filter(
            status=CurriculumCheckRun.Status.FINISHED, track_slug=""
        ).defer("results", "comparison")
        trend_runs = list(finished.order_by("-pk")[:TREND_RUNS])[::-1]
        return super().get_context_data(
            runs=CurriculumCheckRun.objects.defer("results")[:30],
            trend=reports.trend_chart(trend_runs),
            tracks=TrackPage.objects.live().order_by("title"),
            may_start=self.request.user.has_perm(ADD_PERMISSION),
            **kwargs,
        )


class StartCheckView(View):
    """Start a run; the task runs in-process or on a worker."""

    def post(self, request):
        if not request.user.has_perm(ADD_PERMISSION):
            raise PermissionDenied
        slug = request.POST.get("track", "")
        if slug and not TrackPage.objects.live().filter(slug=slug).exists():
            raise Http404
        run = start_run(request.user, slug)
        transaction.on_commit(lambda: run_curriculum_check_task.delay(run.pk))
        messages.success(request, _("The curriculum check has started."))
        return redirect("curriculum_checks:run", run.pk)


class CheckRunView(ReportPermissionMixin, AdminPageMixin, TemplateView):
    """The full report of one run, or its progress while it runs."""

    template_name = "curriculum/admin/check_run.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Curriculum check %(number)s") % {"number": self.kwargs["pk"]}

    def get_context_data(self, **kwargs):
        run = get_object_or_404(CurriculumCheckRun, pk=self.kwargs["pk"])
        results = run.results or {}
        gaps = reports.gap_rows(results)
        return super().get_context_data(
            run=run,
            tracks=reports.track_summary(results),
            heatmap=reports.heatmap(results),
            gaps=gaps,
            # Named beside each gap only where more than one framework shows.
            several_frameworks=len({gap["framework"] for gap in gaps}) > 1,
            surpluses=results.get("surpluses", []),
            sectors=reports.sector_rows(results),
            comparison=reports.comparison_summary(run.comparison),
            score=reports.percentage(run.score),
            formats=list(FORMATS),
            **kwargs,
        )


class CheckExportView(ReportPermissionMixin, View):
    """Download a finished run's report as CSV or XLSX."""

    def get(self, request, pk: int, file_format: str):
        run = get_object_or_404(
            CurriculumCheckRun, pk=pk, status=CurriculumCheckRun.Status.FINISHED
        )
        export = reports.export_xlsx if file_format == "xlsx" else reports.export_csv
        name = f"curriculum-check-{run.pk}"
        return template_response(export(run.results), name, file_format)


class CompanyCoverageView(AdminPageMixin, TemplateView):
    """How well the tracks cover one company's own demands."""

    template_name = "curriculum/admin/company_coverage.html"
    page_title = gettext_lazy("Coverage of our demands")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.companies = self._companies(request.user)
        if not self.companies:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _companies(self, user) -> list[Company]:
        if may_see_reports(user):
            return list(companies_for(user).order_by("name"))
        return list(contact_companies(user).order_by("name"))

    def get_context_data(self, **kwargs):
        chosen = self.request.GET.get("company", "")
        company = next(
            (item for item in self.companies if str(item.pk) == chosen),
            self.companies[0],
        )
        run = latest_full_run()
        coverage = reports.company_coverage(run.results, company.pk) if run else None
        proposals = CompetenceDemand.objects.current().proposed()
        return super().get_context_data(
            company=company,
            companies=self.companies,
            run=run,
            coverage=coverage,
            # Supplied, withdrawn, deleted or mapped since: the figures are old.
            changed=run is not None
            and reports.demand_keys_seen(run.results, company.pk)
            != reports.current_demand_keys(company.pk),
            proposals=proposals.filter(company=company).order_by(
                "proposed_competence_title"
            ),
            legend=reports.legend(),
            **kwargs,
        )
