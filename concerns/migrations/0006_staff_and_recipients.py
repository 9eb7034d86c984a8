"""Staff membership and each unit's report-receiving settings move to the confidential side.

StaffMember keeps its rows: the table levels_staffmember is taken over and renamed,
and its content type moves, so granted permissions stay. The receiving settings are
copied from levels.Unit into UnitReporting, one row per unit, before levels.0007
drops the old columns.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

REPORTING_FIELDS = [
    "receives_reports",
    "reports_inbox",
    "reports_about_nb",
    "reports_about_en",
    "response_days",
]


def move_content_type(apps, schema_editor, *, source="levels", target="concerns"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model="staffmember").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="concerns", target="levels")


def copy_reporting(apps, schema_editor):
    Unit = apps.get_model("levels", "Unit")
    UnitReporting = apps.get_model("concerns", "UnitReporting")
    UnitReporting.objects.bulk_create(
        UnitReporting(unit_id=unit["pk"], **{name: unit[name] for name in REPORTING_FIELDS})
        for unit in Unit.objects.values("pk", *REPORTING_FIELDS)
    )


def copy_reporting_back(apps, schema_editor):
    Unit = apps.get_model("levels", "Unit")
    UnitReporting = apps.get_model("concerns", "UnitReporting")
    for row in UnitReporting.objects.values("unit_id", *REPORTING_FIELDS):
        Unit.objects.filter(pk=row.pop("unit_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0005_guides_move_to_guides"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("levels", "0006_staffmember_moves_to_concerns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffMember",
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
                            "is_coordinator",
                            models.BooleanField(
                                default=False,
                                help_text="Ser alle meldinger og kan videresende dem til en annen enhet.",
                                verbose_name="SLT-koordinator",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff",
                                to="levels.unit",
                                verbose_name="enhet",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="bruker",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "levels_staffmember",
                        "verbose_name": "ansatt",
                        "verbose_name_plural": "ansatte",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="staffmember", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.CreateModel(
            name="UnitReporting",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="reporting",
                        serialize=False,
                        to="levels.unit",
                        verbose_name="enhet",
                    ),
                ),
                (
                    "receives_reports",
                    models.BooleanField(
                        default=False,
                        help_text="Vises som mottaker i bekymringsskjemaet.",
                        verbose_name="tar imot bekymringsmeldinger",
                    ),
                ),
                (
                    "reports_inbox",
                    models.EmailField(
                        blank=True,
                        help_text="Varselet sier bare at en ny melding har kommet, aldri hva den handler om.",
                        max_length=254,
                        verbose_name="innboks for varsel om nye meldinger",
                    ),
                ),
                (
                    "reports_about_nb",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        verbose_name="hva enheten tar imot meldinger om (norsk)",
                    ),
                ),
                (
                    "reports_about_en",
                    models.CharField(
                        blank=True,
                        help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                        max_length=150,
                        verbose_name="hva enheten tar imot meldinger om (engelsk)",
                    ),
                ),
                (
                    "response_days",
                    models.PositiveSmallIntegerField(
                        default=7,
                        help_text="Hvor mange dager enheten har på å gå gjennom en ny melding.",
                        verbose_name="svarfrist i dager",
                    ),
                ),
            ],
            options={
                "verbose_name": "mottak av bekymringsmeldinger",
                "verbose_name_plural": "mottak av bekymringsmeldinger",
                "ordering": ["unit__position", "unit__pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=Q(receives_reports=False) | ~Q(reports_inbox=""),
                        name="report_recipient_has_inbox",
                        violation_error_message="En enhet som tar imot bekymringsmeldinger, må ha en innboks for varsel.",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_reporting, copy_reporting_back),
    ]
