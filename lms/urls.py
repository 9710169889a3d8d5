"""URLs of the lms app's learner-facing pages, mounted under /llo/."""

from django.urls import path

from .llo import views

app_name = "llo"
urlpatterns = [
    path("", views.my_llo, name="my_llo"),
    path("certificaten/nieuw/", views.certificate_form, name="certificate_add"),
    path(
        "certificaten/<int:pk>/wijzigen/",
        views.certificate_form,
        name="certificate_edit",
    ),
    path(
        "certificaten/<int:pk>/verwijderen/",
        views.certificate_delete,
        name="certificate_delete",
    ),
    path("certificaten/<int:pk>/scan/", views.certificate_scan, name="scan"),
    path("activiteiten/nieuw/", views.activity_form, name="activity_add"),
    path("activiteiten/<int:pk>/wijzigen/", views.activity_form, name="activity_edit"),
    path(
        "activiteiten/<int:pk>/verwijderen/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("export/portfolio.json", views.export_json, name="export_json"),
    path("export/portfolio.pdf", views.export_pdf, name="export_pdf"),
    path(
        "behaald/<uuid:uuid>/certificaat.pdf",
        views.platform_certificate_pdf,
        name="platform_pdf",
    ),
    path(
        "behaald/<uuid:uuid>/openbadge.jwt",
        views.credential_jwt,
        name="credential_jwt",
    ),
    path(
        "behaald/<uuid:uuid>/openbadge.json",
        views.credential_json,
        name="credential_json",
    ),
    path("overzicht/", views.employer_overview, name="overview"),
    path("overzicht/export.csv", views.overview_csv, name="overview_csv"),
    path("overzicht/export.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("overzicht/<int:user_id>/doel/", views.person_target, name="person_target"),
]
