"""Politirådet's five priority areas from 2019, as worded in the municipality's text.

The area titles are the source text (with "Forebygge av" corrected to
"Forebygging av"). The summaries and measures are the team's plain-language
description of what the municipality's units already do under each area;
the coordinator is expected to adjust them in the admin.
"""

from django.db import migrations

AREAS = [
    {
        "slug": "vold-og-overgrep",
        "title_nb": "Forebygging av vold og seksuelle overgrep mot barn",
        "title_en": "Preventing violence and sexual abuse against children",
        "summary_nb": "Barn skal vokse opp uten vold og overgrep, og de voksne rundt dem skal vite hva de skal se etter og hva de skal gjøre.",
        "summary_en": "Children should grow up free of violence and abuse, and the adults around them should know what to look for and what to do.",
        "measures": [
            (
                "Undervisning om kropp, grenser og vold",
                "Teaching about the body, boundaries and violence",
                "Elevene lærer om kropp, grenser, vold og overgrep, og om hvor de kan få hjelp.",
                "Pupils learn about the body, boundaries, violence and abuse, and where they can get help.",
                ["borkenes-skole"],
            ),
            (
                "Spørsmål om vold på helsestasjonen",
                "Asking about violence at the child health centre",
                "Helsestasjonen spør foreldre om vold i familien som en fast del av konsultasjonene.",
                "The child health centre asks parents about violence in the family as a routine part of its consultations.",
                ["helsestasjonen"],
            ),
            (
                "Kunnskap om meldeplikten",
                "Knowing the duty to report",
                "Ansatte som arbeider med barn, vet når og hvordan de skal melde fra til barnevernstjenesten.",
                "Staff who work with children know when and how to report to the child welfare service.",
                ["slt-koordinator", "barnevernstjenesten"],
            ),
        ],
    },
    {
        "slug": "rusforebygging",
        "title_nb": "Rusforebyggende tiltak knyttet til barn og unge, heri skjenking og ruspolitikk",
        "title_en": "Substance abuse prevention for children and young people, including licensing and alcohol policy",
        "summary_nb": "Unge skal vente lenger med alkohol og andre rusmidler, og reglene for salg og skjenking skal følges.",
        "summary_en": "Young people should wait longer before trying alcohol and other drugs, and the rules on sale and serving should be kept.",
        "measures": [
            (
                "Rusforebyggende undervisning",
                "Substance abuse prevention in school",
                "Skolen arbeider med holdninger og kunnskap om rus i undervisningen.",
                "The school works on attitudes and knowledge about alcohol and drugs in its teaching.",
                ["borkenes-skole"],
            ),
            (
                "Oppfølging av salg og skjenking",
                "Following up sale and serving of alcohol",
                "Kommunen og politiet deler informasjon om brudd på reglene for salg og skjenking til mindreårige.",
                "The municipality and the police share information about breaches of the rules on selling and serving alcohol to minors.",
                ["slt-koordinator", "politiet"],
            ),
        ],
    },
    {
        "slug": "beredskap",
        "title_nb": "Beredskap og krisehåndtering",
        "title_en": "Emergency preparedness and crisis management",
        "summary_nb": "Kommunen og politiet skal være forberedt når noe alvorlig rammer barn og unge, og vite hvem som gjør hva.",
        "summary_en": "The municipality and the police should be prepared when something serious affects children and young people, and know who does what.",
        "measures": [
            (
                "Felles rutiner for varsling",
                "Shared alert procedures",
                "Tjenestene har oppdaterte kontaktlister og vet hvem som varsler hvem når noe skjer.",
                "The services keep their contact lists up to date and know who alerts whom when something happens.",
                ["slt-koordinator", "politiet"],
            ),
            (
                "Oppfølging etter alvorlige hendelser",
                "Follow-up after serious incidents",
                "Barn og unge som er berørt av en alvorlig hendelse, blir fulgt opp av tjenestene som kjenner dem.",
                "Children and young people affected by a serious incident are followed up by the services that know them.",
                ["borkenes-skole", "helsestasjonen", "barnevernstjenesten"],
            ),
        ],
    },
    {
        "slug": "arbeidsmarkedskriminalitet",
        "title_nb": "Felles innsats mot arbeidsmarkedskriminalitet og sosial dumping",
        "title_en": "Joint action against work-related crime and social dumping",
        "summary_nb": "Unge arbeidstakere skal ha trygge og lovlige arbeidsforhold.",
        "summary_en": "Young workers should have safe and lawful working conditions.",
        "measures": [
            (
                "Kunnskap om rettigheter i arbeidslivet",
                "Knowing your rights at work",
                "Unge får vite hvilke rettigheter de har når de tar sommerjobb eller deltidsjobb.",
                "Young people learn what rights they have when they take a summer or part-time job.",
                ["borkenes-skole", "slt-koordinator"],
            ),
            (
                "Informasjonsdeling mellom kommunen og politiet",
                "Sharing information between the municipality and the police",
                "Kommunen og politiet deler det de lovlig kan om useriøse arbeidsgivere.",
                "The municipality and the police share what the law allows about rogue employers.",
                ["slt-koordinator", "politiet"],
            ),
        ],
    },
    {
        "slug": "trafikksikkerhet",
        "title_nb": "Trafikksikkerhet",
        "title_en": "Road safety",
        "summary_nb": "Barn og unge skal komme trygt fram til skole og fritid.",
        "summary_en": "Children and young people should get safely to school and leisure activities.",
        "measures": [
            (
                "Trafikkopplæring i skolen",
                "Road safety teaching in school",
                "Elevene lærer å ferdes trygt til fots, på sykkel og som passasjerer.",
                "Pupils learn to travel safely on foot, by bicycle and as passengers.",
                ["borkenes-skole"],
            ),
            (
                "Holdningsarbeid med unge førere",
                "Working with young drivers",
                "Politiet møter unge førere med kontroller og samtaler om fart, rus og bilbelte.",
                "The police meet young drivers with checks and conversations about speed, intoxication and seat belts.",
                ["politiet"],
            ),
        ],
    },
]


def load(apps, schema_editor):
    PriorityArea = apps.get_model("priorities", "PriorityArea")
    Measure = apps.get_model("priorities", "Measure")
    Body = apps.get_model("levels", "Body")
    Unit = apps.get_model("levels", "Unit")
    council = Body.objects.get(slug="politiradet")
    units = {unit.slug: unit for unit in Unit.objects.all()}
    for position, data in enumerate(AREAS, start=1):
        data = {**data}
        measures = data.pop("measures")
        area = PriorityArea.objects.create(
            position=position * 10, set_by=council, since_year=2019, **data
        )
        for order, (title_nb, title_en, text_nb, text_en, unit_slugs) in enumerate(
            measures, start=1
        ):
            measure = Measure.objects.create(
                area=area,
                position=order * 10,
                title_nb=title_nb,
                title_en=title_en,
                description_nb=text_nb,
                description_en=text_en,
            )
            measure.responsible_units.set([units[slug] for slug in unit_slugs])


def unload(apps, schema_editor):
    apps.get_model("priorities", "PriorityArea").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0001_initial"),
        ("levels", "0002_initial_content"),
    ]

    operations = [migrations.RunPython(load, unload)]
