"""The slug is called what it is to the staff who fill it in: the end of a web address."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("levels", "0007_unit_reporting_moves_to_concerns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="body",
            name="slug",
            field=models.SlugField(
                help_text="Siste del av sidens nettadresse, for eksempel politiradet i /organisering/politiradet/. Bare små bokstaver, tall og bindestrek. Kan ikke endres etterpå.",
                unique=True,
                verbose_name="nettadresse",
            ),
        ),
        migrations.AlterField(
            model_name="level",
            name="slug",
            field=models.SlugField(
                help_text="Brukes i lenker til nivået. Kan ikke endres.",
                unique=True,
                verbose_name="nettadresse",
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="slug",
            field=models.SlugField(
                help_text="Siste del av lenken til enheten på kontaktsiden, for eksempel borkenes-skole i /kontakt/#borkenes-skole. Bare små bokstaver, tall og bindestrek. Kan ikke endres etterpå.",
                unique=True,
                verbose_name="nettadresse",
            ),
        ),
    ]
