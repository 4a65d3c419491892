"""The check's query of the measures, compiled once (issue 16): the same rows, the same fields and the same "not the
same person" answers as the queryset it is compiled from, on both databases; and one statement, whatever the number
of people."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.checks import measures_query
from safecontact.checks.desk import REMEMBERED_AT
from safecontact.checks.models import Check, NotSamePerson, PossibleMatchReview
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b


def _rows(measures: list[Measure]) -> list[tuple]:  # type: ignore[type-arg]
    fields = [f.attname for f in Measure._meta.concrete_fields]
    return sorted(tuple(str(getattr(m, name)) for name in [*fields, REMEMBERED_AT]) for m in measures)


@pytest.fixture
def register(council, other_council, user_with_role):  # type: ignore[no-untyped-def]
    people = [b.person(council, given=g, family="Harrington") for g in ("William", "Mary", "Ann")]
    live = [b.live_marker(council, user_with_role, subject=p) for p in people]
    ended = live[2]
    Measure.objects.filter(pk=ended.pk).update(status="ended")  # not live: never returned
    stranger = b.person(other_council, given="William", family="Harrington")
    return {"people": [*people, stranger], "live": live[:2], "ended": ended}


def test_compiled_once_returns_what_the_queryset_returns(council, user_with_role, register):
    today = timezone.localdate()
    identity = "a" * 64
    check = Check.objects.create(council=council, checker=user_with_role(Role.STAFF), purpose="home_visit",
                                 outcome=Check.Outcome.POSSIBLE_MATCH)
    review = PossibleMatchReview.objects.create(council=council, source_check=check, due_at=timezone.now())
    NotSamePerson.objects.create(council=council, measure=register["live"][0], identity=identity, review=review,
                                 measure_updated_at=register["live"][0].updated_at)
    ids = [p.pk for p in register["people"]]
    for who in ([ids[0]], ids, ids[1:]):
        for remembered in (identity, None, "b" * 64):
            expected = list(measures_query._queryset(council_id=council.pk, today=today, person_ids=who, identity=remembered))
            got = measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=who, identity=remembered)
            if remembered is None:
                assert all(REMEMBERED_AT not in m.__dict__ for m in got)
                for m in [*expected, *got]:
                    setattr(m, REMEMBERED_AT, None)
            assert _rows(got) == _rows(expected)
    got = measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=ids, identity=identity)
    assert {m.pk for m in got} == {m.pk for m in register["live"]}  # not the ended one, not the other council's
    assert {m.pk: getattr(m, REMEMBERED_AT) for m in got} == {register["live"][0].pk: register["live"][0].updated_at,
                                                               register["live"][1].pk: None}


def test_an_interim_marker_past_its_day_is_left_out_as_the_live_filter_says(council, register):
    marker = register["live"][1]
    last_day = marker.approved_on + timedelta(days=1)
    Measure.objects.filter(pk=marker.pk).update(origin="interim", decision=None, interim_reason="Threats at the door",
                                                interim_until=last_day)
    ids = [p.pk for p in register["people"]]
    for today in (last_day, last_day + timedelta(days=1)):
        expected = {m.pk for m in measures_query._queryset(council_id=council.pk, today=today, person_ids=ids, identity=None)}
        assert {m.pk for m in measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=ids)} == expected
    assert marker.pk not in expected


def test_one_statement_whatever_the_number_of_people(council, register):
    today = timezone.localdate()
    many = [p.pk for p in register["people"]] + [b.person(council, given=f"N{i}", family="Other").pk for i in range(30)]
    measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=many[:1], identity="c" * 64)
    with CaptureQueriesContext(connection) as one:
        measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=many[:1], identity="c" * 64)
    with CaptureQueriesContext(connection) as all_of_them:
        measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=many, identity="c" * 64)
    assert len(one.captured_queries) == len(all_of_them.captured_queries) == 1
    if connection.vendor == "postgresql":  # one text, compiled once: the people are one array parameter
        assert all('"person_id" = ANY(' in q["sql"] for q in [*one.captured_queries, *all_of_them.captured_queries])


def test_nobody_asks_nothing(council, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert measures_query.live_measures_of(council_id=council.pk, today=timezone.localdate() + timedelta(days=1),
                                               person_ids=[]) == []


def test_few_fields_loads_only_those_and_the_same_measures(council, register):
    today = timezone.localdate()
    ids = [p.pk for p in register["people"]]
    every = {f.attname for f in Measure._meta.concrete_fields}
    got = measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=ids, identity="d" * 64, few=True)
    assert {m.pk for m in got} == {m.pk for m in register["live"]}
    for m in got:
        assert m.get_deferred_fields() == every - set(measures_query.FEW_FIELDS)
        assert m.__dict__[REMEMBERED_AT] is None
    assert sorted(m.reference for m in got) == sorted(m.reference for m in register["live"])  # read when asked for


def test_a_fields_converter_is_applied_as_the_orm_applies_it(council, register, monkeypatch):
    """No field of the query has a converter on PostgreSQL today; if one ever does, its values pass through it."""
    if connection.vendor != "postgresql":
        pytest.skip("the compiled path is PostgreSQL's")
    from dataclasses import replace

    today, ids = timezone.localdate(), [p.pk for p in register["people"]]
    template = measures_query._template(False, True)
    status = template.attnames.index("status")
    seen = []

    def shout(value, expression, conn):  # type: ignore[no-untyped-def]
        seen.append(conn)
        return value.upper()

    monkeypatch.setitem(measures_query._templates, (connection.alias, False, True),
                        replace(template, converters=((status, ([shout], None)),)))
    got = measures_query.live_measures_of(council_id=council.pk, today=today, person_ids=ids, few=True)
    assert sorted(m.status for m in got) == sorted(m.status.upper() for m in register["live"])
    assert seen and all(c is connection for c in seen)
