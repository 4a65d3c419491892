"""Deterministic data for a large council: gazetteer, people with search keys, live measures.

Everything comes from random.Random(seed), so two runs build the same council. Rows are made with
bulk_create (search keys computed with matching.candidate_keys, as refresh_search_keys would).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

GIVEN = [
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar", "William", "James", "Henry", "Leo", "Alfie",
    "Joshua", "Freddie", "Archie", "Ethan", "Isaac", "Alexander", "Joseph", "Edward", "Samuel", "Max", "Daniel", "Arthur", "Lucas",
    "Mohammed", "Muhammad", "David", "John", "Michael", "Robert", "Richard", "Christopher", "Paul", "Mark", "Andrew", "Stephen",
    "Peter", "Anthony", "Matthew", "Gareth", "Rhys", "Dafydd", "Owain", "Iestyn", "Gruffydd", "Llywelyn", "Emyr", "Seán", "Ciarán",
    "Pádraig", "Niall", "Eoin", "Cian", "Oisín", "Ruairí", "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia",
    "Poppy", "Ella", "Lily", "Evie", "Isabella", "Charlotte", "Jessica", "Sophie", "Chloe", "Margaret", "Elizabeth", "Catherine",
    "Susan", "Patricia", "Jennifer", "Sarah", "Karen", "Nicola", "Helen", "Rebecca", "Victoria", "Rachel", "Siân", "Gwen", "Gwenllian",
    "Angharad", "Carys", "Ffion", "Nia", "Bethan", "Rhiannon", "Seren", "Siobhán", "Aoife", "Niamh", "Saoirse", "Róisín", "Caoimhe",
    "Bríd", "Zoë", "Chloé", "Renée", "Aisha", "Fatima", "Priya", "Anjali", "Wojciech", "Małgorzata", "Agnieszka", "Łukasz", "Tomasz",
    "Björn", "José", "Inês", "François",
    # issue 15: names whose short forms are the end of the name, or diminutives from Slavic, South Asian, Arabic, West African use
    "Christina", "Christine", "Alexandra", "Katarzyna", "Aleksander", "Ekaterina", "Dmitri", "Tatiana", "Oluwafemi", "Babatunde",
    "Oluwatobi", "Adewale", "Chukwuemeka", "Ifeoma", "Kwabena", "Harpreet", "Sukhwinder", "Jaswinder", "Sandeep", "Abdulrahman",
    "Mustafa", "Khadija", "Lachlan", "Catriona", "Ieuan", "Diarmuid", "Kathleen", "Wilhelmina", "Henrietta",
]
FAMILY = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson",
    "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson",
    "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan",
    "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
    "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
    "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
    "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher", "Howard", "Harrington", "Llewellyn",
    "ap Gruffydd", "Pritchard", "Prosser", "Bowen", "Vaughan", "Rees", "Parry", "Pugh", "Powell", "Gwynne", "Ó Briain", "O'Brien",
    "O'Sullivan", "McCarthy", "MacDonald", "McLaughlin", "Ní Dhónaill", "O'Neill", "Byrne", "Ryan", "Doherty", "Gallagher",
    "Fitzgerald", "Smith-Jones", "Lloyd-Williams", "Wiśniewski", "Kowalski", "Nowak", "Müller", "Schröder", "García", "Fernández",
    "Nguyen", "Chen", "Ahmed", "Rahman", "Chowdhury", "Okafor", "Adeyemi", "Mensah", "Van der Berg", "de Souza",
    "Christie", "Kaye", "Whyte", "Cunningham", "O'Donnell", "McKenzie", "MacLeod", "Ó Conaill",  # issue 15
]
STREETS = [
    "High Street", "Church Road", "Station Road", "Mill Lane", "Victoria Road", "Park Avenue", "London Road", "Queen Street",
    "Heol y Frenhines", "Heol Llanishen", "Ffordd y Parc", "Cathedral Road", "Newport Road", "Bath Road", "Priory Street",
    "St Mary's Close", "Orchard Way", "Meadow View", "The Crescent", "Kingsway", "Windsor Terrace", "Albert Street", "Hewlett Road",
    "Prestbury Road", "Tewkesbury Road", "Cirencester Road", "Leckhampton Road", "Suffolk Square", "Montpellier Walk", "Lansdown Road",
]
DISTRICTS = ["GL50", "GL51", "GL52", "GL53", "GL54", "GL20", "GL1", "GL2", "GL3", "GL4", "CF10", "CF11", "CF14", "CF24", "CF5",
             "NP20", "SA1", "LL57", "SY23", "BT7"]
TOWNS = {"GL": "Cheltenham", "CF": "Cardiff", "NP": "Newport", "SA": "Swansea", "LL": "Bangor", "SY": "Aberystwyth", "BT": "Belfast"}
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def postcodes(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}")
    return sorted(out)


def write_gazetteer(path: Path, rng: random.Random, n: int = 150_000) -> list[tuple[str, str, str, str]]:
    """An LLPG-style CSV: about 15 homes per postcode along one street. Returns (uprn, line1, town, postcode)."""
    codes = postcodes(rng, n // 15 + 1)
    rows = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["UPRN", "ADDRESS_LINE_1", "ADDRESS_LINE_2", "POST_TOWN", "POSTCODE"])
        for i in range(n):
            pc = codes[i // 15 % len(codes)]
            street = STREETS[(i // 15) % len(STREETS)]
            flat = rng.random() < 0.12
            line1 = f"Flat {rng.randint(1, 9)}" if flat else f"{i % 15 * 2 + 1} {street}"
            line2 = f"{i % 15 * 2 + 1} {street}" if flat else ""
            uprn = str(100_000_000_000 + i * 7)
            town = TOWNS[pc[:2]]
            writer.writerow([uprn, line1, line2, town, pc.replace(" ", "") if i % 5 == 0 else pc])
            rows.append((uprn, f"{line1}, {line2}".strip(", "), town, pc))
    return rows


def random_dob(rng: random.Random) -> date:
    return date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 70))


def make_people_specs(rng: random.Random, n: int, addresses: list[tuple[str, str, str, str]]) -> list[dict]:
    specs = []
    for _ in range(n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        if rng.random() < 0.15:
            given = f"{given} {rng.choice(GIVEN)}"
        spec = {"given": given, "family": family, "dob": random_dob(rng) if rng.random() < 0.93 else None,
                "address": rng.choice(addresses), "aliases": []}
        if rng.random() < 0.1:
            spec["aliases"] = [(given.split()[0], rng.choice(FAMILY))]
        specs.append(spec)
    return specs


def bench_council(slug: str = "benchshire", name: str = "Benchshire Council"):  # type: ignore[no-untyped-def]
    """The bench's council (made once): its gazetteer is imported into it before build_council, as addresses belong to a council."""
    from safecontact.accounts.models import CouncilSettings, Organisation

    council, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "kind": Organisation.Kind.COUNCIL})
    CouncilSettings.objects.get_or_create(council=council)
    return council


def read_addresses(gazetteer_csv: Path) -> list[tuple[str, str, str, str]]:
    """(uprn, line, town, normalised postcode) of each row of a gazetteer written by write_gazetteer."""
    from safecontact import matching

    with gazetteer_csv.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(r[0], f"{r[1]}, {r[2]}".strip(", "), r[3], matching.normalise_postcode(r[4]) or "") for r in reader]


def bench_users(council, email_domain: str = "bench.test") -> dict:  # type: ignore[no-untyped-def]
    """A staff user, a register officer, a decision maker and a register manager of the council, each with an
    authenticator. Needs a transaction (role_assignment_bootstrap)."""
    from allauth.mfa.models import Authenticator

    from safecontact.access.policy import Role
    from safecontact.accounts.models import User
    from safecontact.accounts.services import role_assignment_bootstrap

    users = {}
    for role in (Role.STAFF, Role.REGISTER_OFFICER, Role.DECISION_MAKER, Role.REGISTER_MANAGER):
        user = User.objects.create(email=f"{role.value}@{email_domain}", full_name=f"Bench {role.label}", organisation=council)
        user.set_password("bench-password-123")
        user.save()
        role_assignment_bootstrap(council=council, user=user, role=role, reason="bench")
        # Every role needs MFA (issue 13): without an authenticator each page would redirect to set one up, and
        # the bench would time that redirect instead of the check.
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        users[role.value] = user
    return users


def build_council(*, seed: int, gazetteer_csv: Path, n_people: int = 20_000, n_measures: int = 5_000) -> dict:
    """Needs Django set up and the gazetteer already imported from gazetteer_csv into bench_council()."""
    from django.db import transaction

    rng = random.Random(seed)
    addresses = read_addresses(gazetteer_csv)
    with transaction.atomic():
        council = bench_council()
        users = bench_users(council)
        made = add_register(council=council, users=users, rng=rng, addresses=addresses, n_people=n_people, n_measures=n_measures)
    return {"council": council, "users": users, "addresses": addresses} | made


def add_register(*, council, users: dict, rng: random.Random, addresses: list, n_people: int, n_measures: int,  # type: ignore[no-untyped-def]
                 batch: str = "") -> dict:
    """Add n_people people (with their search keys, address links, aliases) to the council, n_measures of them with a
    live measure. `batch` keeps references unique when a council is grown more than once (bench_scale.py)."""
    from django.db import transaction
    from django.utils import timezone

    from safecontact import matching
    from safecontact.incidents.models import Incident
    from safecontact.people.models import Address, Person, PersonAddress, PersonAlias, PersonSearchKey
    from safecontact.register.models import Measure, Precaution, RestrictionType

    with transaction.atomic():
        by_uprn = dict(Address.objects.filter(council=council).values_list("uprn", "id"))
        specs = make_people_specs(rng, n_people, addresses)
        people = [Person(council=council, given_names=s["given"], family_name=s["family"], date_of_birth=s["dob"]) for s in specs]
        Person.objects.bulk_create(people, batch_size=2000)
        PersonAddress.objects.bulk_create([PersonAddress(person=p, address_id=by_uprn[s["address"][0]], from_date=date(2020, 1, 1))
                                           for p, s in zip(people, specs, strict=True)], batch_size=2000)
        PersonAlias.objects.bulk_create([PersonAlias(person=p, given_names=g, family_name=f)
                                         for p, s in zip(people, specs, strict=True) for g, f in s["aliases"]], batch_size=2000)
        keys = []
        for p, s in zip(people, specs, strict=True):
            uprn, line, _town, pc = s["address"]
            candidate = matching.Candidate(given_names=s["given"], family_name=s["family"], aliases=s["aliases"], date_of_birth=s["dob"],
                                           postcodes=[pc], address_lines=[line], uprns=[uprn])
            keys += [PersonSearchKey(council=council, person=p, key=k[:80]) for k in matching.candidate_keys(candidate)]
        PersonSearchKey.objects.bulk_create(keys, batch_size=5000)
        flagged_idx = rng.sample(range(n_people), n_measures)
        now, today = timezone.now(), timezone.localdate()
        incidents = [Incident(council=council, reference=f"INC-B{batch}-{i:06d}", status="decided", reporter=users["staff"], submitted_at=now,
                              occurred_at=now - timedelta(days=rng.randint(10, 300)), channel="home_visit", account="Bench incident",
                              person=people[j], identity_confirmation="known_account") for i, j in enumerate(flagged_idx)]
        Incident.objects.bulk_create(incidents, batch_size=2000)
        precautions = list(Precaution.objects.filter(council__isnull=True))
        types = list(RestrictionType.objects.filter(council__isnull=True))
        measures = []
        for i, (j, incident) in enumerate(zip(flagged_idx, incidents, strict=True)):
            marker = rng.random() < 0.8
            measures.append(Measure(
                council=council, reference=f"PSR-B{batch}-{i:06d}", kind="safety_marker" if marker else "contact_restriction", status="active",
                origin="imported",  # entries from a decision need one (constraint since issue 11): the bench's are a migrated register
                person=people[j], subject_key=f"{people[j].pk}|-", originating_incident=incident, owner=users["register_officer"],
                reasons="Bench", proposed_by=users["register_officer"], approved_by=users["decision_maker"], approved_at=now,
                approved_on=today, starts_on=today, review_due=today + timedelta(days=rng.randint(30, 360)),
                risk_impact=rng.randint(1, 5) if marker else None, risk_likelihood=rng.randint(1, 6) if marker else None,
                risk_description="Threats to staff" if marker else "", scope="" if marker else "services",
                mandatory_services_route="" if marker else "In writing",
            ))
        Measure.objects.bulk_create(measures, batch_size=2000)
        Measure.precautions.through.objects.bulk_create(
            [Measure.precautions.through(measure_id=m.pk, precaution_id=p.pk) for m in measures if m.kind == "safety_marker"
             for p in rng.sample(precautions, 2)], batch_size=5000)
        Measure.restriction_types.through.objects.bulk_create(
            [Measure.restriction_types.through(measure_id=m.pk, restrictiontype_id=rng.choice(types).pk) for m in measures
             if m.kind == "contact_restriction"], batch_size=5000)
    flagged = set(flagged_idx)
    return {"people": people, "specs": specs, "flagged": [specs[j] | {"person": people[j]} for j in flagged_idx],
            "unflagged": [specs[j] | {"person": people[j]} for j in range(n_people) if j not in flagged]}
