from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from concerns.encryption import EncryptedTextField


def encrypted_models():
    """Every model with encrypted fields, in any app, with those fields' names.

    Found through the app registry, so that this command re-encrypts fields of apps it
    may not import (the staff's second factor lives in slt_portal).
    """
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        # Local fields only: an inherited table is rotated through its own model.
        fields = [
            field.name
            for field in model._meta.local_concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (report fields, the staff's TOTP seeds and recovery "
        "code keys) with the first key in FIELD_ENCRYPTION_KEYS. Put the new key first, keep "
        "the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        for model, fields in encrypted_models():
            count = 0
            manager = model._base_manager
            # Reading decrypts with whichever key fits; writing encrypts with the first key.
            rows = manager.values_list("pk", *fields)
            for pk, *values in rows.iterator(chunk_size=500):
                changed = {name: value for name, value in zip(fields, values, strict=True) if value}
                if changed:
                    with transaction.atomic():
                        manager.filter(pk=pk).update(**changed)
                    count += 1
            self.stdout.write(f"{model._meta.label}: re-encrypted {count} row(s).")
