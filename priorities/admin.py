from django.contrib import admin

from core.admin import ContentAdmin
from priorities.models import Measure, PriorityArea


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = (
        ("position", "published"),
        ("title_nb", "title_en"),
        ("description_nb", "description_en"),
        "responsible_units",
    )
    filter_horizontal = ("responsible_units",)


@admin.register(PriorityArea)
class PriorityAreaAdmin(ContentAdmin):
    slug_source = "title_nb"
    list_display = ("title_nb", "set_by", "since_year", "position", "published")
    inlines = [MeasureInline]
