"""Staff managed by the coordinator: invitation links (token digests only) and the event log."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        # StaffAccount is a proxy of StaffMember, which 0006 made.
        ("concerns", "0006_staff_and_recipients"),
        ("slt_portal", "0002_move_otp_devices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StaffAccount",
            fields=[],
            options={
                "verbose_name": "ansatt",
                "verbose_name_plural": "ansatte",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("concerns.staffmember",),
        ),
        migrations.CreateModel(
            name="StaffInvite",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token_digest", models.CharField(max_length=64, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="laget"),
                ),
                ("expires_at", models.DateTimeField(verbose_name="gjelder til")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="brukt")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="laget av",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="staff_invites",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="bruker",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitasjonslenke",
                "verbose_name_plural": "invitasjonslenker",
            },
        ),
        migrations.CreateModel(
            name="StaffEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="tidspunkt"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invited", "lagt til, med invitasjonslenke"),
                            ("created", "lagt til på kommandolinjen"),
                            ("new_link", "ny invitasjonslenke"),
                            ("link_emailed", "lenken sendt på e-post"),
                            ("password_set", "valgte passord med lenken"),
                            ("deactivated", "deaktivert"),
                            ("reactivated", "aktivert igjen"),
                            ("moved", "flyttet til en annen enhet"),
                            ("second_factor_reset", "tofaktorinnlogging nullstilt"),
                        ],
                        max_length=30,
                        verbose_name="hva",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=300, verbose_name="detaljer")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="utført av",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff_events",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gjelder",
                    ),
                ),
            ],
            options={
                "verbose_name": "hendelse for ansatt",
                "verbose_name_plural": "hendelser for ansatte",
                "ordering": ["-at", "-pk"],
                "indexes": [
                    models.Index(fields=["-at", "-id"], name="staffevent_at"),
                    models.Index(fields=["subject", "-at"], name="staffevent_subject_at"),
                ],
            },
        ),
    ]
