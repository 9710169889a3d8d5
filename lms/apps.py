from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("learning")

    def ready(self) -> None:
        # Registers the projector's tasks with the worker.
        from .progress import tasks  # noqa: F401
