"""List filters for tables too large to be read whole for a filter's choices."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q


class RelatedWithRowsFilter(admin.RelatedFieldListFilter):
    """The choices of RelatedOnlyFieldListFilter, the related objects that some row of the
    admin's queryset points to, without its DISTINCT over every row of the table.

    One EXISTS per related object (a few units, a few dozen staff), each answered by the
    first entry of an index that leads with the foreign key.
    """

    def field_choices(self, field, request, model_admin):
        rows = model_admin.get_queryset(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to=Q(Exists(rows)), ordering=ordering
        )
