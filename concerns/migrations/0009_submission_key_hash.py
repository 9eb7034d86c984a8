"""Keep only a hash of the form's submission key.

With the key and SECRET_KEY the receipt code could be recomputed; the hash still finds
the first report when the same form is posted twice.
"""

import hashlib
import uuid

from django.db import migrations, models


def hash_keys(apps, schema_editor):
    Report = apps.get_model("concerns", "Report")
    for pk, key in Report.objects.values_list("pk", "submission_key"):
        digest = hashlib.sha256(str(uuid.UUID(str(key))).encode()).hexdigest()
        Report.objects.filter(pk=pk).update(submission_key_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0008_refused_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="submission_key_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # Backwards only for a database without reports: the keys are gone on purpose.
        migrations.RunPython(hash_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="submission_key_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.RemoveField(model_name="report", name="submission_key"),
    ]
