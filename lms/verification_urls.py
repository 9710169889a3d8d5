"""Public verification URLs, mounted under /verify/.

The issuer, key and status list paths are part of every credential issued;
they must never change (see ``lms.llo.badges``).
"""

from django.urls import path

from .llo import verification

app_name = "verification"
urlpatterns = [
    path("", verification.lookup, name="lookup"),
    path("issuer/", verification.issuer_profile, name="issuer"),
    path("issuer/jwks.json", verification.issuer_jwks, name="jwks"),
    path("status/revocation/", verification.status_list, name="status_list"),
    path("<str:code>/", verification.certificate, name="certificate"),
    path("<str:code>/intrekken/", verification.revoke, name="revoke"),
]
