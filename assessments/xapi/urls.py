"""URLs of the Learning Record Store, mounted under /xapi/."""

from django.urls import path, re_path

from . import views

app_name = "xapi"
urlpatterns = [
    path("statements", views.statements, name="statements"),
    path("statements/more/<str:token>", views.statements_more, name="statements-more"),
    path("activities/state", views.activity_state, name="activity-state"),
    path("activities/profile", views.activity_profile, name="activity-profile"),
    path("activities", views.activities, name="activities"),
    path("agents/profile", views.agent_profile, name="agent-profile"),
    path("agents", views.agents, name="agents"),
    path("about", views.about, name="about"),
    # Anything else is answered by the LRS too, with its headers, rather
    # than redirected to a trailing slash or shown the site's 404 page.
    re_path(r"^(?P<rest>.*)$", views.unknown_resource, name="unknown"),
]
