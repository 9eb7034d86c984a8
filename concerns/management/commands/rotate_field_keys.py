from django.core.management.base import BaseCommand
from django.db import transaction

from concerns.encryption import encrypted_fields
from concerns.models import Report, ReportEvent


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted report field with the first key in FIELD_ENCRYPTION_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        for model in (Report, ReportEvent):
            fields = encrypted_fields(model)
            count = 0
            # Reading decrypts with whichever key fits; writing encrypts with the first key.
            rows = model.objects.values_list("pk", *fields)
            for pk, *values in rows.iterator(chunk_size=500):
                changed = {name: value for name, value in zip(fields, values, strict=True) if value}
                if changed:
                    with transaction.atomic():
                        model.objects.filter(pk=pk).update(**changed)
                    count += 1
            self.stdout.write(f"{model._meta.label}: re-encrypted {count} row(s).")
