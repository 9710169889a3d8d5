"""The learner-facing curriculum pages render their content."""

import re

import pytest

from curriculum.models import Profile, TrackPage, UnitPage
from tests import factories
from tests.support.html import external_resources

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def quiz(competence_pk: int) -> dict:
    return {
        "title": "Toets meten",
        "introduction": "Vijf minuten, pak je rolmaat erbij.",
        "pass_mark": 70,
        "max_attempts": 2,
        "competences": [competence_pk],
        "questions": [
            {
                "type": "single_choice",
                "value": {
                    "prompt": "Hoeveel millimeter is een centimeter?",
                    "feedback": "",
                    "choices": [
                        {"text": "tien", "is_correct": True},
                        {"text": "honderd", "is_correct": False},
                    ],
                },
            },
            {
                "type": "numeric",
                "value": {
                    "prompt": "Wat is 2 x 3 meter?",
                    "feedback": "Zes vierkante meter.",
                    "answer": "6",
                    "tolerance": "0",
                    "unit": "m2",
                },
            },
        ],
    }


def assignment(competence_pk: int) -> dict:
    return {
        "title": "Teken een plaat af",
        "instructions": "<p>Teken drie gaten af op de plaat.</p>",
        "evidence_types": ["photo"],
        "rubric": [
            {
                "criterion": "Maatvoering klopt",
                "description": "Alle maten binnen een halve millimeter.",
                "competence": competence_pk,
                "max_points": 7,
            }
        ],
    }


def external_activity() -> dict:
    return {
        "title": "Oefenen in VR",
        "kind": "vr",
        "launch_url": "https://vr.example.org/start/meten",
        "activity_iri": "https://vr.example.org/activities/meten",
        "description": "Oefen het meten in een virtuele werkplaats.",
        "duration_minutes": 15,
    }


@pytest.fixture
def lesson_with_every_block(db):
    competence = factories.framework(1).competences.get()
    unit = factories.unit(competence=competence, title="Meten en aftekenen")
    body = factories.stream(
        ("paragraph", "<p>Vandaag leer je nauwkeurig meten.</p>"),
        ("notice", {"kind": "tip", "text": "<p>Gebruik een scherp potlood.</p>"}),
        ("quiz", quiz(competence.pk)),
        ("assignment", assignment(competence.pk)),
        ("external_activity", external_activity()),
    )
    return factories.lesson(unit, body=body, title="Nauwkeurig meten")


def test_catalogue_shows_every_track_with_its_facts(client):
    track = factories.track(
        title="Starten in de techniek",
        kind=TrackPage.Kind.START_TRACK,
        level=TrackPage.Level.MBO_2,
        duration_weeks=6,
        target_groups=["side-entrant"],
        profiles=["metal"],
    )

    response = client.get(factories.catalogue().url, **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{track.url}"' in html
    assert "Starten in de techniek" in html
    assert "Start track" in html and "mbo level 2" in html
    assert "6 weeks" in html
    assert "Career changer" in html or "career changer" in html
    assert "metal and mechanical engineering" in html.lower()
    assert "1 track" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"doelgroep": "vo"}, "Traject voor scholieren", "Traject voor medewerkers"),
        (
            {"doelgroep": "sme-employee"},
            "Traject voor medewerkers",
            "Traject voor scholieren",
        ),
        (
            {"profiel": "electrical"},
            "Traject voor scholieren",
            "Traject voor medewerkers",
        ),
    ],
)
def test_catalogue_filters_tracks(client, query, shown, hidden):
    factories.track(
        title="Traject voor scholieren", target_groups=["vo"], profiles=["electrical"]
    )
    factories.track(title="Traject voor medewerkers", target_groups=["sme-employee"])

    html = client.get(factories.catalogue().url, query).content.decode()

    assert shown in html
    assert hidden not in html


def test_catalogue_filter_keeps_the_chosen_option_selected(client):
    factories.track(target_groups=["vo"])

    html = client.get(factories.catalogue().url, {"doelgroep": "vo"}).content.decode()

    assert '<option value="vo" selected>' in html


def test_catalogue_says_when_no_track_matches(client):
    factories.track(title="Traject voor scholieren", target_groups=["vo"])

    response = client.get(
        factories.catalogue().url, {"doelgroep": "teacher"}, **ENGLISH
    )

    html = response.content.decode()
    assert "Traject voor scholieren" not in html
    assert "0 tracks" in html
    assert "No tracks match your choice." in html


def test_catalogue_filter_fields_have_labels(client):
    html = client.get(factories.catalogue().url).content.decode()

    for field_id in ("filter-target-group", "filter-profile"):
        assert f'<label for="{field_id}">' in html


def test_track_page_shows_facts_audience_and_units_in_order(client):
    first = factories.unit(title="Eerste module", study_load_hours=20)
    second = factories.unit(title="Tweede module", study_load_hours=12)
    track = factories.track(
        units=[first, second],
        title="Startbaan installatietechniek",
        kind=TrackPage.Kind.START_TRACK,
        intro="Ontdek of installatietechniek bij je past.",
        target_groups=["status-holder"],
    )
    track.leads_to_profiles.set(Profile.objects.filter(code="installation"))
    track.save_revision().publish()
    link = track.track_units.get(unit=second)
    link.is_required = False
    link.save()

    response = client.get(track.url, **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ontdek of installatietechniek bij je past." in html
    assert "32 hours" in html
    assert "10 weeks" in html
    assert "Status holder" in html
    assert "Installation" in html
    assert html.index("Eerste module") < html.index("Tweede module")
    assert html.index(">Required<") < html.index(">Elective<")
    assert "20 hours of study" in html and "Hybrid" in html


def test_unit_index_lists_the_units(client):
    unit = factories.unit(title="Droning voor beginners")

    response = client.get(factories.unit_index().url)

    assert response.status_code == 200
    assert "Droning voor beginners" in response.content.decode()
    assert f'href="{unit.url}"' in response.content.decode()


def test_unit_page_shows_outcomes_sessions_prerequisites_lessons_and_cases(client):
    basis = factories.unit(title="Basis meten")
    unit = factories.unit(title="Verspanen", summary="Draaien en frezen op maat.")
    unit.prerequisites.set([basis])
    unit.save_revision().publish()
    factories.practice_session(unit, description="Elke dinsdagmiddag")
    factories.lesson(unit, title="Les draaien", duration_minutes=90)
    factories.lesson(unit, title="Les frezen", duration_minutes=60)
    factories.practice_case(unit, title="Een as op maat")

    response = client.get(unit.url, **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Draaien en frezen op maat." in html
    assert "Kan meten" in html and "C1" in html and "Competentie 1" in html
    assert "Level 2: Niveau 2" in html
    assert "Werkplaats Hoofddorp" in html and "Elke dinsdagmiddag" in html
    assert f'href="{basis.url}"' in html
    assert html.index("Les draaien") < html.index("Les frezen")
    assert "90 minutes" in html
    assert "Een as op maat" in html and "Metaalbedrijf Hoofddorp" in html


def test_lesson_page_renders_every_block(client, lesson_with_every_block):
    response = client.get(lesson_with_every_block.url, **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vandaag leer je nauwkeurig meten." in html
    assert "Gebruik een scherp potlood." in html
    assert "Toets meten" in html and "Vijf minuten, pak je rolmaat erbij." in html
    assert re.search(r"<dt>Questions</dt><dd>2</dd>", html)
    assert "70%" in html and "<dd>2</dd>" in html
    assert "Teken drie gaten af op de plaat." in html
    assert "Maatvoering klopt" in html and "Alle maten binnen een halve" in html
    assert "Oefenen in VR" in html and "VR training" in html
    assert 'href="https://vr.example.org/start/meten"' in html


def test_lesson_page_never_shows_the_correct_answers(client, lesson_with_every_block):
    html = client.get(lesson_with_every_block.url).content.decode()

    assert "Hoeveel millimeter is een centimeter?" not in html
    assert "tien" not in html
    assert "Zes vierkante meter." not in html


def test_assignment_shows_no_scoring(client, lesson_with_every_block):
    html = client.get(lesson_with_every_block.url, **ENGLISH).content.decode()

    assert "points" not in html.lower()
    assert ">7<" not in html


def test_quiz_asks_anonymous_visitors_to_log_in(client, lesson_with_every_block):
    html = client.get(lesson_with_every_block.url, **ENGLISH).content.decode()

    assert f'href="/accounts/login/?next={lesson_with_every_block.url}"' in html
    assert "Log in to start" in html


def test_quiz_asks_a_logged_in_learner_to_enrol_first(client, lesson_with_every_block):
    client.force_login(factories.user("leerling"))

    html = client.get(lesson_with_every_block.url, **ENGLISH).content.decode()

    assert "Log in to start" not in html
    assert "Enrol in this unit to take the quiz." in html
    unit = lesson_with_every_block.get_parent()
    assert f'action="/leren/inschrijven/{unit.pk}/"' in html


def test_lesson_breadcrumb_goes_through_the_unit_not_a_track(client, unit_with_lesson):
    factories.track(units=[unit_with_lesson], title="Traject met deze module")
    lesson = unit_with_lesson.lessons().get()

    html = client.get(lesson.url).content.decode()

    breadcrumb = re.search(r'<nav class="breadcrumb.*?</nav>', html, re.S).group(0)
    titles = re.findall(r"<(?:a|span)[^>]*>([^<]+)</(?:a|span)>", breadcrumb)
    assert titles == ["Modules", unit_with_lesson.title, lesson.title]


def test_lesson_links_to_previous_and_next_lesson(client):
    unit = factories.unit()
    first = factories.lesson(unit, title="Les een")
    middle = factories.lesson(unit, title="Les twee")
    last = factories.lesson(unit, title="Les drie")

    middle_html = client.get(middle.url).content.decode()
    first_html = client.get(first.url).content.decode()

    assert re.search(rf'href="{first.url}" rel="prev"', middle_html)
    assert re.search(rf'href="{last.url}" rel="next"', middle_html)
    assert 'rel="prev"' not in first_html


def test_practice_case_page_shows_company_situation_tasks_and_competences(client):
    competence = factories.framework(1).competences.get()
    unit = factories.unit(competence=competence)
    case = factories.practice_case(
        unit,
        title="Lekkage in de ketelruimte",
        attachments=factories.stream(
            ("document", {"document": factories.document().pk, "description": ""})
        ),
    )
    case.competences.set([competence])
    case.save_revision().publish()

    response = client.get(case.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Metaalbedrijf Hoofddorp" in html
    assert "Een klant meldt een lekkende leiding." in html
    assert "Herstel de leiding." in html
    assert "C1" in html and "Competentie 1" in html
    assert "Veiligheidsinstructie" in html


def test_every_heading_level_follows_the_previous(client, lesson_with_every_block):
    unit = lesson_with_every_block.unit
    factories.practice_case(unit)
    pages = [
        factories.catalogue(),
        factories.unit_index(),
        unit,
        lesson_with_every_block,
    ]
    pages.append(factories.track(units=[unit]))

    for page in pages:
        html = client.get(page.url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels.count(1) == 1, page.title
        jumps = [
            after - before for before, after in zip(levels, levels[1:], strict=False)
        ]
        assert max(jumps) <= 1, page.title


def test_curriculum_pages_load_nothing_from_other_hosts(
    client, lesson_with_every_block
):
    unit = lesson_with_every_block.unit
    case = factories.practice_case(unit)
    track = factories.track(units=[unit])
    pages = [factories.catalogue(), track, factories.unit_index(), unit]

    for page in [*pages, lesson_with_every_block, case]:
        html = client.get(page.url).content.decode()
        assert external_resources(html) == [], page.title


def test_draft_units_are_left_out_of_a_track(client):
    draft = factories.unit(title="Nog niet klaar")
    UnitPage.objects.filter(pk=draft.pk).update(live=False)
    track = factories.track(units=[draft, factories.unit(title="Wel klaar")])

    html = client.get(track.url).content.decode()

    assert "Wel klaar" in html
    assert "Nog niet klaar" not in html
