"""The initial content: the municipality's own text about SLT work in Kvæfjord.

The Norwegian wording comes from the municipality's page (shared/seeds). Plain
typos in it were fixed, and nothing else changed:
  "satningsområder" -> "satsingsområder", "setningsfeltene" -> "satsingsfeltene",
  "representater" -> "representanter", "overvente" -> "overnevnte",
  "Forebygge av vold" -> "Forebygging av vold", "estremisme" -> "ekstremisme",
  and doubled spaces. The English versions are the team's translations.

Contact details not in the source text use the municipality's switchboard and
post box until the coordinator fills them in; no person is named.
"""

from django.db import migrations

SWITCHBOARD = "77 02 30 00"
POST_BOX = "postmottak@kvafjord.kommune.no"

MUNICIPALITY = {
    "name": "Kvæfjord kommune",
    "number": "5510",
    "phone": SWITCHBOARD,
    "email": POST_BOX,
    "address": "Borkenes",
    "website": "https://www.kvafjord.kommune.no",
    "goal_nb": (
        "Målet er at alle barn, unge og deres foreldre/foresatte skal få riktig hjelp til riktig tid.\n\n"
        "SLT-arbeidet handler om å forebygge rus og kriminalitet blant barn, ungdom og unge voksne "
        "fra 0 til 23 år, ved at kommunen og politiet samordner det de gjør."
    ),
    "goal_en": (
        "Our goal is that all children, young people and their parents or guardians get the right "
        "help at the right time.\n\n"
        "SLT work is about preventing substance abuse and crime among children, adolescents and young "
        "adults from 0 to 23, by the municipality and the police coordinating what they do."
    ),
    "help_intro_nb": (
        "Alle kan kontakte SLT-koordinator, men dersom det føles mer naturlig kan skole, helsestasjon, "
        "barnevernstjenesten eller politi kontaktes direkte."
    ),
    "help_intro_en": (
        "Anyone can contact the SLT coordinator, but if it feels more natural you can contact the "
        "school, the child health centre, the child welfare service or the police directly."
    ),
    "organisation_intro_nb": (
        "Arbeidet er organisert i tre nivå: Styrings-, Koordinerende- og Utførende nivå."
    ),
    "organisation_intro_en": (
        "The work is organised in three levels: the steering, the coordinating and the operational level."
    ),
    "coordinator_role_nb": (
        "SLT-koordinators hovedoppgave er å være bindeledd mellom de tre overnevnte nivå, i tillegg til "
        "å legge til rette for kommunens samlede innsats for forebygging av rus og kriminalitet blant "
        "barn, ungdom og unge voksne (0-23 år)."
    ),
    "coordinator_role_en": (
        "The SLT coordinator's main task is to be the link between the three levels above, and to "
        "support the municipality's combined effort to prevent substance abuse and crime among "
        "children, adolescents and young adults (aged 0 to 23)."
    ),
}

LEVELS = [
    {
        "position": 1,
        "slug": "styringsniva",
        "name_nb": "Styringsnivå",
        "name_en": "Steering level",
        "summary_nb": (
            "Politirådet fungerer i dag som styringsnivå og har pekt ut satsingsområder for SLT-arbeidet."
        ),
        "summary_en": (
            "The Police Council is the steering level today and has set the priority areas for the SLT work."
        ),
    },
    {
        "position": 2,
        "slug": "koordinerende-niva",
        "name_nb": "Koordinerende nivå",
        "name_en": "Coordinating level",
        "summary_nb": (
            "Koordinerende nivå («Forebyggende forum») består pr i dag av kommunale enhetsledere samt "
            "representanter fra politiet. Her legges strategier for videreføring av satsingsfeltene ut i "
            "organisasjonen."
        ),
        "summary_en": (
            "The coordinating level (the Prevention Forum) is made up of the heads of municipal units and "
            "representatives of the police. This is where the strategies are set for carrying the priority "
            "areas out into the organisation."
        ),
    },
    {
        "position": 3,
        "slug": "utforende-niva",
        "name_nb": "Utførende nivå",
        "name_en": "Operational level",
        "summary_nb": (
            "De kommunale enhetene implementerer så temaene i daglig drift, og her ligger altså "
            "utførernivået. Politiets representanter kan også medvirke ute i enhetene."
        ),
        "summary_en": (
            "The municipal units put the priorities into practice in their daily work: this is the "
            "operational level. Police representatives can also take part in the work in the units."
        ),
    },
]

UNITS = [
    {
        "slug": "slt-koordinator",
        "kind": "coordinator",
        "level": None,
        "municipal": True,
        "name_nb": "SLT-koordinator",
        "name_en": "SLT coordinator",
        "when_to_contact_nb": (
            "Kontakt SLT-koordinatoren når du er bekymret for et barn, en ungdom eller en ung voksen og "
            "ikke vet hvem du skal gå til, eller når saken trenger samarbeid mellom flere tjenester. "
            "Du kan også drøfte en bekymring uten å si hvem den gjelder."
        ),
        "when_to_contact_en": (
            "Contact the SLT coordinator when you are worried about a child, a young person or a young "
            "adult and do not know where to turn, or when the matter needs several services to work "
            "together. You can also discuss a concern without saying whom it is about."
        ),
        "receives_reports": True,
    },
    {
        "slug": "borkenes-skole",
        "kind": "school",
        "level": 3,
        "municipal": True,
        "name_nb": "Borkenes skole",
        "name_en": "Borkenes school",
        "when_to_contact_nb": (
            "Kontakt skolen når bekymringen gjelder en elev: trivsel, fravær, mobbing eller endringer du "
            "ser i hverdagen. Kontaktlæreren eller rektor er første kontakt."
        ),
        "when_to_contact_en": (
            "Contact the school when the concern is about a pupil: well-being, absence, bullying or "
            "changes you notice in everyday life. The form teacher or the head teacher is the first contact."
        ),
        "receives_reports": True,
    },
    {
        "slug": "helsestasjonen",
        "kind": "health_station",
        "level": 3,
        "municipal": True,
        "name_nb": "Helsestasjonen",
        "name_en": "Child health centre",
        "address": "Kvæfjord helsehus, Borkenes",
        "when_to_contact_nb": (
            "Helsestasjonen følger opp barn fra 0 til 5 år og foreldrene deres. Kontakt helsestasjonen om "
            "barnets helse, utvikling og trivsel, eller når du som forelder trenger noen å snakke med."
        ),
        "when_to_contact_en": (
            "The child health centre follows up children aged 0 to 5 and their parents. Contact it about a "
            "child's health, development and well-being, or when you as a parent need someone to talk to."
        ),
        "receives_reports": True,
    },
    {
        "slug": "barnevernstjenesten",
        "kind": "child_welfare",
        "level": 3,
        "municipal": True,
        "name_nb": "Barnevernstjenesten",
        "name_en": "Child welfare service",
        "when_to_contact_nb": (
            "Kontakt barnevernstjenesten når du er bekymret for omsorgen et barn får, for vold eller "
            "overgrep, eller for alvorlige atferdsproblemer. Ansatte i offentlige tjenester har en personlig "
            "plikt til å melde fra (barnevernsloven § 13-2). Barnevernstjenesten skal gå gjennom en melding "
            "innen én uke."
        ),
        "when_to_contact_en": (
            "Contact the child welfare service when you are worried about the care a child receives, about "
            "violence or abuse, or about serious behavioural problems. Public employees have a personal duty "
            "to report (Child Welfare Act section 13-2). The service must review a report within one week."
        ),
        "receives_reports": True,
    },
    {
        "slug": "politiet",
        "kind": "police",
        "level": 3,
        "municipal": False,
        "name_nb": "Politiet, Harstad politistasjon",
        "name_en": "Police, Harstad police station",
        "phone": "02800",
        "email": "",
        "website": "https://www.politiet.no",
        "when_to_contact_nb": (
            "Harstad politistasjon betjener Kvæfjord, og kommunen har en fast politikontakt. Kontakt "
            "politiet når du er bekymret for kriminalitet, vold, rus eller radikalisering. Ring 02800 når "
            "det ikke haster, og 112 når det haster."
        ),
        "when_to_contact_en": (
            "Harstad police station serves Kvæfjord, and the municipality has a named police contact. "
            "Contact the police when you are worried about crime, violence, drugs or radicalisation. "
            "Call 02800 when it is not urgent and 112 when it is."
        ),
        "receives_reports": True,
    },
    {
        "slug": "ungdomsradet",
        "kind": "other",
        "level": None,
        "municipal": True,
        "name_nb": "Ungdomsrådet",
        "name_en": "Youth Council",
        "when_to_contact_nb": (
            "Ungdomsrådet gir unge en stemme i saker som angår dem. Kontakt ungdomsrådet hvis du vil si "
            "noe om hvordan det er å være ung i Kvæfjord."
        ),
        "when_to_contact_en": (
            "The Youth Council gives young people a say in matters that affect them. Contact it if you "
            "want to say something about what it is like to be young in Kvæfjord."
        ),
        "receives_reports": False,
    },
]

BODIES = [
    {
        "slug": "politiradet",
        "level": 1,
        "name_nb": "Politirådet",
        "name_en": "The Police Council",
        "summary_nb": "Samarbeidet mellom kommunens øverste ledelse og politiet, og styringsnivået for SLT-arbeidet.",
        "summary_en": "The partnership between the municipality's top leadership and the police, and the steering level of the SLT work.",
        "mandate_nb": (
            "Politirådet er et formelt samarbeid mellom kommunens øverste ledelse og det lokale politiet. "
            "I Kvæfjord er politirådet også styringsnivået for SLT-arbeidet: det setter mål og prioriteringer "
            "for det forebyggende arbeidet og sørger for at de blir en del av kommunens planer.\n\n"
            "Avtalen om politiråd og politikontakt ble inngått i desember 2018 med Harstad politistasjon, som "
            "har betjent Kvæfjord siden desember 2017. Fra 2019 har politirådet vektlagt fem satsingsområder "
            "for barn og unge."
        ),
        "mandate_en": (
            "The Police Council is a formal partnership between the municipality's top leadership and the "
            "local police. In Kvæfjord it is also the steering level of the SLT work: it sets the goals and "
            "priorities for the preventive work and makes sure they become part of the municipality's plans.\n\n"
            "The agreement on a police council and a police contact was signed in December 2018 with Harstad "
            "police station, which has served Kvæfjord since December 2017. Since 2019 the council has given "
            "weight to five priority areas for children and young people."
        ),
        "members": [
            ("Kommunens øverste ledelse", "The municipality's top leadership", None),
            ("Politiet", "The police", "politiet"),
        ],
    },
    {
        "slug": "forebyggende-forum",
        "level": 2,
        "name_nb": "Forebyggende forum",
        "name_en": "Prevention Forum",
        "summary_nb": "Det koordinerende nivået: kommunale enhetsledere og representanter fra politiet.",
        "summary_en": "The coordinating level: heads of municipal units and representatives of the police.",
        "mandate_nb": (
            "Forebyggende forum er det koordinerende nivået i SLT-arbeidet. Her legges strategiene for "
            "hvordan satsingsområdene fra politirådet skal følges opp ute i organisasjonen.\n\n"
            "Forumet samler kommunale enhetsledere og representanter fra politiet. Slik kan tjenestene dele "
            "det de vet om hvordan barn og unge har det, se utfordringer tidlig og fordele ansvaret for tiltak."
        ),
        "mandate_en": (
            "The Prevention Forum is the coordinating level of the SLT work. It sets the strategies for how "
            "the Police Council's priority areas are followed up out in the organisation.\n\n"
            "The forum brings together the heads of municipal units and representatives of the police, so "
            "that the services can share what they know about how children and young people are doing, see "
            "problems early and divide the responsibility for measures."
        ),
        "members": [
            ("Kommunale enhetsledere", "Heads of municipal units", None),
            ("Representanter fra politiet", "Representatives of the police", "politiet"),
            ("SLT-koordinator", "SLT coordinator", "slt-koordinator"),
        ],
    },
]

RESOURCES = [
    {
        "name_nb": "Kriminalitetsforebygging.no",
        "name_en": "Kriminalitetsforebygging.no",
        "url": "https://www.kriminalitetsforebygging.no",
        "description_nb": "Den nasjonale ressurssiden om kriminalitetsforebygging.",
        "description_en": "The national resource site on crime prevention (in Norwegian).",
    },
    {
        "name_nb": "Konfliktrådet om SLT",
        "name_en": "The Mediation Service on SLT",
        "url": "https://www.konfliktraadet.no",
        "description_nb": "Konfliktrådet har ansvaret for SLT-modellen nasjonalt og støtter rundt 180 SLT-koordinatorer.",
        "description_en": "The National Mediation Service runs the SLT model nationally and supports about 180 SLT coordinators.",
    },
]

EMERGENCY_NUMBERS = [
    ("112", "Politi", "Police", "når det haster", "when it is urgent"),
    ("113", "Ambulanse", "Ambulance", "medisinsk nødhjelp", "medical emergency"),
    ("110", "Brann", "Fire", "brann og ulykker", "fire and accidents"),
    (
        "116 111",
        "Alarmtelefonen for barn og unge",
        "Helpline for children and young people",
        "gratis, døgnåpen, du kan være anonym",
        "free, open day and night, you can stay anonymous",
    ),
    ("116 117", "Legevakt", "Out-of-hours doctor", "når du trenger lege", "when you need a doctor"),
    ("02800", "Politiet", "Police", "når det ikke haster", "when it is not urgent"),
]


def load(apps, schema_editor):
    Municipality = apps.get_model("levels", "Municipality")
    Level = apps.get_model("levels", "Level")
    Unit = apps.get_model("levels", "Unit")
    Body = apps.get_model("levels", "Body")
    Member = apps.get_model("levels", "Member")
    Resource = apps.get_model("levels", "Resource")
    EmergencyNumber = apps.get_model("levels", "EmergencyNumber")

    Municipality.objects.create(**MUNICIPALITY)
    levels = {data["position"]: Level.objects.create(**data) for data in LEVELS}
    units = {}
    for position, data in enumerate(UNITS, start=1):
        data = {**data}
        level = data.pop("level")
        data.setdefault("phone", SWITCHBOARD)
        data.setdefault("email", POST_BOX)
        if data["receives_reports"]:
            data["reports_inbox"] = POST_BOX
        units[data["slug"]] = Unit.objects.create(
            level=levels.get(level), position=position * 10, **data
        )
    for position, data in enumerate(BODIES, start=1):
        data = {**data}
        members = data.pop("members")
        body = Body.objects.create(level=levels[data.pop("level")], position=position * 10, **data)
        for seat, (role_nb, role_en, unit_slug) in enumerate(members, start=1):
            Member.objects.create(
                body=body,
                position=seat * 10,
                role_nb=role_nb,
                role_en=role_en,
                unit=units.get(unit_slug),
            )
    for position, data in enumerate(RESOURCES, start=1):
        Resource.objects.create(position=position * 10, **data)
    for position, (number, label_nb, label_en, when_nb, when_en) in enumerate(
        EMERGENCY_NUMBERS, start=1
    ):
        EmergencyNumber.objects.create(
            position=position * 10,
            number=number,
            label_nb=label_nb,
            label_en=label_en,
            description_nb=when_nb,
            description_en=when_en,
        )


def unload(apps, schema_editor):
    for name in ["Member", "Body", "Unit", "Level", "Resource", "EmergencyNumber", "Municipality"]:
        apps.get_model("levels", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("levels", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
