"""The draft annual report for 2026, unpublished, with a foreword for the coordinator to rewrite.

No figures: they are taken in the admin («Hent tallene på nytt»), from the live plan
and statistics, which a migration's historical models cannot compute. Until then the
report has none, and could not be published (the model refuses it).
"""

from django.db import migrations

YEAR = 2026

FOREWORD_NB = """[Utkast: SLT-koordinatoren går gjennom og skriver om dette forordet før rapporten publiseres.]

Årsrapporten forteller Politirådet og innbyggerne i Kvæfjord hvordan SLT-arbeidet gikk i 2026. SLT betyr samordning av lokale rus- og kriminalitetsforebyggende tiltak: kommunen, politiet og tjenestene for barn og unge trekker i samme retning, slik at hjelpen kommer tidlig og henger sammen.

Politirådet, der kommunens ledelse og politiet møtes, har pekt ut satsingsområdene for arbeidet. 2026 er det første året med handlingsplanen for 2026–2029, og det første året bekymringer kunne meldes gjennom portalen. Rapporten viser hvordan det gikk med tiltakene og indikatorene i planen, og anonyme tall for bekymringsmeldingene som kom inn."""

FOREWORD_EN = """[Draft: the SLT coordinator reviews and rewrites this foreword before the report is published.]

The annual report tells Politirådet and the people of Kvæfjord how the SLT work went in 2026. SLT means the coordination of local measures against drug use and crime: the municipality, the police and the services for children and young people pull in the same direction, so that help comes early and fits together.

Politirådet, where the municipality's leadership and the police meet, has set the priority areas for the work. 2026 is the first year of the action plan for 2026–2029, and the first year in which concerns could be reported through the portal. The report shows how the measures and indicators of the plan went, and anonymous figures for the reports of concern that came in."""


def load(apps, schema_editor):
    AnnualReport = apps.get_model("annual_reports", "AnnualReport")
    AnnualReport.objects.get_or_create(
        year=YEAR,
        defaults={"foreword_nb": FOREWORD_NB, "foreword_en": FOREWORD_EN, "published": False},
    )


class Migration(migrations.Migration):
    dependencies = [("annual_reports", "0001_initial")]

    # Backwards, 0001 drops the table; nothing else was touched.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
