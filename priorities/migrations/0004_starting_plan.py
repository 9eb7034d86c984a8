"""The starting action plan and one planned Politirådet meeting.

The plan for 2026 to 2029, marked for review, with one starting goal per priority
area in the team's plain wording (the coordinator and Politirådet are expected to
rework them). Every measure the portal already had, edited or not, is put under its
area's goal with the status "ongoing": they describe work the units already do. Their
responsible units stay as they are. No measure or unit is removed or changed
otherwise.

The meeting gives the meeting pages something to show; its agenda is public, it has
no main points yet and they are not approved.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import migrations

PLAN_SLUG = "2026-2029"

GOALS = {
    "vold-og-overgrep": (
        "Barn og unge som utsettes for vold eller overgrep, blir oppdaget tidlig og får hjelp.",
        "Children and young people exposed to violence or abuse are noticed early and get help.",
    ),
    "rusforebygging": (
        "Unge i Kvæfjord venter lenger med alkohol og andre rusmidler.",
        "Young people in Kvæfjord wait longer before trying alcohol and other drugs.",
    ),
    "beredskap": (
        "Tjenestene vet hvem som gjør hva når noe alvorlig rammer barn og unge.",
        "The services know who does what when something serious affects children and young people.",
    ),
    "arbeidsmarkedskriminalitet": (
        "Unge arbeidstakere kjenner rettighetene sine og har trygge og lovlige arbeidsforhold.",
        "Young workers know their rights and have safe and lawful working conditions.",
    ),
    "trafikksikkerhet": (
        "Barn og unge kommer trygt fram til skole og fritid.",
        "Children and young people get safely to school and leisure activities.",
    ),
}
# An area the coordinator added since the seed has no wording of ours.
OTHER_GOAL = (
    "Målet for satsingsområdet formuleres når planen gjennomgås.",
    "The goal for this priority area will be worded when the plan is reviewed.",
)

STARTING_STATUS = (
    "Arbeidet var i gang før planen ble laget, og er tatt med i utkastet.",
    "The work was under way before the plan was made, and is included in the draft.",
)

OSLO = ZoneInfo("Europe/Oslo")
MEETING_START = datetime(2027, 3, 11, 10, 0, tzinfo=OSLO)
MEETING_END = datetime(2027, 3, 11, 12, 0, tzinfo=OSLO)
AGENDA = [
    (
        1,
        "Handlingsplan SLT 2026–2029: gjennomgang",
        "SLT action plan 2026–2029: review",
        "Politirådet går gjennom utkastet til handlingsplan: målene, tiltakene og hvem som "
        "har ansvaret innenfor hvert satsingsområde.",
        "Politirådet reviews the draft action plan: the goals, the measures and who is "
        "responsible within each priority area.",
    ),
    (
        2,
        "Ungdata-undersøkelsen",
        "The Ungdata survey",
        "Orientering om Ungdata-undersøkelsen og om hvordan resultatene kan brukes til å "
        "følge med på målene i handlingsplanen.",
        "A briefing on the Ungdata survey and on how its results can be used to follow the "
        "goals of the action plan.",
    ),
]


def load(apps, schema_editor):
    Plan = apps.get_model("priorities", "Plan")
    Goal = apps.get_model("priorities", "Goal")
    Measure = apps.get_model("priorities", "Measure")
    MeasureStatus = apps.get_model("priorities", "MeasureStatus")
    PriorityArea = apps.get_model("priorities", "PriorityArea")

    plan = Plan.objects.create(
        slug=PLAN_SLUG,
        title_nb="Handlingsplan SLT 2026–2029",
        title_en="SLT action plan 2026–2029",
        introduction_nb=(
            "Handlingsplanen viser målene for hvert av Politirådets satsingsområder, "
            "tiltakene som skal nå dem, hvem som har ansvaret, og hvordan det går.\n\n"
            "Denne første versjonen bygger på tiltakene enhetene allerede arbeider med. "
            "Den skal gjennomgås i Politirådet, og mål, tiltak og indikatorer kan bli endret."
        ),
        introduction_en=(
            "The action plan shows the goals for each of Politirådet's priority areas, the "
            "measures meant to reach them, who is responsible, and how it is going.\n\n"
            "This first version builds on the measures the units already work on. It is to "
            "be reviewed by Politirådet, and goals, measures and indicators may change."
        ),
        start_year=2026,
        end_year=2029,
        under_review=True,
        published=True,
    )
    for area in PriorityArea.objects.order_by("position", "pk"):
        text_nb, text_en = GOALS.get(area.slug, OTHER_GOAL)
        goal = Goal.objects.create(
            plan=plan, area=area, position=10, text_nb=text_nb, text_en=text_en
        )
        measures = Measure.objects.filter(area=area)
        measures.update(goal=goal)
        MeasureStatus.objects.bulk_create(
            MeasureStatus(
                measure=measure,
                date=date(2026, 1, 1),
                status="ongoing",
                comment_nb=STARTING_STATUS[0],
                comment_en=STARTING_STATUS[1],
            )
            for measure in measures
        )

    load_meeting(apps)


def load_meeting(apps):
    Body = apps.get_model("levels", "Body")
    Meeting = apps.get_model("priorities", "Meeting")
    AgendaItem = apps.get_model("priorities", "AgendaItem")
    council = Body.objects.filter(slug="politiradet").first()
    if council is None:
        return
    meeting = Meeting.objects.create(
        body=council,
        starts_at=MEETING_START,
        ends_at=MEETING_END,
        place_nb="Kvæfjord rådhus",
        place_en="Kvæfjord town hall",
        published=True,
    )
    for number, title_nb, title_en, text_nb, text_en in AGENDA:
        AgendaItem.objects.create(
            meeting=meeting,
            body=council,
            year=MEETING_START.year,
            number=number,
            title_nb=title_nb,
            title_en=title_en,
            description_nb=text_nb,
            description_en=text_en,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0003_action_plan_and_meetings"),
        ("levels", "0002_initial_content"),
    ]

    # Backwards, 0003 drops the plan's and the meetings' tables and the measures' new
    # columns; the measures themselves, and their units, are left as they were.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
