"""Stored check runs, the task and command, and who may read which report."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from curriculum.checks import reports
from curriculum.checks.runs import start_run
from curriculum.models import CurriculumCheckRun, TrackUnit
from curriculum.tasks import run_curriculum_check_task
from lms import roles
from tests import factories
from tests.curriculum import demand_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    """Two companies, two tracks; one competence covered, one a gap."""
    framework = factories.framework(competence_count=3)
    welding, drawing, drones = framework.competences.order_by("code")
    track = factories.track([factories.unit(welding)], slug="metaal")
    factories.track([factories.unit(drones)], slug="drones")
    bouwer = make.company("Bouwbedrijf Nieuw-Vennep", sector="construction")
    metaal = make.company("Metaalwerk Hoofddorp", sector="metal")
    make.demand(bouwer, welding, level=2)
    make.demand(bouwer, drawing, level=3, people_needed=4)
    make.demand(metaal, drawing, level=3)
    return {
        "track": track,
        "bouwer": bouwer,
        "metaal": metaal,
        "drawing": drawing,
        "welding": welding,
    }


def assert_denied(response) -> None:
    """Wagtail's admin turns a refusal into a redirect to the dashboard."""
    assert (response.status_code, response.get("Location")) in (
        (302, reverse("wagtailadmin_home")),
        (403, None),
    )


def finished_run(**fields) -> CurriculumCheckRun:
    run = start_run(**fields)
    run_curriculum_check_task.delay(run.pk)
    run.refresh_from_db()
    return run


def test_task_stores_finished_results_with_progress_done(region):
    run = finished_run()

    assert run.status == CurriculumCheckRun.Status.FINISHED
    assert run.progress == 100
    assert run.started_at <= run.finished_at
    assert run.input_summary["demands"] == 3
    gaps = [item for item in run.results["items"] if item["overall"] < 3]
    assert [(gap["code"], gap["level"], gap["weight"]) for gap in gaps] == [
        ("C2", 3, 15.0)
    ]
    # Welding (3 × 1) is covered, drawing (3 × 5) is not: 3 / 18.
    assert run.track_scores[region["track"].code] == round(3 / 18, 4)
    assert run.score == round(3 / 18, 4)


def test_second_run_is_compared_with_the_first(region):
    finished_run()
    TrackUnit.objects.create(
        track=region["track"], unit=factories.unit(region["drawing"], code="TEK-300")
    )
    region["track"].track_units.filter(unit__code="TEK-300").update(is_required=True)
    outcome = region["track"].track_units.get(unit__code="TEK-300").unit.outcomes.get()
    outcome.target_level = 3
    outcome.save()

    run = finished_run()

    assert [gap["code"] for gap in run.comparison["closed_gaps"]] == ["C2"]
    assert run.comparison["new_gaps"] == []


def test_failed_engine_marks_the_run_failed(region, monkeypatch):
    def explode(data):
        raise ValueError("kapot")

    monkeypatch.setattr("curriculum.checks.runs.run_check", explode)

    run = finished_run()

    assert run.status == CurriculumCheckRun.Status.FAILED
    assert "kapot" in run.error


def test_command_runs_a_check_for_one_track(region):
    output = io.StringIO()

    call_command("run_curriculum_check", track="metaal", stdout=output)

    run = CurriculumCheckRun.objects.get()
    assert run.track_slug == "metaal"
    assert [track["id"] for track in run.results["tracks"]] == [region["track"].pk]
    assert "1 tracks, 2 demanded items, 1 gaps" in output.getvalue()


def test_command_refuses_an_unknown_track(region):
    with pytest.raises(CommandError):
        call_command("run_curriculum_check", track="bestaat-niet")

    assert not CurriculumCheckRun.objects.exists()


def test_teacher_starts_a_check_from_the_admin(client, region):
    client.force_login(factories.user("docent", roles.TEACHER))

    response = client.post(reverse("curriculum_checks:start"), {"track": ""})

    run = CurriculumCheckRun.objects.get()
    assert response.url == reverse("curriculum_checks:run", args=[run.pk])
    assert run.started_by.username == "docent"


def test_teacher_reads_the_gap_report(
    client, region, django_capture_on_commit_callbacks
):
    client.force_login(factories.user("docent", roles.TEACHER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("curriculum_checks:start"))
    run = CurriculumCheckRun.objects.get()

    response = client.get(reverse("curriculum_checks:run", args=[run.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bouwbedrijf Nieuw-Vennep, Metaalwerk Hoofddorp" in page
    assert 'class="cc-cell cc-status--none"' in page
    assert 'id="gap-table"' in page


def test_run_page_shows_progress_while_waiting(client, region):
    client.force_login(factories.user("docent", roles.TEACHER))
    run = start_run()

    response = client.get(reverse("curriculum_checks:run", args=[run.pk]))

    assert b'<progress id="cc-progress" max="100" value="0">' in response.content
    assert b'http-equiv="refresh"' in response.content


def test_index_draws_the_trend_of_past_runs(client, region):
    finished_run()
    finished_run()
    client.force_login(factories.user("coordinator", roles.COORDINATOR))

    response = client.get(reverse("curriculum_checks:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<polyline") == 3
    assert "Start" in page


def test_exports_hold_the_gap_table(client, region):
    run = finished_run()
    client.force_login(factories.user("docent", roles.TEACHER))

    csv_response = client.get(reverse("curriculum_checks:export", args=[run.pk, "csv"]))
    xlsx_response = client.get(
        reverse("curriculum_checks:export", args=[run.pk, "xlsx"])
    )

    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("C2,")
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    assert len(workbook.worksheets) == 3
    assert workbook.worksheets[0].cell(2, 1).value == "C2"


@pytest.mark.parametrize(
    "url_name", ["curriculum_checks:run", "curriculum_checks:export"]
)
def test_company_contact_cannot_read_the_full_reports(client, region, url_name):
    run = finished_run()
    client.force_login(make.contact("inkoper", region["metaal"]))
    args = [run.pk, "csv"] if url_name.endswith("export") else [run.pk]

    response = client.get(reverse(url_name, args=args))

    assert_denied(response)


def test_company_contact_may_not_start_a_check(client, region):
    client.force_login(make.contact("inkoper", region["metaal"]))

    response = client.post(reverse("curriculum_checks:start"))

    assert_denied(response)
    assert not CurriculumCheckRun.objects.exists()


def test_company_contact_is_sent_to_own_coverage(client, region):
    client.force_login(make.contact("inkoper", region["metaal"]))

    response = client.get(reverse("curriculum_checks:index"))

    assert response.url == reverse("curriculum_checks:company")


def test_company_contact_sees_own_demands_and_no_other_company(client, region):
    finished_run()
    client.force_login(make.contact("inkoper", region["metaal"]))

    response = client.get(
        reverse("curriculum_checks:company"), {"company": region["bouwer"].pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Metaalwerk Hoofddorp" in page
    assert "Bouwbedrijf" not in page
    own_demands = page.split('id="own-demands"')[1]
    assert own_demands.count("<tr>") == 1 + 1
    assert "C2 Competentie 2" in own_demands


def test_company_contact_is_told_when_demands_changed_after_the_check(client, region):
    client.force_login(make.contact("inkoper", region["metaal"]))
    notice = "The demands of this company have changed since the check"

    def coverage_page() -> str:
        return client.get(reverse("curriculum_checks:company")).content.decode()

    # given a check: no notice
    finished_run()
    assert notice not in coverage_page()
    # a demand supplied since: notice, until the next check
    added = make.demand(region["metaal"], region["welding"], level=1)
    assert notice in coverage_page()
    finished_run()
    assert notice not in coverage_page()
    # a demand deleted since, or one supplied for another company: notice only
    # for the company that changed
    added.delete()
    assert notice in coverage_page()
    finished_run()
    make.demand(region["bouwer"], region["welding"], level=1)
    assert notice not in coverage_page()


def test_learner_sees_no_report_at_all(client, region):
    client.force_login(factories.user("leerling", roles.LEARNER))

    index = client.get(reverse("curriculum_checks:index"))
    company = client.get(reverse("curriculum_checks:company"))

    login = reverse("wagtailadmin_login")
    assert index.status_code == company.status_code == 302
    assert index.url.startswith(login)
    assert company.url.startswith(login)


def test_gaps_name_their_framework_only_when_there_are_several(client, region):
    client.force_login(factories.user("docent", roles.TEACHER))
    framework = region["drawing"].framework.code
    single = client.get(reverse("curriculum_checks:run", args=[finished_run().pk]))
    other = factories.framework(1)
    make.demand(region["metaal"], other.competences.get(), level=2)
    several = client.get(reverse("curriculum_checks:run", args=[finished_run().pk]))

    def gap_table(response) -> str:
        page = response.content.decode()
        start = page.index('id="cc-gaps"')
        return page[start : page.index("</table>", start)]

    assert f"<small>{framework}</small>" not in gap_table(single)
    assert f"<small>{framework}</small>" in gap_table(several)
    assert f"<small>{other.code}</small>" in gap_table(several)


def test_run_page_names_the_coverage_of_each_gap_and_why_gaps_closed(client, region):
    finished_run()
    region["drawing"].demands.update(withdrawn_at="2026-10-01T12:00:00Z")
    run = finished_run()
    client.force_login(factories.user("docent", roles.TEACHER))

    response = client.get(reverse("curriculum_checks:run", args=[run.pk]))

    page = response.content.decode()
    assert "C2 (3, no longer demanded)" in page
    assert "No gaps: every demanded competence" in page


def test_gap_table_spells_out_the_coverage(client, region):
    run = finished_run()
    client.force_login(factories.user("docent", roles.TEACHER))

    response = client.get(reverse("curriculum_checks:run", args=[run.pk]))

    gap_table = response.content.decode().split('id="gap-table"')[1]
    assert "cc-cell--labelled" in gap_table
    assert "</span> not taught</td>" in gap_table


def test_sectors_are_listed_heaviest_demand_first(region):
    run = finished_run()

    rows = reports.sector_rows(run.results)

    # Construction asks 3 × 1 + 3 × 4, metal 3 × 1.
    assert [(row["sector"], row["weight"]) for row in rows] == [
        ("construction", 15),
        ("metal", 3),
    ]


def test_company_contact_sees_own_proposals_only(client, region):
    finished_run()
    make.demand(region["metaal"], None, proposed_competence_title="Lasrobot leren")
    make.demand(region["bouwer"], None, proposed_competence_title="BIM-modellen")
    client.force_login(make.contact("inkoper", region["metaal"]))

    response = client.get(reverse("curriculum_checks:company"))

    page = response.content.decode()
    assert "Lasrobot leren" in page.split('id="own-proposals"')[1]
    assert "BIM-modellen" not in page


def test_trend_draws_the_whole_curriculum_and_up_to_ten_tracks():
    scores = {f"TRJ-{n:02}": 0.5 for n in range(12)}
    runs = [
        SimpleNamespace(pk=pk, score=score, track_scores=scores)
        for pk, score in ((4, 0.25), (7, 0.75))
    ]

    chart = reports.trend_chart(runs, width=640, height=260)

    assert [line["label"] for line in chart["lines"][1:]] == list(scores)[:10]
    # 0.25 lies three quarters down the plot, which runs from y 12 to 224.
    assert chart["lines"][0]["points"] == "44.0,171.0 628.0,65.0"
    assert [label["label"] for label in chart["x_labels"]] == ["#4", "#7"]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("aviation-maritime", "aviation and maritime engineering"),
        ("Wegen, kabels en leidingen", "Wegen, kabels en leidingen"),
        ("", "no sector"),
    ],
)
def test_sector_rows_label_codes_and_keep_unknown_text(code, label):
    results = {"sectors": [{"sector": code, "weight": 3.0, "score": 0.5}]}

    rows = reports.sector_rows(results)

    assert str(rows[0]["label"]) == label
