from typing import Any, ClassVar

from django.contrib import admin


class ContentAdmin(admin.ModelAdmin):
    """Ordered, publishable content whose slug is fixed once the item exists.

    A slug is part of public URLs that others link to, so it is chosen when the
    item is created and then shown read-only.
    """

    # The field a new slug is suggested from, e.g. "name_nb".
    slug_source: str | None = None
    list_editable = ("position", "published")
    list_filter: ClassVar[Any] = ("published",)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ("slug",)
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is None and self.slug_source:
            return {"slug": (self.slug_source,)}
        return {}
