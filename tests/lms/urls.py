"""Test URL configuration: the project's URLs plus the LLO pages."""

from django.urls import include, path

from techcampus.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("llo/", include("lms.urls")),
    path("verify/", include("lms.verification_urls")),
    *project_urlpatterns,
]
