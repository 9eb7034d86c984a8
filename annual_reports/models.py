"""The annual report (årsrapport): a year of the SLT work, for Politirådet and the public.

The coordinator writes a foreword and conclusions; the figures beside them are taken
from the action plan and the anonymous statistics (annual_reports/figures.py) and kept
on the report as they were, in both languages. The public pages read only that copy,
never the plan or the report table, so a published report says the same thing in a
year as on the day it was published, and showing it costs one query.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.content import PublishedQuerySet
from core.translation import Translated, text_pair
from priorities.models.plan import YEARS
from priorities.validators import refuse_report_references

FOREWORD_MISSING = _("Skriv et forord på norsk før årsrapporten publiseres.")
# The seeded foreword begins so (migrations/0002): it is there to be rewritten.
DRAFT_MARK = "[Utkast"
FOREWORD_IS_DRAFT = _(
    "Forordet er fortsatt utkastet som fulgte med portalen. Skriv det om, og fjern "
    "«[Utkast: …]» øverst, før årsrapporten publiseres."
)
FIGURES_MISSING = _(
    "Tallene er ikke hentet ennå. Trykk «Hent tallene på nytt» og se over dem før "
    "årsrapporten publiseres."
)


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(
        _("år"),
        unique=True,
        validators=YEARS,
        help_text=_(
            "Året rapporten gjelder. Det blir også rapportens nettadresse, for eksempel "
            "/arsrapport/2026/, og kan ikke endres etterpå."
        ),
        error_messages={"unique": _("Det finnes allerede en årsrapport for dette året.")},
    )
    foreword_nb, foreword_en = text_pair(
        _("forord"),
        blank=True,
        help_text=_("Må fylles ut på norsk før rapporten publiseres."),
    )
    foreword = Translated()
    conclusions_nb, conclusions_en = text_pair(_("konklusjoner"), blank=True)
    conclusions = Translated()
    published = models.BooleanField(
        _("publisert"),
        default=False,
        help_text=_(
            "En publisert årsrapport vises for publikum, og tallene i den låses slik de er."
        ),
    )
    # Set the first time the report is saved published, and never cleared: a report that
    # has been read keeps its figures even if it is taken down again.
    first_published_at = models.DateTimeField(
        _("først publisert"), null=True, blank=True, editable=False
    )
    # {"nb": {...}, "en": {...}}: the same figures with the labels of each language.
    figures = models.JSONField(_("tallene"), default=dict, blank=True, editable=False)
    figures_taken_at = models.DateTimeField(
        _("tallene hentet"), null=True, blank=True, editable=False
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | ~Q(foreword_nb=""),
                name="published_annual_report_has_a_foreword",
                violation_error_message=FOREWORD_MISSING,
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(figures_taken_at__isnull=False),
                name="published_annual_report_has_figures",
                violation_error_message=FIGURES_MISSING,
            ),
        ]

    def __str__(self):
        return _("Årsrapport %(year)s") % {"year": self.year}

    def save(self, *args, **kwargs):
        if self.published and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("annual_reports:detail", kwargs={"year": self.year})

    def get_pdf_url(self):
        return reverse("annual_reports:pdf", kwargs={"year": self.year})

    def clean(self):
        errors = {}
        if self.published and not self.foreword_nb.strip():
            errors["foreword_nb"] = ValidationError(FOREWORD_MISSING, code="no_foreword")
        elif self.published and self.foreword_nb.lstrip().startswith(DRAFT_MARK):
            errors["foreword_nb"] = ValidationError(FOREWORD_IS_DRAFT, code="draft_foreword")
        if self.published and self.figures_taken_at is None:
            errors["published"] = ValidationError(FIGURES_MISSING, code="no_figures")
        if errors:
            raise ValidationError(errors)
        # What the coordinator writes is published: never a concern's reference.
        refuse_report_references(
            self, ["foreword_nb", "foreword_en", "conclusions_nb", "conclusions_en"]
        )

    @property
    def figures_shown(self) -> dict:
        """The figures in the active language: {} when none have been taken."""
        return self.figures.get((get_language() or "nb").split("-")[0]) or self.figures.get(
            "nb", {}
        )
