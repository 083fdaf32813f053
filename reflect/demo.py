"""The demo journal: a handful of example dilemmas so a newcomer sees the app working.

EVERYTHING HERE IS FICTIONAL. The cases are invented, composite situations of the kind
social workers meet; no real person, client, colleague or organisation is described, and
the case codes are made up. The demo journal lives in a throwaway folder and is deleted
when the app closes, so it is created with deliberately cheap key-derivation settings:
it never holds anything but this fictional text.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from reflect.model import ArticleRef, Entry, Option, Stakeholder, Status
from reflect.vault.journal import Journal
from reflect.vault.kdf import SALT_LENGTH, KdfParams

DEMO_PASSPHRASE = "demo"  # fictional data only; shown in the demo's unlock screen
DEMO_FILENAME = "demo.reflect"
CODE = "bpsw-2021"


def cheap_kdf() -> KdfParams:
    """Instant key derivation: acceptable only because the demo holds fictional data."""
    return KdfParams(os.urandom(SALT_LENGTH), memory_kib=64, iterations=1, lanes=1)


def demo_entries(today: date) -> list[Entry]:
    """The fictional example entries, oldest first. Follow-up dates are relative to ``today``
    so the "due" marker shows something sensible whenever the demo runs."""
    return [
        Entry(
            title="Huisbezoek: kinderen alleen thuis?",
            case_code="WT-DEMO-01",
            situation=(
                "Bij een huisbezoek vertelt de oudste (11) dat zij 's avonds vaak op "
                "haar broertjes "
                "past omdat moeder nachtdiensten draait. Moeder vraagt me dit niet door te geven: "
                "ze is bang dat 'jeugdzorg dan de kinderen komt halen'."
            ),
            dilemma=(
                "Bespreek ik mijn zorg met de jeugdconsulent, of houd ik het vertrouwen van moeder?"
            ),
            options=[
                Option("Zorg delen met de jeugdconsulent", "vertrouwen van moeder beschadigd"),
                Option(
                    "Eerst zelf met moeder een plan maken", "risico voor de kinderen blijft even"
                ),
            ],
            stakeholders=[
                Stakeholder("Moeder", "autonomie, bestaanszekerheid"),
                Stakeholder("De kinderen", "veiligheid, een ouder die er is"),
                Stakeholder("Ik als wijkteamwerker", "betrouwbaarheid, zorgvuldigheid"),
            ],
            decision="Eerst met moeder een opvangplan maken; over twee weken samen evalueren.",
            rationale=(
                "Er is geen acuut gevaar; moeder wil meewerken. Toestemming vragen voor overleg "
                "als het plan niet werkt, zoals de beroepscode vraagt."
            ),
            damage_limitation="Moeder uitgelegd wanneer ik wél zonder toestemming moet handelen.",
            feelings="Onrustig, maar ik sta achter de keuze.",
            articles=[
                ArticleRef(CODE, 10, "Wat de dochter vertelde is vertrouwelijk."),
                ArticleRef(CODE, 11, "Toestemming van moeder voor overleg met de consulent."),
                ArticleRef(CODE, 13, "Alleen bij gevaar doorbreken; nu nog niet."),
            ],
            follow_up=today - timedelta(days=2),
            status=Status.DECIDED,
        ),
        Entry(
            title="Schuldhulp: cliënt wil geen budgetbeheer",
            case_code="SH-DEMO-07",
            situation=(
                "Meneer heeft opnieuw huurachterstand. Budgetbeheer zou de uitzetting voorkomen, "
                "maar hij wil 'zijn eigen geld houden'."
            ),
            dilemma=(
                "Dring ik aan op budgetbeheer, of respecteer ik zijn keuze "
                "met het risico op uitzetting?"
            ),
            options=[
                Option("Aandringen op budgetbeheer", "hij voelt zich betutteld, haakt mogelijk af"),
                Option("Zijn keuze volgen, wekelijks contact", "kans op uitzetting blijft"),
            ],
            stakeholders=[
                Stakeholder("Cliënt", "autonomie, eigen regie"),
                Stakeholder("Verhuurder", "betaalde huur"),
            ],
            decision="Keuze volgen met wekelijks contact en een afgesproken grens.",
            rationale="Eigen regie weegt zwaar zolang er nog tijd is; de grens maakt het eerlijk.",
            articles=[ArticleRef(CODE, 1, "Zo veel mogelijk regie over het eigen leven.")],
            follow_up=today + timedelta(days=12),
            status=Status.EVALUATED,
        ),
        Entry(
            title="Informatie delen in het wijkteam",
            case_code="WT-DEMO-12",
            situation=(
                "In het casusoverleg vraagt een collega van de woningcorporatie naar de "
                "psychiatrische voorgeschiedenis van een bewoner."
            ),
            dilemma=(
                "Deel ik wat ik weet om de samenwerking te helpen, of zwijg ik zonder toestemming?"
            ),
            options=[
                Option("Niets delen zonder toestemming", "collega voelt zich buitengesloten"),
                Option(
                    "Alleen delen wat nodig is voor de woonsituatie", "grens is lastig te bewaken"
                ),
            ],
            decision="Niets gedeeld; afgesproken eerst toestemming te vragen.",
            articles=[
                ArticleRef(CODE, 20, "Privacy in het multidisciplinaire wijkteam."),
                ArticleRef(CODE, 19, ""),
            ],
            status=Status.DECIDED,
        ),
        Entry(
            title="Cadeau van een cliënte",
            case_code="MW-DEMO-03",
            situation="Een cliënte geeft bij het afsluiten van de begeleiding een dure sjaal.",
            dilemma="Neem ik het cadeau aan, of weiger ik het met het risico haar te kwetsen?",
            feelings="Ontroerd en ongemakkelijk tegelijk.",
            status=Status.DRAFT,
        ),
        Entry(
            title="Regie bij drie hulpverleners",
            case_code="WT-DEMO-15",
            situation=(
                "Een gezin heeft drie hulpverleners die elkaar tegenspreken. De vader vraagt wie "
                "er nu eigenlijk verantwoordelijk is."
            ),
            dilemma=(
                "Neem ik de regie, of laat ik die bij de jeugdhulpaanbieder "
                "die al langer betrokken is?"
            ),
            articles=[ArticleRef(CODE, 21, "Duidelijke verdeling van verantwoordelijkheden.")],
            follow_up=today + timedelta(days=5),
            status=Status.DRAFT,
        ),
        Entry(
            title="Bijscholing of caseload?",
            case_code="TEAM-DEMO-02",
            situation="Mijn caseload is zo vol dat ik de training over meldcode wil afzeggen.",
            dilemma=(
                "Zeg ik de training af voor mijn cliënten, of ga ik om mijn kennis bij te houden?"
            ),
            decision="Training gevolgd; twee gesprekken verplaatst met uitleg.",
            rationale="Deskundigheid bijhouden is ook een plicht tegenover cliënten.",
            articles=[ArticleRef(CODE, 2, "Kennis actueel houden.")],
            status=Status.EVALUATED,
        ),
    ]


def create_demo_journal(folder: Path, today: date | None = None) -> Journal:
    """A new journal in ``folder`` (a temporary folder the caller deletes), filled with the
    fictional entries. Cheap key derivation: see the module docstring."""
    path = folder / DEMO_FILENAME
    journal, _recovery = Journal.create(path, DEMO_PASSPHRASE, kdf=cheap_kdf())
    journal.backups = 0  # a throwaway journal needs no backups
    day = today or date.today()
    entries = demo_entries(day)
    # Spread the examples over the past months, oldest first, so the list looks lived-in.
    dated = []
    for weeks_ago, entry in zip(range(3 * len(entries), 0, -3), entries, strict=True):
        stamp = datetime.combine(day - timedelta(weeks=weeks_ago), time(16, 30), tzinfo=UTC)
        dated.append(replace(entry, created=stamp, updated=stamp))
    journal.add_many(dated)
    return journal
