"""Keep room for the free-text sectors older seed data still writes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0005_demand_and_check_permissions"),
    ]

    operations = [
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
                max_length=80,
                verbose_name="sector",
            ),
        ),
    ]
