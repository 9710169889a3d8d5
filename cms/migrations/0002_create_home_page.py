"""Replace Wagtail's welcome page with the TechCampus home page."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes.ContentType")
    page_model = apps.get_model("wagtailcore.Page")
    site_model = apps.get_model("wagtailcore.Site")
    home_page_model = apps.get_model("cms.HomePage")
    locale_model = apps.get_model("wagtailcore.Locale")

    page_model.objects.filter(depth=2, slug="home").delete()
    home_content_type, _ = content_type_model.objects.get_or_create(
        model="homepage", app_label="cms"
    )
    locale = locale_model.objects.order_by("pk").first()
    home = home_page_model.objects.create(
        title="TechCampus Haarlemmermeer",
        draft_title="TechCampus Haarlemmermeer",
        slug="home",
        content_type=home_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    site_model.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "TechCampus",
        },
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
