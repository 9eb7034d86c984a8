"""The action guide for concerns about radicalisation and violent extremism.

The title, lead and introduction are the municipality's text ("estremisme"
corrected to "ekstremisme"). The steps and warning signs are the team's own
wording of the national guide's action path.
"""

from django.db import migrations

GUIDE = {
    "slug": "radikalisering",
    "title_nb": "Handlingsveileder ved bekymring for radikalisering og voldelig ekstremisme",
    "title_en": "Action guide for concerns about radicalisation and violent extremism",
    "summary_nb": (
        "Det hviler et ansvar på hver enkelt av oss i forebyggingen av radikalisering og voldelig ekstremisme."
    ),
    "summary_en": (
        "Each of us has a responsibility for preventing radicalisation and violent extremism."
    ),
    "introduction_nb": (
        "Forebygging av radikalisering og all form for voldelig ekstremisme er en viktig samfunnsoppgave som "
        "må styrkes og utføres på tvers av samfunnssektorer og fagområder. Arbeidet er sentralt for å sikre "
        "grunnleggende verdier som demokrati, menneskerettigheter og trygghet.\n\n"
        "Handlingsveilederen er ment å gi informasjon om hvordan man kan møte, forebygge og følge opp "
        "radikalisering og utvikling av voldelig ekstremisme. Veilederen beskriver en handlingsløype fra "
        "bekymring til handling, fra de lokale og relativt enkle tiltakene, til tyngre innsatser i tverrfaglig "
        "samarbeid med relevante aktører. Den skal gjøre det enklere å gi rask respons når utfordringer oppstår."
    ),
    "introduction_en": (
        "Preventing radicalisation and every form of violent extremism is an important task for society. It "
        "must be strengthened and carried out across sectors and professions. The work is central to "
        "protecting fundamental values such as democracy, human rights and security.\n\n"
        "This guide explains how to meet, prevent and follow up radicalisation and the development of violent "
        "extremism. It describes a path from concern to action, from simple local measures to larger efforts "
        "in interdisciplinary cooperation with the relevant partners. It is meant to make it easier to respond "
        "quickly when problems arise."
    ),
    "signs_intro_nb": (
        "Ingen enkelttegn betyr i seg selv at noen er i ferd med å bli radikalisert. Det er helheten, og "
        "endringer over tid, som kan gi grunn til bekymring."
    ),
    "signs_intro_en": (
        "No single sign on its own means that someone is being radicalised. It is the overall picture, and "
        "changes over time, that may give reason for concern."
    ),
}

STEPS = [
    {
        "scope": "personal",
        "title_nb": "Du blir bekymret",
        "title_en": "You become concerned",
        "body_nb": (
            "Du legger merke til noe hos et barn eller en ungdom som uroer deg: noe som blir sagt, en endring i "
            "interesser eller venner, eller noe den unge gjør på nett. Vurder det du har sett opp mot tegnene "
            "lenger ned på siden, og skriv ned hva du har sett og hørt, og når."
        ),
        "body_en": (
            "You notice something about a child or young person that worries you: something said, a change in "
            "interests or friends, or something they do online. Assess what you have seen against the signs "
            "further down this page, and write down what you saw and heard, and when."
        ),
        "contact_note_nb": "Er noen i akutt fare, ring 112.",
        "contact_note_en": "If anyone is in immediate danger, call 112.",
        "contacts": [],
    },
    {
        "scope": "own_service",
        "title_nb": "Drøft bekymringen",
        "title_en": "Discuss your concern",
        "body_nb": (
            "Snakk med lederen din, en kollega eller SLT-koordinatoren om det du har lagt merke til. Hold deg "
            "innenfor taushetsplikten: saken kan drøftes uten navn. Målet er å finne ut om bekymringen er reell, "
            "og hva som bør skje videre."
        ),
        "body_en": (
            "Talk to your line manager, a colleague or the SLT coordinator about what you have noticed. Stay "
            "within your duty of confidentiality: the matter can be discussed without names. The aim is to find "
            "out whether the concern is real and what should happen next."
        ),
        "contact_note_nb": "Lederen din eller SLT-koordinatoren. Du kan drøfte saken anonymt.",
        "contact_note_en": "Your line manager or the SLT coordinator. You can discuss the matter anonymously.",
        "contacts": ["slt-koordinator"],
    },
    {
        "scope": "cooperation",
        "title_nb": "Snakk med den unge",
        "title_en": "Talk with the young person",
        "body_nb": (
            "Gå i dialog med den unge. Vis interesse, still åpne spørsmål og lytt, uten å moralisere. Er du "
            "fortsatt bekymret etterpå, drøfter du saken med politiet og/eller barnevernstjenesten, og dere "
            "avgjør sammen om det skal sendes en bekymringsmelding."
        ),
        "body_en": (
            "Talk with the young person. Show interest, ask open questions and listen, without lecturing. If you "
            "are still worried afterwards, discuss the matter with the police and/or the child welfare service, "
            "and decide together whether to send a report of concern."
        ),
        "contact_note_nb": "Politiet (som har egen radikaliseringskontakt) og barnevernstjenesten.",
        "contact_note_en": "The police (who have a dedicated radicalisation contact) and the child welfare service.",
        "contacts": ["politiet", "barnevernstjenesten"],
    },
    {
        "scope": "interdisciplinary",
        "title_nb": "Følg opp sammen",
        "title_en": "Follow up together",
        "body_nb": (
            "Bli enige om hvem som koordinerer oppfølgingen. Lag en tverrfaglig plan der tjenestene som kjenner "
            "den unge, bidrar, og ta med foreldrene eller de foresatte tidlig. Ved alvorlig bekymring går saken "
            "til politiet, som kobler inn PST når det trengs."
        ),
        "body_en": (
            "Agree on who coordinates the follow-up. Make an interdisciplinary plan to which the services that "
            "know the young person contribute, and involve the parents or guardians early. Serious concerns go "
            "to the police, who bring in the Police Security Service (PST) when needed."
        ),
        "contact_note_nb": "SLT-koordinatoren samordner den tverrfaglige oppfølgingen. Alvorlige saker går til politiet.",
        "contact_note_en": "The SLT coordinator coordinates the interdisciplinary follow-up. Serious concerns go to the police.",
        "contacts": ["slt-koordinator", "politiet"],
    },
]

SIGN_GROUPS = [
    (
        "Utsagn",
        "Statements",
        "Intoleranse overfor andre grupper\nSnakker om «oss og dem»\nKonspirasjonsteorier\nHatefull retorikk\n"
        "Forsvarer eller forherliger vold\nTrusler",
        "Intolerance of other groups\nTalks of \u201cus and them\u201d\nConspiracy theories\nHateful rhetoric\n"
        "Defends or glorifies violence\nThreats",
    ),
    (
        "Interesser, utseende og symboler",
        "Interests, appearance and symbols",
        "Oppsøker ekstremistisk materiale\nEndrer utseende brått\nBruker ekstremistiske symboler\n"
        "Slutter på skolen eller i fritidsaktiviteter",
        "Seeks out extremist material\nSudden change of appearance\nUses extremist symbols\n"
        "Drops out of school or leisure activities",
    ),
    (
        "Aktiviteter",
        "Activities",
        "Er aktiv i ekstremistiske miljøer på nett\nKonfrontasjoner og slåsskamper\nTrusler og vold\n"
        "Hatkriminalitet\nReiser, eller planlegger å reise, for å slutte seg til ekstreme grupper",
        "Active in extremist communities online\nConfrontations and fights\nThreats and violence\n"
        "Hate crime\nTravels, or plans to travel, to join extremist groups",
    ),
    (
        "Nettverk",
        "Networks",
        "Ny vennekrets\nKontakt med voldelige ekstremister\nKontakt med kriminelle grupper",
        "A new circle of friends\nContact with violent extremists\nContact with criminal groups",
    ),
]


def load(apps, schema_editor):
    Guide = apps.get_model("concerns", "Guide")
    GuideStep = apps.get_model("concerns", "GuideStep")
    WarningSignGroup = apps.get_model("concerns", "WarningSignGroup")
    Unit = apps.get_model("levels", "Unit")
    units = {unit.slug: unit for unit in Unit.objects.all()}
    guide = Guide.objects.create(position=10, **GUIDE)
    for position, data in enumerate(STEPS, start=1):
        data = {**data}
        contacts = data.pop("contacts")
        step = GuideStep.objects.create(guide=guide, position=position * 10, **data)
        step.contacts.set([units[slug] for slug in contacts])
    for position, (title_nb, title_en, signs_nb, signs_en) in enumerate(SIGN_GROUPS, start=1):
        WarningSignGroup.objects.create(
            guide=guide,
            position=position * 10,
            title_nb=title_nb,
            title_en=title_en,
            signs_nb=signs_nb,
            signs_en=signs_en,
        )


def unload(apps, schema_editor):
    apps.get_model("concerns", "Guide").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0001_initial"),
        ("levels", "0002_initial_content"),
    ]

    operations = [migrations.RunPython(load, unload)]
