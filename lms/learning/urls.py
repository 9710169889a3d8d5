"""URLs of the learning pages, mounted under /leren/."""

from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("inschrijven/<int:page_id>/", views.enrol_view, name="enrol"),
    path("les/<int:lesson_id>/klaar/", views.lesson_done, name="lesson_done"),
    path("les/<int:lesson_id>/toets/<str:block_id>/", views.take_quiz, name="quiz"),
    path(
        "les/<int:lesson_id>/opdracht/<str:block_id>/",
        views.submit_assignment,
        name="assignment",
    ),
    path("bestand/<int:file_id>/", views.submission_file, name="submission_file"),
    path("docent/", views.teaching_view, name="teaching"),
    path("docent/module/<int:unit_id>/", views.unit_cohort, name="cohort"),
    path("docent/inschrijven/<int:page_id>/", views.enrol_group, name="enrol_group"),
    path("docent/beoordelen/<int:submission_id>/", views.assess, name="assess"),
    path("docent/activiteiten/", views.unlinked_activities, name="unlinked"),
]
