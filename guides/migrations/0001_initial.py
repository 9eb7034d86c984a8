"""The action guides move here from `concerns`, with their rows.

The tables already exist (made by concerns.0001); this takes them over in the
migration state, renames them to this app's names and moves their content types,
so that permissions and admin history point at the same rows as before.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["guide", "guidestep", "warningsigngroup"]


def move_content_types(apps, schema_editor, *, source="concerns", target="guides"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="guides", target="concerns")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("concerns", "0005_guides_move_to_guides"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("levels", "0005_unit_reports_about"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Guide",
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
                            "position",
                            models.PositiveIntegerField(
                                default=0,
                                help_text="Lavere tall vises først.",
                                verbose_name="rekkefølge",
                            ),
                        ),
                        (
                            "published",
                            models.BooleanField(
                                default=True,
                                help_text="Upubliserte elementer vises ikke for publikum.",
                                verbose_name="publisert",
                            ),
                        ),
                        ("slug", models.SlugField(unique=True, verbose_name="adresse (slug)")),
                        (
                            "title_nb",
                            models.CharField(max_length=200, verbose_name="tittel (norsk)"),
                        ),
                        (
                            "title_en",
                            models.CharField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                max_length=200,
                                verbose_name="tittel (engelsk)",
                            ),
                        ),
                        ("summary_nb", models.TextField(verbose_name="ingress (norsk)")),
                        (
                            "summary_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="ingress (engelsk)",
                            ),
                        ),
                        (
                            "introduction_nb",
                            models.TextField(verbose_name="hvorfor dette er viktig (norsk)"),
                        ),
                        (
                            "introduction_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="hvorfor dette er viktig (engelsk)",
                            ),
                        ),
                        (
                            "signs_intro_nb",
                            models.TextField(
                                blank=True, verbose_name="innledning til bekymringstegnene (norsk)"
                            ),
                        ),
                        (
                            "signs_intro_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="innledning til bekymringstegnene (engelsk)",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concerns_guide",
                        "verbose_name": "handlingsveileder",
                        "verbose_name_plural": "handlingsveiledere",
                        "ordering": ["position", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="GuideStep",
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
                            "position",
                            models.PositiveIntegerField(
                                default=0,
                                help_text="Lavere tall vises først.",
                                verbose_name="rekkefølge",
                            ),
                        ),
                        (
                            "published",
                            models.BooleanField(
                                default=True,
                                help_text="Upubliserte elementer vises ikke for publikum.",
                                verbose_name="publisert",
                            ),
                        ),
                        (
                            "title_nb",
                            models.CharField(max_length=200, verbose_name="tittel (norsk)"),
                        ),
                        (
                            "title_en",
                            models.CharField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                max_length=200,
                                verbose_name="tittel (engelsk)",
                            ),
                        ),
                        ("body_nb", models.TextField(verbose_name="hva du gjør (norsk)")),
                        (
                            "body_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="hva du gjør (engelsk)",
                            ),
                        ),
                        (
                            "contact_note_nb",
                            models.TextField(blank=True, verbose_name="hvem du kontakter (norsk)"),
                        ),
                        (
                            "contact_note_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="hvem du kontakter (engelsk)",
                            ),
                        ),
                        (
                            "scope",
                            models.CharField(
                                choices=[
                                    ("personal", "Den enkelte"),
                                    ("own_service", "Egen tjeneste"),
                                    ("cooperation", "Samarbeid mellom tjenester"),
                                    ("interdisciplinary", "Tverrfaglig innsats"),
                                ],
                                max_length=20,
                                verbose_name="hvem som er involvert",
                            ),
                        ),
                        (
                            "contacts",
                            models.ManyToManyField(
                                blank=True,
                                related_name="guide_steps",
                                to="levels.unit",
                                verbose_name="kontakter",
                            ),
                        ),
                        (
                            "guide",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="guides.guide",
                                verbose_name="veileder",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concerns_guidestep",
                        "verbose_name": "steg",
                        "verbose_name_plural": "steg",
                        "ordering": ["position", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="WarningSignGroup",
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
                            "position",
                            models.PositiveIntegerField(
                                default=0,
                                help_text="Lavere tall vises først.",
                                verbose_name="rekkefølge",
                            ),
                        ),
                        (
                            "published",
                            models.BooleanField(
                                default=True,
                                help_text="Upubliserte elementer vises ikke for publikum.",
                                verbose_name="publisert",
                            ),
                        ),
                        (
                            "title_nb",
                            models.CharField(max_length=200, verbose_name="gruppe (norsk)"),
                        ),
                        (
                            "title_en",
                            models.CharField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                max_length=200,
                                verbose_name="gruppe (engelsk)",
                            ),
                        ),
                        (
                            "signs_nb",
                            models.TextField(
                                help_text="Ett tegn per linje.", verbose_name="tegn (norsk)"
                            ),
                        ),
                        (
                            "signs_en",
                            models.TextField(
                                blank=True,
                                help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                                verbose_name="tegn (engelsk)",
                            ),
                        ),
                        (
                            "guide",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sign_groups",
                                to="guides.guide",
                                verbose_name="veileder",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concerns_warningsigngroup",
                        "verbose_name": "gruppe av bekymringstegn",
                        "verbose_name_plural": "grupper av bekymringstegn",
                        "ordering": ["position", "pk"],
                        "abstract": False,
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="guide", table=None),
        migrations.AlterModelTable(name="guidestep", table=None),
        migrations.AlterModelTable(name="warningsigngroup", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
