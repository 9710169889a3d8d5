"""Let teachers and coordinators approve what guest lecturers submit.

Wagtail's default workflow hands every page submitted for moderation to a
task of its own Moderators group, which none of the six roles is in, so a
practice case a guest lecturer submitted waited for a superuser. Every
approval task of the Moderators group now also takes teachers and
coordinators. The default workflow and task, where they still carry
Wagtail's English name, get Dutch ones: the submit button reads "Stuur door
naar" and the workflow's name.
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "goedkeuring"
TASK_NAME = "Goedkeuring door een docent of programmamanager"
MODERATORS = "Moderators"
REVIEWERS = ["Docenten", "Programmamanagers"]


def _moderator_tasks(apps):
    tasks = apps.get_model("wagtailcore", "GroupApprovalTask").objects
    return tasks.filter(groups__name=MODERATORS).distinct()


def _rename(model, old: str, new: str) -> None:
    model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    reviewers = list(apps.get_model("auth", "Group").objects.filter(name__in=REVIEWERS))
    for task in _moderator_tasks(apps):
        task.groups.add(*reviewers)
    _rename(apps.get_model("wagtailcore", "Task"), WAGTAIL_NAME, TASK_NAME)
    _rename(apps.get_model("wagtailcore", "Workflow"), WAGTAIL_NAME, WORKFLOW_NAME)


def backwards(apps, schema_editor):
    # Reviewers added to these tasks by hand since are taken off as well.
    reviewers = list(apps.get_model("auth", "Group").objects.filter(name__in=REVIEWERS))
    for task in _moderator_tasks(apps):
        task.groups.remove(*reviewers)
    _rename(apps.get_model("wagtailcore", "Task"), TASK_NAME, WAGTAIL_NAME)
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOW_NAME, WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0006_unit_staff_permissions"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
