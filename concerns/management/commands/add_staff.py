import getpass
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from concerns.models import StaffMember, UnitReporting
from concerns.roles import permissions_for
from levels.models import Unit


class Command(BaseCommand):
    help = (
        "Create a staff account that sees the concern reports of one unit "
        "(or, with --coordinator, every report). The password comes from "
        "DJANGO_STAFF_PASSWORD or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--unit", required=True, help="slug of the unit, e.g. barnevernstjenesten"
        )
        parser.add_argument(
            "--coordinator", action="store_true", help="sees and forwards every report"
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, username, unit, coordinator, email, **options):
        User = get_user_model()
        try:
            unit_obj = Unit.objects.get(slug=unit)
        except Unit.DoesNotExist:
            known = ", ".join(Unit.objects.values_list("slug", flat=True))
            raise CommandError(f"No unit with slug {unit!r}. Known units: {known}") from None
        receiving = UnitReporting.objects.filter(unit=unit_obj, receives_reports=True).exists()
        if not coordinator and not receiving:
            raise CommandError(
                f"{unit_obj.name_nb} does not receive concern reports, so its staff would see "
                "nothing. Mark the unit as receiving reports in the admin first."
            )
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")

        password = os.environ.get("DJANGO_STAFF_PASSWORD") or self._prompt_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.user_permissions.set(permissions_for(coordinator=coordinator))
            StaffMember.objects.create(user=user, unit=unit_obj, is_coordinator=coordinator)
            device = self.authenticator_model().objects.create(
                user=user, name="Autentiseringsapp", confirmed=True
            )
        role = "coordinator" if coordinator else "unit staff"
        self.stdout.write(
            self.style.SUCCESS(f"Created {role} {username!r} for {unit_obj.name_nb}.")
        )
        # Printed once and never shown again: hand it over in person.
        self.stdout.write(
            "Second factor: add this to the user's authenticator app (or show it as a QR code):\n"
            f"{device.config_url}"
        )

    @staticmethod
    def authenticator_model():
        # The staff's second factor (its seed encrypted) lives in slt_portal, which the
        # confidential side may not import; the app registry names it.
        return apps.get_model("slt_portal", "Authenticator")

    def _prompt_password(self):
        if not os.isatty(0):
            raise CommandError("Set DJANGO_STAFF_PASSWORD or run the command in a terminal.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return first
