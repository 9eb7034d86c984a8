"""How staff are named where people read about them: timelines, lists, the access logs."""

from django.contrib import admin


def display_name(user) -> str:
    """First and last name; the username only for an account without a name. None: ""."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    """The admin's filter by a user field, with the people who occur, by their full names."""

    def field_choices(self, field, request, model_admin):
        occurring = model_admin.get_queryset(request).values_list(f"{self.field_path}__pk")
        people = field.related_model._default_manager.filter(pk__in=occurring)
        return sorted(
            ((person.pk, display_name(person)) for person in people),
            key=lambda choice: choice[1].lower(),
        )
