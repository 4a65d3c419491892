"""The reviewed hard cases in ``hard_cases.csv`` (one row = one query against one record).

Format notes: dates are ISO; ``cand_dob`` of ``~1980`` means only an estimated
birth year is recorded; ``cand_aliases`` is ``Given/Family;Given/Family``; the phone and email columns
(issue 15) are optional at the end of a row.  Rows
with no candidate name and no query name are address-only hazards and use
``score_premises``.
"""

import csv
from datetime import date
from pathlib import Path

import pytest

from safecontact.matching import Candidate, Premises, Query, score, score_premises

CSV_PATH = Path(__file__).resolve().parent.parent / "hard_cases.csv"
ROWS = list(csv.DictReader(CSV_PATH.open(encoding="utf-8")))


def _date(text):
    return date.fromisoformat(text) if text and not text.startswith("~") else None


def _result(row):
    query = Query(
        name=row["query_name"],
        date_of_birth=_date(row["query_dob"]),
        postcode=row["query_postcode"] or None,
        address=row["query_address"] or None,
        uprn=row["query_uprn"] or None,
        phone=row.get("query_phone") or None,
        email=row.get("query_email") or None,
    )
    if not (row["cand_given"] or row["cand_family"] or row["query_name"]):
        premises = Premises(row["case_id"], row["cand_address"], row["cand_postcode"] or None, row["cand_uprn"] or None)
        return score_premises(query, premises)
    aliases = [tuple(a.split("/", 1)) for a in row["cand_aliases"].split(";") if a]
    candidate = Candidate(
        person_id=row["case_id"],
        given_names=row["cand_given"],
        family_name=row["cand_family"],
        aliases=aliases,
        date_of_birth=_date(row["cand_dob"]),
        approx_birth_year=int(row["cand_dob"][1:]) if row["cand_dob"].startswith("~") else None,
        postcodes=[row["cand_postcode"]] if row["cand_postcode"] else [],
        address_lines=[row["cand_address"]] if row["cand_address"] else [],
        uprns=[row["cand_uprn"]] if row["cand_uprn"] else [],
        phones=[row["cand_phone"]] if row.get("cand_phone") else [],
        emails=[row["cand_email"]] if row.get("cand_email") else [],
    )
    return score(query, candidate)


def test_file_is_big_enough_and_well_formed():
    assert len(ROWS) >= 200
    assert len({r["case_id"] for r in ROWS}) == len(ROWS)
    assert {r["expected_tier"] for r in ROWS} <= {"strong", "weak", "none"}
    assert all(r["note"] for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['case_id']}-{r['category']}" for r in ROWS])
def test_hard_case(row):
    result = _result(row)
    assert result.tier == row["expected_tier"], (row["note"], result.reasons)
    if result.tier != "none":
        assert result.reasons, "every match explains itself"
