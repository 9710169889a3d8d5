"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin as django_admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from lms.learning import views as learning_views

urlpatterns = [
    path("django-admin/", django_admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("zoeken/", cms_views.search, name="search"),
    path("xapi/", include("assessments.xapi.urls")),
    path("llo/", include("lms.urls")),
    path("leren/", include("lms.learning.urls")),
    path("api/v1/me/progress/", learning_views.api_my_progress, name="api_my_progress"),
    path("verify/", include("lms.verification_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
