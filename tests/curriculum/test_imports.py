"""CSV and XLSX imports of demands and competences: all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from curriculum.imports import import_competences, import_demands
from curriculum.models import Competence, CompetenceDemand, ProficiencyScale
from lms import roles
from tests import factories
from tests.curriculum import demand_factories as make

pytestmark = pytest.mark.django_db

DEMAND_HEADER = (
    "competence_code,proposed_competence,level,importance,horizon,people_needed,remark"
)


def csv_file(*lines: str, name: str = "vraag.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join(lines).encode("utf-8"))


def xlsx_file(rows: list[list], name: str = "vraag.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def company():
    return make.company("Installatietechniek Aalsmeer", sector="installation")


def test_csv_import_stores_every_row(competence_framework, company):
    upload = csv_file(
        DEMAND_HEADER,
        "C1,,2,must,now,3,voor de werkplaats",
        "C2,,4,should,2-years,,",
        ",Waterstof,1,nice,5-years,1,",
    )

    result = import_demands(upload, company, competence_framework)

    assert (result.ok, result.created) == (True, 3)
    stored = {d.competence_label: d for d in CompetenceDemand.objects.current()}
    assert stored["C1 Competentie 1"].people_needed == 3
    assert stored["C2 Competentie 2"].horizon == "2-years"
    assert stored["Waterstof"].competence is None


def test_semicolon_csv_from_a_dutch_spreadsheet_is_read(competence_framework, company):
    upload = csv_file(
        "competence_code;level;importance;horizon", "C1;2;must;now", "c3;1;nice;now"
    )

    result = import_demands(upload, company, competence_framework)

    assert result.created == 2


def test_xlsx_import_stores_every_row(competence_framework, company):
    upload = xlsx_file(
        [
            ["competence_code", "level", "importance", "horizon"],
            ["C1", 3, "must", "now"],
        ]
    )

    result = import_demands(upload, company, competence_framework)

    assert result.created == 1
    assert CompetenceDemand.objects.get().level == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X9,,2,must,now,1,", "Row 3: unknown competence code X9."),
        ("C1,,7,must,now,1,", "Row 3: level 7 is not a whole number from 1 to 4."),
        ("C1,,twee,must,now,1,", "Row 3: level twee is not a whole number"),
        ("C1,,,must,now,1,", "Row 3: level '' is not a whole number"),
        ("C1,,2,heel graag,now,1,", "Row 3: unknown importance heel graag"),
        ("C1,,2,must,ooit,1,", "Row 3: unknown horizon ooit"),
        ("C1,,2,must,now,-1,", "Row 3: people needed -1 is not a whole number"),
        (",,2,must,now,1,", "Row 3: give a competence code or a proposed competence."),
        ("C2,,2,must,now,1,", "Row 3: this competence appears more than once."),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_stored(
    competence_framework, company, row, message
):
    upload = csv_file(DEMAND_HEADER, "C2,,2,must,now,1,", row)

    result = import_demands(upload, company, competence_framework)

    assert not result.ok
    assert any(error.startswith(message) for error in result.errors), result.errors
    assert not CompetenceDemand.objects.exists()


def test_every_bad_row_gets_its_own_error(competence_framework, company):
    upload = csv_file(DEMAND_HEADER, "X1,,2,must,now,1,", "C1,,9,must,now,1,")

    result = import_demands(upload, company, competence_framework)

    assert [error.split(":")[0] for error in result.errors] == ["Row 2", "Row 3"]


def test_a_missing_column_is_reported(competence_framework, company):
    upload = csv_file("competence_code,level,importance", "C1,2,must")

    result = import_demands(upload, company, competence_framework)

    assert result.errors == ["Missing column(s): horizon."]
    assert not CompetenceDemand.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file(DEMAND_HEADER), "The file has no rows to import."),
        (SimpleUploadedFile("vraag.pdf", b"%PDF"), "Upload a .csv or .xlsx file."),
        (SimpleUploadedFile("vraag.xlsx", b"geen zip"), "This is not a readable"),
        (
            SimpleUploadedFile("vraag.csv", b"\xff\xfe\x00"),
            "Save the CSV file as UTF-8.",
        ),
    ],
)
def test_unreadable_files_are_refused(competence_framework, company, upload, message):
    result = import_demands(upload, company, competence_framework)

    assert result.errors[0].startswith(message)
    assert not CompetenceDemand.objects.exists()


def test_import_replaces_current_demands_for_the_same_competence(
    competence_framework, company
):
    old = make.demand(company, competence_framework.competences.get(code="C1"))

    import_demands(
        csv_file("competence_code,level,importance,horizon", "C1,4,must,now"),
        company,
        competence_framework,
    )

    old.refresh_from_db()
    assert old.replaced_by.level == 4


COMPETENCE_HEADER = "code,title,parent_code,kind,esco_uri,scale"


def test_competence_import_adds_a_tree_with_parents_by_code(competence_framework):
    ProficiencyScale.objects.create(name="Vierpuntsschaal")
    upload = csv_file(
        COMPETENCE_HEADER,
        "K9-W1,Plant het werk,K9,work-process,,",
        "K9,Installeert warmtepompen,,core-task,http://data.europa.eu/esco/skill/1,",
        "C1,Meten (nieuwe titel),,skill,,vierpuntsschaal",
    )

    result = import_competences(upload, competence_framework)

    assert (result.ok, result.created, result.updated) == (True, 2, 1)
    child = Competence.objects.get(framework=competence_framework, code="K9-W1")
    assert child.parent.code == "K9"
    assert child.kind == "work-process"
    updated = Competence.objects.get(framework=competence_framework, code="C1")
    assert (updated.title, updated.scale.name) == (
        "Meten (nieuwe titel)",
        "Vierpuntsschaal",
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["K1,Titel,ONBEKEND,skill,,"], "Row 2: unknown parent code ONBEKEND."),
        (["K1,Titel,,hoofdtaak,,"], "Row 2: unknown kind hoofdtaak"),
        (["K1,Titel,,,,Geen schaal"], "Row 2: unknown scale Geen schaal."),
        (["K1,,,,,"], "Row 2: the title is empty."),
        ([",Titel,,,,"], "Row 2: the code is empty."),
        (["K1,Titel,,,https://example.org/x,"], "Row 2: esco_uri: An ESCO URI"),
        (["K1,Titel,K1,,,"], "Row 2: a competence cannot be its own parent."),
        (["K1,Titel,,,,", "K1,Nog eens,,,,"], "Row 2: code K1 appears more than once."),
        (["K1,Titel,K2,,,", "K2,Titel,K1,,,"], "Row 2: its parents lead back"),
    ],
)
def test_a_bad_competence_row_stores_nothing(competence_framework, rows, message):
    upload = csv_file(COMPETENCE_HEADER, *rows)

    result = import_competences(upload, competence_framework)

    assert any(error.startswith(message) for error in result.errors), result.errors
    assert competence_framework.competences.count() == 3


def test_contact_imports_through_the_admin_and_sees_row_errors(
    client, competence_framework, company
):
    client.force_login(make.contact("inkoper", company))
    upload = csv_file(DEMAND_HEADER, "X9,,2,must,now,1,")

    response = client.post(
        reverse("competence_demands:import"),
        {"company": company.pk, "framework": competence_framework.pk, "file": upload},
    )

    assert response.status_code == 200
    assert "Row 2: unknown competence code X9." in response.content.decode()
    assert not CompetenceDemand.objects.exists()


def test_contact_cannot_import_for_another_company(
    client, competence_framework, company
):
    other = make.company("Bouwbedrijf Badhoevedorp")
    client.force_login(make.contact("inkoper", company))
    upload = csv_file(DEMAND_HEADER, "C1,,2,must,now,1,")

    response = client.post(
        reverse("competence_demands:import"),
        {"company": other.pk, "framework": competence_framework.pk, "file": upload},
    )

    assert "company" in response.context["form"].errors
    assert not CompetenceDemand.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_templates_download_with_the_columns(client, company, file_format):
    client.force_login(make.contact("inkoper", company))

    response = client.get(reverse("competence_demands:template", args=[file_format]))

    assert response.status_code == 200
    if file_format == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = ",".join(cell.value for cell in sheet[1])
    assert header == DEMAND_HEADER


def test_teacher_imports_competences_through_the_admin(client, competence_framework):
    client.force_login(factories.user("docent", roles.TEACHER))
    upload = csv_file(COMPETENCE_HEADER, "K7,Lassen,,core-task,,")

    response = client.post(
        reverse("curriculum_competence_import"),
        {"framework": competence_framework.pk, "file": upload},
    )

    assert response.status_code == 302
    assert competence_framework.competences.filter(code="K7").exists()


def test_company_contact_cannot_import_competences(client, company):
    client.force_login(make.contact("inkoper", company))

    response = client.get(reverse("curriculum_competence_import"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
