"""Let teachers and coordinators approve what guest lecturers submit.

Wagtail's default workflow hands every page submitted for moderation to its
own Moderators group, which none of the six roles is in, so a practice case
a guest lecturer submitted waited for a superuser. The default task now also
takes teachers and coordinators, and the workflow and task get Dutch names:
the submit button reads "Stuur door naar" and the workflow's name.
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "goedkeuring"
TASK_NAME = "Goedkeuring door een docent of programmamanager"
REVIEWERS = ["Docenten", "Programmamanagers"]


def forwards(apps, schema_editor):
    reviewers = apps.get_model("auth", "Group").objects.filter(name__in=REVIEWERS)
    tasks = apps.get_model("wagtailcore", "GroupApprovalTask").objects
    for task in tasks.filter(name=WAGTAIL_NAME):
        task.name = TASK_NAME
        task.save(update_fields=["name"])
        task.groups.add(*reviewers)
    workflows = apps.get_model("wagtailcore", "Workflow").objects
    workflows.filter(name=WAGTAIL_NAME).update(name=WORKFLOW_NAME)


def backwards(apps, schema_editor):
    reviewers = apps.get_model("auth", "Group").objects.filter(name__in=REVIEWERS)
    tasks = apps.get_model("wagtailcore", "GroupApprovalTask").objects
    for task in tasks.filter(name=TASK_NAME):
        task.name = WAGTAIL_NAME
        task.save(update_fields=["name"])
        task.groups.remove(*reviewers)
    workflows = apps.get_model("wagtailcore", "Workflow").objects
    workflows.filter(name=WORKFLOW_NAME).update(name=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0006_unit_staff_permissions"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
