"""What the curriculum's own admin pages share."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPageMixin(WagtailAdminTemplateMixin):
    """An admin page whose breadcrumbs end in its own title."""

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]
