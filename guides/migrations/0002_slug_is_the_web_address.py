"""The slug is called what it is to the staff who fill it in: the end of a web address."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="guide",
            name="slug",
            field=models.SlugField(
                help_text="Siste del av sidens nettadresse, for eksempel radikalisering i /handlingsveileder/radikalisering/. Bare små bokstaver, tall og bindestrek. Kan ikke endres etterpå.",
                unique=True,
                verbose_name="nettadresse",
            ),
        ),
    ]
