from django.contrib import admin

from core.admin import ContentAdmin
from guides.models import Guide, GuideStep, WarningSignGroup


class GuideStepInline(admin.StackedInline):
    model = GuideStep
    extra = 0
    fields = (
        ("position", "published", "scope"),
        ("title_nb", "title_en"),
        ("body_nb", "body_en"),
        ("contact_note_nb", "contact_note_en"),
        "contacts",
    )
    filter_horizontal = ("contacts",)


class WarningSignGroupInline(admin.StackedInline):
    model = WarningSignGroup
    extra = 0
    fields = (("position", "published"), ("title_nb", "title_en"), ("signs_nb", "signs_en"))


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    slug_source = "title_nb"
    list_display = ("title_nb", "position", "published")
    inlines = [GuideStepInline, WarningSignGroupInline]
