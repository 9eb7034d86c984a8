from typing import Any, ClassVar

from django.contrib import admin


class NamedCells:
    """A list row's editable cells, each named with its item ("Rekkefølge: Borkenes skole").

    The list shows a field's name once, in its column's heading; a screen reader would
    otherwise meet a row of unnamed boxes. The help text, shown on the item's own page, is
    not on the list, so nothing may point to it.
    """

    fields: dict[str, Any]
    instance: Any

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""
            field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"


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
        # Only content with an address has a slug (resources and emergency numbers have none).
        if obj is not None and any(field.name == "slug" for field in self.model._meta.fields):
            fields += ("slug",)
        return fields

    def get_changelist_form(self, request, **kwargs):
        return type("ListRowForm", (NamedCells, super().get_changelist_form(request, **kwargs)), {})

    def get_prepopulated_fields(self, request, obj=None):
        if obj is None and self.slug_source:
            return {"slug": (self.slug_source,)}
        return {}
