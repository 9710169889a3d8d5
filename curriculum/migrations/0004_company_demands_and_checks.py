"""Company profile, competence demands and stored curriculum checks."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0003_map_company_sectors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="contacts",
            field=models.ManyToManyField(
                blank=True,
                help_text="people who supply the company's competence demands",
                related_name="companies",
                to=settings.AUTH_USER_MODEL,
                verbose_name="contacts",
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="offers_work_placements",
            field=models.BooleanField(
                default=False,
                help_text="has places for learners who learn while working",
                verbose_name="offers work placements",
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="region",
            field=models.CharField(
                blank=True,
                help_text="e.g. Haarlemmermeer or Amstelland",
                max_length=80,
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="size",
            field=models.CharField(
                blank=True,
                choices=[
                    ("micro", "micro (fewer than 10 employees)"),
                    ("small", "small (10 to 49 employees)"),
                    ("medium", "medium (50 to 249 employees)"),
                    ("large", "large (250 employees or more)"),
                ],
                max_length=10,
                verbose_name="size",
            ),
        ),
        migrations.AddField(
            model_name="competenceframework",
            name="children_cover_parent",
            field=models.BooleanField(
                default=False,
                help_text="in a curriculum check, teaching a work process also covers its core task",
                verbose_name="children cover their parent",
            ),
        ),
        migrations.AlterField(
            model_name="company",
            name="sector",
            field=models.CharField(
                blank=True,
                choices=[
                    ("construction", "construction"),
                    ("installation", "installation"),
                    ("electrical", "electrical engineering"),
                    ("infra", "infrastructure"),
                    ("metal", "metal and mechanical engineering"),
                    ("aviation-maritime", "aviation and maritime engineering"),
                ],
                max_length=40,
                verbose_name="sector",
            ),
        ),
        migrations.CreateModel(
            name="CurriculumCheckRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "waiting"),
                            ("running", "running"),
                            ("finished", "finished"),
                            ("failed", "failed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "progress",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="percentage done", verbose_name="progress"
                    ),
                ),
                (
                    "track_slug",
                    models.SlugField(
                        blank=True,
                        help_text="slug of the only track checked; empty for all tracks",
                        max_length=255,
                        verbose_name="track",
                    ),
                ),
                (
                    "input_summary",
                    models.JSONField(
                        blank=True, default=dict, verbose_name="summary of the inputs"
                    ),
                ),
                (
                    "results",
                    models.JSONField(blank=True, default=dict, verbose_name="results"),
                ),
                (
                    "comparison",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        verbose_name="comparison with the previous run",
                    ),
                ),
                (
                    "score",
                    models.FloatField(
                        blank=True, null=True, verbose_name="coverage score"
                    ),
                ),
                (
                    "track_scores",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="kept apart from the results so that trends load quickly",
                        verbose_name="coverage score per track",
                    ),
                ),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="started at"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="finished at"
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
            ],
            options={
                "verbose_name": "curriculum check",
                "verbose_name_plural": "curriculum checks",
                "ordering": ["-created_at", "-pk"],
                "get_latest_by": "created_at",
            },
        ),
        migrations.CreateModel(
            name="CompetenceDemand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "proposed_competence_title",
                    models.CharField(
                        blank=True,
                        help_text="a competence no framework has yet; a coordinator maps it",
                        max_length=200,
                        verbose_name="proposed new competence",
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        help_text="on the competence's proficiency scale",
                        verbose_name="required level",
                    ),
                ),
                (
                    "importance",
                    models.CharField(
                        choices=[
                            ("must", "must have"),
                            ("should", "should have"),
                            ("nice", "nice to have"),
                        ],
                        max_length=10,
                        verbose_name="importance",
                    ),
                ),
                (
                    "horizon",
                    models.CharField(
                        choices=[
                            ("now", "now"),
                            ("2-years", "within 2 years"),
                            ("5-years", "within 5 years"),
                        ],
                        default="now",
                        help_text="when the company needs it",
                        max_length=10,
                        verbose_name="horizon",
                    ),
                ),
                (
                    "people_needed",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="expected number of people with this competence per year",
                        verbose_name="people needed per year",
                    ),
                ),
                (
                    "supplied_on",
                    models.DateField(
                        default=django.utils.timezone.localdate,
                        verbose_name="date supplied",
                    ),
                ),
                ("remark", models.TextField(blank=True, verbose_name="remark")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="withdrawn at"
                    ),
                ),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="demands",
                        to="curriculum.company",
                        verbose_name="company",
                    ),
                ),
                (
                    "competence",
                    models.ForeignKey(
                        blank=True,
                        help_text="leave empty to propose a new competence below",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="demands",
                        to="curriculum.competence",
                        verbose_name="competence",
                    ),
                ),
                (
                    "replaced_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="replaces",
                        to="curriculum.competencedemand",
                        verbose_name="replaced by",
                    ),
                ),
                (
                    "supplied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="supplied by",
                    ),
                ),
            ],
            options={
                "verbose_name": "competence demand",
                "verbose_name_plural": "competence demands",
                "ordering": ["company__name", "-supplied_on", "-pk"],
                "permissions": [
                    ("access_all_demands", "can see and manage every company's demands")
                ],
                "indexes": [
                    models.Index(
                        fields=["replaced_by", "withdrawn_at"],
                        name="competence_demand_current",
                    )
                ],
            },
        ),
    ]
