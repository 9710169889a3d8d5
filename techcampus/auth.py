"""Log in with a username or an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Accept the e-mail address in place of the username.

    An address shared by several accounts identifies none of them, so it
    logs in no one; the username still works for each.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            matches = get_user_model().objects.filter(email__iexact=username.strip())
            if matches.count() != 1:
                # Spend the same time as a real check, so timing tells nothing.
                get_user_model()().set_password(password)
                return None
            username = matches.get().get_username()
        return super().authenticate(request, username, password, **kwargs)
