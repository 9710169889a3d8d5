"""URLs of the Learning Record Store, mounted under /xapi/."""

app_name = "xapi"
urlpatterns: list = []
