"""Language selection: Dutch unless the visitor chose otherwise."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Activate the language from the language switch's cookie, else Dutch.

    Django's own middleware follows the browser's Accept-Language header,
    which would show most visitors' browsers an English site; this platform
    speaks Dutch first and offers English through the switch.
    """

    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
