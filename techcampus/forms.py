"""Forms of the project shell."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's login form, labelled in the words of the site's own login.

    Wagtail gives the password field no label, so Django made an English one
    from its name; and the username field also takes an e-mail address here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")
        self.fields["password"].label = _("Password")
