"""The coordinator edits the topics of the concern form: plain words, each mapped to the
report category and priority area the statistics count by."""

from django.contrib import admin

from concerns.models import Topic
from core.admin import ContentAdmin


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    slug_source = "label_nb"
    list_display = (
        "label_nb",
        "label_en",
        "category",
        "priority_area",
        "duty_to_report",
        "position",
        "published",
    )
    list_display_links = ("label_nb",)
    list_filter = ("published", "category", "duty_to_report")
    list_select_related = ("priority_area",)
    fields = (
        ("label_nb", "label_en"),
        "slug",
        ("category", "priority_area"),
        "duty_to_report",
        ("position", "published"),
    )
    ordering = ("position", "pk")

    def has_delete_permission(self, request, obj=None):
        # Reports point at their topic for the statistics: unpublish a topic instead.
        return False
