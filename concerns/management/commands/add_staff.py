import getpass
import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from concerns.models import StaffMember, UnitReporting
from concerns.roles import permissions_for
from levels.models import Unit


class Command(BaseCommand):
    help = (
        "Create a staff account that sees the concern reports of one unit "
        "(or, with --coordinator, every report): for the first coordinator, who then adds "
        "everyone else in the admin. The password comes from DJANGO_STAFF_PASSWORD or a "
        "prompt. The second factor is set up at the first login, from a QR code."
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
        parser.add_argument("--first-name", default="", help="shown in timelines and lists")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--otpauth-uri",
            action="store_true",
            help=(
                "also print the otpauth:// URI of the authenticator, to add to the app by "
                "hand instead of scanning the QR code at the first login"
            ),
        )

    def handle(
        self,
        *args,
        username,
        unit,
        coordinator,
        email,
        first_name,
        last_name,
        otpauth_uri,
        **options,
    ):
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
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        # The staff's second factor and their event log live in slt_portal, which the
        # confidential side may not import; the app registry names them.
        authenticator = apps.get_model("slt_portal", "Authenticator")
        staff_event = apps.get_model("slt_portal", "StaffEvent")
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.user_permissions.set(permissions_for(coordinator=coordinator))
            StaffMember.objects.create(user=user, unit=unit_obj, is_coordinator=coordinator)
            staff_event.objects.create(kind="created", actor=None, subject=user)
            # Unconfirmed: the first code from it confirms it. Without the URI, the two-factor
            # page makes one at the first login and shows its QR code.
            device = (
                authenticator.objects.create(user=user, name="Autentiseringsapp", confirmed=False)
                if otpauth_uri
                else None
            )
        role = "coordinator" if coordinator else "unit staff"
        self.stdout.write(
            self.style.SUCCESS(f"Created {role} {username!r} for {unit_obj.name_nb}.")
        )
        login = settings.SITE_URL + reverse("admin:login")
        if device is None:
            self.stdout.write(
                f"Log in at {login}: after the password, the page shows a QR code to scan "
                "with an authenticator app, then ten recovery codes to keep."
            )
        else:
            # Printed once and never shown again: hand it over in person.
            self.stdout.write(
                "Second factor: add this to the user's authenticator app (or show it as a QR "
                f"code); the first code from the app confirms it:\n{device.config_url}\n"
                f"Then log in at {login}."
            )

    def _prompt_password(self):
        if not os.isatty(0):
            raise CommandError("Set DJANGO_STAFF_PASSWORD or run the command in a terminal.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return first
