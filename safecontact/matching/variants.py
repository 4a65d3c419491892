"""Generated query variants for measuring recall (tests and the benchmark).

:func:`make_variants` turns one person's details into the kinds of query staff
actually type: typing errors, nicknames, swapped given/family names, a missing
date of birth, day/month swapped, postcodes with odd spacing and case; and
the families of :mod:`.variant_families` (end-of-name short forms, diminutives,
sound-alike surname spellings, Irish/Scottish prefix spacing, date-of-birth slips).  All
randomness comes from the ``rng`` passed in (``random.Random(seed)``), so runs
are repeatable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .nicknames import given_name_equivalents
from .records import Candidate, Query
from .variant_families import diminutive, dob_slip, end_short_form, prefix_spacing, surname_sound

GIVEN_NAMES = [
    "William",
    "Margaret",
    "Robert",
    "Elizabeth",
    "Catherine",
    "David",
    "Owain",
    "Llywelyn",
    "John",
    "James",
    "Thomas",
    "Richard",
    "Charlotte",
    "Edward",
    "Henry",
    "Alexander",
    "Alexandra",
    "Andrew",
    "Anthony",
    "Christopher",
    "Christine",
    "Daniel",
    "Michael",
    "Matthew",
    "Nicholas",
    "Nicola",
    "Patrick",
    "Patricia",
    "Peter",
    "Philip",
    "Samuel",
    "Samantha",
    "Stephen",
    "Susan",
    "Victoria",
    "Frances",
    "Francis",
    "Gareth",
    "Rhys",
    "Siân",
    "Seán",
    "Dafydd",
    "Gwyneth",
    "Rhiannon",
    "Ffion",
    "Aoife",
    "Niamh",
    "Siobhán",
    "Ciarán",
    "Pádraig",
    "Łukasz",
    "Zoë",
    "Bjørn",
    "José",
    "Mohammed",
    "Fatima",
    "Aisha",
    "Priya",
    "Rajesh",
    "Oluwaseun",
    "Chukwuemeka",
    "Wei",
    "Mei",
    "Jennifer",
    "Rebecca",
    "Sarah",
    "Emily",
    "Olivia",
    "Sophie",
    "Hannah",
    "Jack",
    "Harry",
    "George",
    "Oliver",
    "Joshua",
    "Liam",
    "Kieran",
    "Bethan",
    "Cerys",
    "Megan",
    "Mary",
    "Anne",
    "Helen",
    "Jane",
    "Louise",
    "Louis",
    "Christina",
    "Małgorzata",
    "Katarzyna",
    "Aleksander",
    "Ekaterina",
    "Babatunde",
    "Oluwafemi",
    "Harpreet",
    "Sukhwinder",
    "Abdulrahman",
    "Lachlan",
    "Diarmuid",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Price",
    "Rees",
    "Powell",
    "Pritchard",
    "ap Rhys",
    "Llewellyn",
    "Owen",
    "Jenkins",
    "Brown",
    "Wilson",
    "Johnson",
    "Wright",
    "Walker",
    "Robinson",
    "Thompson",
    "White",
    "Green",
    "Hall",
    "Wood",
    "Clarke",
    "Jackson",
    "Harris",
    "Martin",
    "Cooper",
    "King",
    "Lee",
    "Baker",
    "Hill",
    "Moore",
    "Ward",
    "Turner",
    "Phillips",
    "O'Brien",
    "O'Sullivan",
    "Ní Dhónaill",
    "Ó Briain",
    "Murphy",
    "Kelly",
    "Byrne",
    "McCarthy",
    "MacDonald",
    "McLeod",
    "Mackenzie",
    "Fitzgerald",
    "Smith-Jones",
    "Bowes-Lyon",
    "Lloyd-Williams",
    "Vaughan-Thomas",
    "Żółć",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Müller",
    "Jørgensen",
    "García",
    "Fernández",
    "Patel",
    "Khan",
    "Ahmed",
    "Hussain",
    "Begum",
    "Ali",
    "Singh",
    "Kaur",
    "Okafor",
    "Adeyemi",
    "Nguyen",
    "Chen",
    "Wang",
    "Li",
    "Ng",
    "Kim",
    "van der Berg",
    "de la Cruz",
    "St John",
    "Fox",
    "Day",
    "Hope",
    "Grey",
    "Nash",
    "Knight",
    "Wright",
    "Christie",
    "Clarke",
    "O'Neill",
    "Ó Néill",
    "Mc Donald",
]
STREETS = [
    "High Street",
    "Church Road",
    "Station Road",
    "Heol y Frenhines",
    "Victoria Avenue",
    "Mill Lane",
    "Park Crescent",
    "Queen Street",
    "Castle Close",
    "Bridge Street",
    "Heol Llanishen",
    "Newport Road",
    "Cathedral Road",
]
POSTCODE_AREAS = ["CF10", "CF11", "CF14", "CF24", "CF5", "NP20", "SA1", "SA31", "LL57", "SY23", "LD1", "SW1A", "M1", "BT7"]
_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def random_postcode(rng: random.Random) -> str:
    inward_letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(POSTCODE_AREAS)} {rng.randint(0, 9)}{rng.choice(inward_letters)}{rng.choice(inward_letters)}"


def random_dob(rng: random.Random) -> date:
    return date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 70))


def make_person(rng: random.Random, person_id: object = None) -> Candidate:
    """A made-up register entry (name, DOB, address, postcode, UPRN)."""
    postcode = random_postcode(rng)
    address = f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
    if rng.random() < 0.2:
        address = f"Flat {rng.randint(1, 20)}, {address}"
    return Candidate(
        person_id=person_id,
        given_names=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        date_of_birth=random_dob(rng),
        postcodes=[postcode],
        address_lines=[f"{address}, {postcode}"],
        uprns=[str(rng.randint(10_000_000, 200_000_000_000))],
    )


def _neighbour(ch: str, rng: random.Random) -> str:
    low = ch.lower()
    i = _KEYBOARD.find(low)
    if i < 0:
        return rng.choice("abcdefghijklmnopqrstuvwxyz")
    options = [_KEYBOARD[j] for j in (i - 1, i + 1) if 0 <= j < len(_KEYBOARD) and _KEYBOARD[j] != " "]
    return rng.choice(options or ["e"])


def typo(word: str, rng: random.Random) -> str:
    """One typing error: substitute (neighbouring key), delete, insert, double or transpose a letter."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if not letters:
        return word
    ops = ["sub", "ins", "dbl"] + (["del", "swap"] if len(letters) > 3 else [])
    op = rng.choice(ops)
    i = rng.choice(letters)
    if op == "sub":
        return word[:i] + _neighbour(word[i], rng) + word[i + 1 :]
    if op == "ins":
        return word[:i] + _neighbour(word[i], rng) + word[i:]
    if op == "dbl":
        return word[:i] + word[i] + word[i:]
    if op == "del":
        return word[:i] + word[i + 1 :]
    j = i + 1 if i + 1 < len(word) and word[i + 1].isalpha() else i - 1
    a, b = sorted((i, j))
    return word[:a] + word[b] + word[a] + word[b + 1 :]


def nickname(given: str, rng: random.Random) -> str | None:
    options = sorted(given_name_equivalents(given) - {given.lower()})
    return rng.choice(options).title() if options else None


def spaced_postcode(postcode: str | None, rng: random.Random) -> str | None:
    if not postcode:
        return postcode
    compact = postcode.replace(" ", "")
    return rng.choice([compact.lower(), compact, f" {postcode.lower()} ", postcode.replace(" ", "  "), compact.title()])


def make_labelled_variants(given: str, family: str, dob: date | None, postcode: str | None, rng: random.Random) -> list[tuple[str, Query]]:
    out: list[tuple[str, Query]] = [
        ("exact", Query(name=f"{given} {family}", date_of_birth=dob, postcode=postcode)),
        ("family_typo", Query(name=f"{given} {typo(family, rng)}", date_of_birth=dob)),
        ("given_typo", Query(name=f"{typo(given, rng)} {family}", date_of_birth=dob, postcode=postcode)),
        ("swapped", Query(name=f"{family} {given}", date_of_birth=dob)),
        ("family_first_comma", Query(name=f"{family}, {given}", date_of_birth=dob)),
        ("missing_dob", Query(name=f"{given} {family}", postcode=spaced_postcode(postcode, rng))),
        ("postcode_spacing", Query(name=f"{given} {family}", date_of_birth=dob, postcode=spaced_postcode(postcode, rng))),
        ("family_typo_no_dob", Query(name=f"{given} {typo(family, rng)}", postcode=spaced_postcode(postcode, rng))),
        ("given_typo_no_dob", Query(name=f"{typo(given, rng)} {family}")),
        ("case_and_accents", Query(name=f"{given} {family}".upper(), date_of_birth=dob)),
    ]
    nick = nickname(given, rng)
    if nick:
        out.append(("nickname", Query(name=f"{nick} {family}", date_of_birth=dob)))
        out.append(("nickname_no_dob", Query(name=f"{nick} {family}", postcode=postcode)))
    if dob and dob.day <= 12 and dob.day != dob.month:
        out.append(("dob_day_month_swapped", Query(name=f"{given} {family}", date_of_birth=date(dob.year, dob.day, dob.month))))
    return out + broadened_variants(given, family, dob, postcode, rng)


def broadened_variants(given: str, family: str, dob: date | None, postcode: str | None, rng: random.Random) -> list[tuple[str, Query]]:
    """The families issue 15 added (see variant_families): each only where it applies to this person."""
    out: list[tuple[str, Query]] = []
    rest = " ".join(given.split()[1:])
    if short := end_short_form(given, rng):
        out.append(("end_short_form", Query(name=f"{short} {rest} {family}".replace("  ", " "), date_of_birth=dob)))
    if dim := diminutive(given, rng):
        out.append(("diminutive", Query(name=f"{dim} {family}", date_of_birth=dob, postcode=postcode)))
    if sound := surname_sound(family, rng):
        out.append(("surname_sound", Query(name=f"{given} {sound}", date_of_birth=dob)))
        out.append(("surname_sound_no_dob", Query(name=f"{given} {sound}", postcode=postcode)))
    if spaced := prefix_spacing(family, rng):
        out.append(("prefix_spacing", Query(name=f"{given} {spaced}", date_of_birth=dob)))
        out.append(("prefix_spacing_no_dob", Query(name=f"{given} {spaced}", postcode=postcode)))
    if slipped := dob_slip(dob, rng):
        out.append(("dob_slip", Query(name=f"{given} {family}", date_of_birth=slipped)))
    return out


def make_variants(given: str, family: str, dob: date | None, postcode: str | None, rng: random.Random) -> list[Query]:
    """Queries a member of staff might type for this person (see module docstring)."""
    return [q for _, q in make_labelled_variants(given, family, dob, postcode, rng)]
