"""The coordinator's staff pages in the admin: add a colleague, and look after the accounts.

Only an SLT coordinator (concerns.roles.is_coordinator, a StaffMember flag, not a Django
permission) opens these pages; for anyone else they are the admin's 403, and an account the
coordinator may not manage (a superuser's) is a 404. Each act is a page that says what will
happen and a button that POSTs it (slt_portal.staff_accounts), and each is a StaffEvent,
listed beside the report access log. Django's own user admin is left to superusers.
"""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerns.models import StaffMember
from concerns.people import PersonFilter, display_name
from concerns.roles import is_coordinator
from levels.models import Unit
from slt_portal import staff_accounts
from slt_portal.models import Authenticator, StaffAccount, StaffEvent, StaffInvite


def _posted(request):
    """The form data of a POST, even an empty one (which `request.POST or None` would lose)."""
    return request.POST if request.method == "POST" else None


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def unit_choices(coordinator):
    """Units that receive reports, and the coordinator's own."""
    own = StaffMember.for_user(coordinator)
    receiving = Q(reporting__receives_reports=True)
    if own is not None:
        receiving |= Q(pk=own.unit_id)
    return Unit.objects.filter(receiving).order_by("position", "pk")


def _receives_reports(unit) -> bool:
    reporting = getattr(unit, "reporting", None)
    return reporting is not None and reporting.receives_reports


NO_REPORTS = gettext_lazy(
    "Enheten tar ikke imot bekymringsmeldinger, så en ansatt der ville ikke se noen meldinger. "
    "Velg en annen enhet, eller gjør personen til SLT-koordinator."
)
SEND_EMAIL_HELP = gettext_lazy(
    "Tryggest er å gi lenken til personen selv. Den som har lenken, kan ta kontoen i bruk. "
    "E-posten inneholder bare lenken og brukernavnet, ikke noe om meldinger."
)


class AddStaffForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Fornavn"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Etternavn"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("E-post"),
        max_length=150,
        help_text=gettext_lazy("Jobbadressen. Den blir også brukernavnet personen logger inn med."),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Enhet"),
        queryset=Unit.objects.none(),
        help_text=gettext_lazy(
            "Personen ser meldingene til denne enheten. Du kan velge enheter som tar imot "
            "bekymringsmeldinger, og din egen."
        ),
    )
    is_coordinator = forms.BooleanField(
        label=gettext_lazy("SLT-koordinator"),
        required=False,
        help_text=gettext_lazy(
            "Ser alle meldinger, videresender dem, redigerer innholdet og har ansvar for de "
            "ansatte, slik som du."
        ),
    )
    send_email = forms.BooleanField(
        label=gettext_lazy("Send lenken på e-post til personen også"),
        required=False,
        help_text=SEND_EMAIL_HELP,
    )

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = unit_choices(coordinator)
        unit.empty_label = _("Velg enhet")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise forms.ValidationError(
                _("Det finnes allerede en bruker med denne e-postadressen.")
            )
        return email

    def clean(self):
        data = super().clean() or {}
        unit = data.get("unit")
        if unit is not None and not data.get("is_coordinator") and not _receives_reports(unit):
            self.add_error("unit", NO_REPORTS)
        return data


class MoveForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Ny enhet"), queryset=Unit.objects.none())

    def __init__(self, *args, coordinator, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = unit_choices(coordinator).exclude(pk=member.unit_id)
        unit.empty_label = _("Velg enhet")

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if not self.member.is_coordinator and not _receives_reports(unit):
            raise forms.ValidationError(NO_REPORTS)
        return unit


class NewLinkForm(forms.Form):
    send_email = forms.BooleanField(
        label=gettext_lazy("Send lenken på e-post til personen også"),
        required=False,
        help_text=SEND_EMAIL_HELP,
    )


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Aktive")),
            ("waiting", _("Har ikke tatt kontoen i bruk")),
            ("deactivated", _("Deaktiverte")),
        ]

    def queryset(self, request, queryset):
        unused = Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if self.value() == "active":
            return queryset.filter(~unused, user__is_active=True)
        if self.value() == "waiting":
            return queryset.filter(unused, user__is_active=True)
        if self.value() == "deactivated":
            return queryset.filter(user__is_active=False)
        return queryset


class CoordinatorOnly:
    """Read-only pages for the coordinator, whatever Django permissions an account holds."""

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The acts on one account: URL, name, the page's title, and what the button says.
ACTS = {
    "new_link": ("ny-lenke/", gettext_lazy("Lag ny lenke for å velge passord")),
    "deactivate": ("deaktiver/", gettext_lazy("Deaktiver")),
    "reactivate": ("aktiver/", gettext_lazy("Aktiver igjen")),
    "move": ("flytt/", gettext_lazy("Flytt til en annen enhet")),
    "reset_second_factor": ("nullstill-tofaktor/", gettext_lazy("Nullstill tofaktorinnlogging")),
}


@admin.register(StaffAccount)
class StaffAccountAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_display = ("name", "username", "unit", "role", "state")
    list_display_links = ("name",)
    list_filter = (StateFilter, ("unit", admin.RelatedOnlyFieldListFilter), "is_coordinator")
    search_fields = ("user__first_name", "user__last_name", "user__username", "user__email")
    list_select_related = ("user", "unit")
    ordering = ("user__first_name", "user__last_name", "user__username")
    actions = None

    def get_queryset(self, request):
        if not is_coordinator(request.user):
            return StaffAccount.objects.none()
        # A superuser's account is not the coordinator's to manage: a new password link
        # and a reset second factor would hand it over.
        return (
            super()
            .get_queryset(request)
            .filter(user__is_superuser=False)
            .annotate(
                has_authenticator=Exists(
                    Authenticator.objects.filter(user=OuterRef("user"), confirmed=True)
                ),
                link_until=Subquery(
                    StaffInvite.objects.filter(user=OuterRef("user"), used_at=None)
                    .order_by("-expires_at")
                    .values("expires_at")[:1]
                ),
            )
        )

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    @admin.display(description=gettext_lazy("navn"), ordering="user__first_name")
    def name(self, obj):
        return display_name(obj.user)

    @admin.display(description=gettext_lazy("brukernavn"), ordering="user__username")
    def username(self, obj):
        return obj.user.get_username()

    @admin.display(description=gettext_lazy("rolle"), ordering="is_coordinator")
    def role(self, obj):
        return _("SLT-koordinator") if obj.is_coordinator else _("Ansatt")

    @admin.display(description=gettext_lazy("status"))
    def state(self, obj):
        user = obj.user
        if not user.is_active:
            return _("Deaktivert")
        if not user.has_usable_password():
            until = getattr(obj, "link_until", None)
            if until and until > timezone.now():
                return _("Invitert, lenken gjelder til %(when)s") % {"when": _when(until)}
            return _("Invitert, men lenken er utløpt")
        if not getattr(obj, "has_authenticator", True):
            return _("Har ikke satt opp tofaktorinnlogging")
        return _("Aktiv")

    # The pages.

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "changelist_url": reverse("admin:slt_portal_staffaccount_changelist"),
            **extra,
        }

    def _member_or_404(self, request, object_id):
        if not is_coordinator(request.user):
            raise PermissionDenied
        try:
            member = self.get_queryset(request).filter(pk=int(object_id)).first()
        except ValueError:
            member = None
        if member is None:
            raise Http404
        return member

    def _detail_url(self, member):
        return reverse("admin:slt_portal_staffaccount_change", args=[member.pk])

    def _acts_for(self, request, member):
        """The acts the page offers, as (url, label); none on one's own account."""
        user = member.user
        if user.pk == request.user.pk:
            return []
        names = ["new_link"] if user.is_active else []
        names.append("deactivate" if user.is_active else "reactivate")
        names.append("move")
        if user.has_usable_password() and Authenticator.objects.filter(user=user).exists():
            names.append("reset_second_factor")
        return [
            (reverse(f"admin:slt_portal_staffaccount_{name}", args=[member.pk]), ACTS[name][1])
            for name in names
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddStaffForm(_posted(request), coordinator=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            member, invite, token = staff_accounts.staff_invite(
                actor=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                unit=data["unit"],
                coordinator=data["is_coordinator"],
            )
            return self._show_link(request, member, invite, token, email=data["send_email"])
        return TemplateResponse(
            request,
            "admin/staff/add.html",
            self._context(request, title=_("Legg til en ansatt"), form=form),
        )

    def _show_link(self, request, member, invite, token, *, email):
        """The link, in this response only: it is never stored, not even in the session."""
        sent = None
        if email:
            sent = staff_accounts.send_invitation(actor=request.user, invite=invite, token=token)
        return TemplateResponse(
            request,
            "admin/staff/invitation_created.html",
            self._context(
                request,
                title=_("Lenken til %(name)s") % {"name": display_name(member.user)},
                member=member,
                url=staff_accounts.invitation_url(token),
                expires=_when(invite.expires_at),
                sent=sent,
                detail_url=self._detail_url(member),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        member = self._member_or_404(request, object_id)
        user = member.user
        events = StaffEvent.objects.filter(subject=user).select_related("actor")[:20]
        events_url = reverse("admin:slt_portal_staffevent_changelist")
        return TemplateResponse(
            request,
            "admin/staff/detail.html",
            self._context(
                request,
                title=display_name(user),
                member=member,
                person=user,
                state=self.state(member),
                role=self.role(member),
                last_login=_when(user.last_login) if user.last_login else None,
                acts=self._acts_for(request, member),
                own_account=user.pk == request.user.pk,
                events=[
                    (_when(event.at), event.get_kind_display(), display_name(event.actor), event)
                    for event in events
                ],
                events_url=f"{events_url}?{urlencode({'subject__id__exact': user.pk})}",
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        member = self._member_or_404(request, object_id)
        url = reverse("admin:slt_portal_staffevent_changelist")
        return redirect(f"{url}?{urlencode({'subject__id__exact': member.user_id})}")

    def _act(self, request, object_id, name, *, describe, perform, form_class=None):
        """The confirm page of one act (GET) and the act itself (POST)."""
        member = self._member_or_404(request, object_id)
        refusal = self._refusal(request, member, name)
        form = None
        if form_class is not None:
            kwargs = (
                {"coordinator": request.user, "member": member} if form_class is MoveForm else {}
            )
            form = form_class(_posted(request), **kwargs)
        if request.method == "POST" and refusal is None and (form is None or form.is_valid()):
            return perform(member, form.cleaned_data if form is not None else {})
        if request.method == "POST" and refusal is not None:
            messages.error(request, refusal)
            return redirect(self._detail_url(member))
        return TemplateResponse(
            request,
            "admin/staff/confirm.html",
            self._context(
                request,
                title=f"{ACTS[name][1]}: {display_name(member.user)}",
                member=member,
                explanation=describe(member),
                refusal=refusal,
                form=form,
                button=ACTS[name][1],
                detail_url=self._detail_url(member),
            ),
        )

    def _refusal(self, request, member, name):
        user = member.user
        if user.pk == request.user.pk:
            return _(
                "Dette kan du ikke gjøre med din egen konto. Be en annen SLT-koordinator om hjelp."
            )
        if name == "deactivate" and not user.is_active:
            return _("Kontoen er allerede deaktivert.")
        if name == "reactivate" and user.is_active:
            return _("Kontoen er allerede aktiv.")
        if name == "new_link" and not user.is_active:
            return _("Kontoen er deaktivert. Aktiver den først.")
        return None

    def new_link_view(self, request, object_id):
        def describe(member):
            if member.user.has_usable_password():
                return _(
                    "%(name)s får en ny lenke for å velge et nytt passord, for eksempel etter et "
                    "glemt passord. Det gamle passordet virker til lenken er brukt. Tidligere "
                    "lenker slutter å virke. Lenken vises bare én gang."
                ) % {"name": display_name(member.user)}
            return _(
                "%(name)s får en ny lenke for å velge passord og sette opp tofaktorinnlogging. "
                "Tidligere lenker slutter å virke. Lenken vises bare én gang."
            ) % {"name": display_name(member.user)}

        def perform(member, data):
            invite, token = staff_accounts.staff_new_link(actor=request.user, member=member)
            return self._show_link(request, member, invite, token, email=data["send_email"])

        return self._act(
            request,
            object_id,
            "new_link",
            describe=describe,
            perform=perform,
            form_class=NewLinkForm,
        )

    def deactivate_view(self, request, object_id):
        def describe(member):
            return _(
                "%(name)s kan ikke lenger logge inn, og blir logget ut ved neste klikk. Saker, "
                "notater og hendelser blir som de er. Du kan aktivere kontoen igjen senere."
            ) % {"name": display_name(member.user)}

        def perform(member, data):
            staff_accounts.staff_deactivate(actor=request.user, member=member)
            messages.success(
                request, _("%(name)s er deaktivert.") % {"name": display_name(member.user)}
            )
            return redirect(self._detail_url(member))

        return self._act(request, object_id, "deactivate", describe=describe, perform=perform)

    def reactivate_view(self, request, object_id):
        def describe(member):
            return _(
                "%(name)s kan logge inn igjen med det samme passordet og den samme "
                "autentiseringsappen som før."
            ) % {"name": display_name(member.user)}

        def perform(member, data):
            staff_accounts.staff_reactivate(actor=request.user, member=member)
            messages.success(
                request,
                _("%(name)s er aktivert igjen.") % {"name": display_name(member.user)},
            )
            return redirect(self._detail_url(member))

        return self._act(request, object_id, "reactivate", describe=describe, perform=perform)

    def move_view(self, request, object_id):
        def describe(member):
            return _(
                "%(name)s er nå ved %(unit)s. Etter flyttingen ser personen meldingene til den "
                "nye enheten, og ikke lenger meldingene til %(unit)s. Det gjelder fra neste klikk."
            ) % {"name": display_name(member.user), "unit": member.unit}

        def perform(member, data):
            staff_accounts.staff_move(actor=request.user, member=member, unit=data["unit"])
            messages.success(
                request,
                _("%(name)s er flyttet til %(unit)s.")
                % {"name": display_name(member.user), "unit": data["unit"]},
            )
            return redirect(self._detail_url(member))

        return self._act(
            request, object_id, "move", describe=describe, perform=perform, form_class=MoveForm
        )

    def reset_second_factor_view(self, request, object_id):
        def describe(member):
            return _(
                "Bruk dette når %(name)s har mistet telefonen eller autentiseringsappen. "
                "Autentiseringsappen og gjenopprettingskodene slettes, og personen blir logget "
                "ut. Ved neste innlogging, etter passordet, skanner personen en ny QR-kode og får "
                "nye gjenopprettingskoder."
            ) % {"name": display_name(member.user)}

        def perform(member, data):
            staff_accounts.staff_reset_second_factor(actor=request.user, member=member)
            messages.success(
                request,
                _(
                    "Tofaktorinnloggingen til %(name)s er nullstilt. Ved neste innlogging "
                    "setter personen opp autentiseringsappen på nytt."
                )
                % {"name": display_name(member.user)},
            )
            return redirect(self._detail_url(member))

        return self._act(
            request, object_id, "reset_second_factor", describe=describe, perform=perform
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        acts = [
            path(
                f"<path:object_id>/{segment}",
                wrap(getattr(self, f"{name}_view")),
                name=f"slt_portal_staffaccount_{name}",
            )
            for name, (segment, _label) in ACTS.items()
        ]
        return [*acts, *super().get_urls()]


@admin.register(StaffEvent)
class StaffEventAdmin(CoordinatorOnly, admin.ModelAdmin):
    """Every act on a staff account, newest first: who did it, to whom, what and when."""

    list_display = ("when", "kind", "person", "done_by", "detail")
    list_display_links = None
    list_filter = ("kind", ("subject", PersonFilter), ("actor", PersonFilter))
    search_fields = ("subject__first_name", "subject__last_name", "subject__username")
    list_select_related = ("subject", "actor")
    ordering = ("-at", "-pk")
    # Names, not usernames, on the event's own page too.
    fields = ("when", "kind", "person", "done_by", "detail")
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        if not is_coordinator(request.user):
            return StaffEvent.objects.none()
        # The subject's staff page, for the link; none for an account the coordinator does
        # not manage.
        return (
            super()
            .get_queryset(request)
            .annotate(
                subject_member=Subquery(
                    StaffMember.objects.filter(
                        user=OuterRef("subject"), user__is_superuser=False
                    ).values("pk")[:1]
                )
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("tidspunkt"), ordering="at")
    def when(self, obj):
        return _when(obj.at)

    @admin.display(description=gettext_lazy("gjelder"))
    def person(self, obj):
        member = getattr(obj, "subject_member", None)
        if member is None:
            return display_name(obj.subject)
        url = reverse("admin:slt_portal_staffaccount_change", args=[member])
        return format_html('<a href="{}">{}</a>', url, display_name(obj.subject))

    @admin.display(description=gettext_lazy("utført av"))
    def done_by(self, obj):
        return display_name(obj.actor) or _("kommandolinjen")


class SuperusersOnly:
    """Django's own user and group pages: a developer's tool, for superusers alone. The
    coordinator manages staff on the pages above."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperuserUserAdmin(SuperusersOnly, UserAdmin):
    pass


class SuperuserGroupAdmin(SuperusersOnly, GroupAdmin):
    pass


for _model, _admin in ((User, SuperuserUserAdmin), (Group, SuperuserGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
