from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ContentAdmin
from levels.models import Body, EmergencyNumber, Level, Member, Municipality, Resource, Unit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "phone", "email")

    def has_add_permission(self, request):
        return not Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("position", "name_nb", "name_en")
    readonly_fields = ("position", "slug")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = Member
    extra = 1
    fields = ("position", "role_nb", "role_en", "unit", "person")
    autocomplete_fields = ("unit",)


@admin.register(Body)
class BodyAdmin(ContentAdmin):
    slug_source = "name_nb"
    list_display = ("name_nb", "level", "position", "published")
    list_filter = ("level", "published")
    inlines = [MemberInline]


@admin.register(Unit)
class UnitAdmin(ContentAdmin):
    slug_source = "name_nb"
    list_display: Any = (
        "name_nb",
        "kind",
        "level",
        "position",
        "published",
    )
    list_filter = ("kind", "published")
    search_fields = ("name_nb", "name_en")
    fieldsets = (
        (None, {"fields": ("slug", "kind", "level", "municipal", "name_nb", "name_en")}),
        (
            _("Kontakt"),
            {
                "fields": (
                    "when_to_contact_nb",
                    "when_to_contact_en",
                    "phone",
                    "email",
                    "address",
                    "website",
                )
            },
        ),
        (_("Visning"), {"fields": ("position", "published")}),
    )


@admin.register(Resource)
class ResourceAdmin(ContentAdmin):
    list_display = ("name_nb", "url", "position", "published")


@admin.register(EmergencyNumber)
class EmergencyNumberAdmin(ContentAdmin):
    list_display = ("number", "label_nb", "position", "published")
