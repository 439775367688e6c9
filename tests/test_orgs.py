"""Membership timelines: known facts pinned on both sides of each change; the table's health."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, datetime

import pytest

from geo import orgs
from geo._data import data_file
from geo.errors import DataError, GeoError, InvalidDateError, UnknownOrganisationError
from geo.orgs import Membership

# (org, iso3, day before the change, status then or None, day of the change, status from then)
CHANGES = [
    ("sco", "IRN", "2023-07-03", "observer", "2023-07-04", "member"),
    ("sco", "BLR", "2024-07-03", "observer", "2024-07-04", "member"),
    ("sco", "BLR", "2015-07-09", "dialogue_partner", "2015-07-10", "observer"),
    ("sco", "IND", "2017-06-08", "observer", "2017-06-09", "member"),
    ("sco", "PAK", "2017-06-08", "observer", "2017-06-09", "member"),
    ("sco", "UZB", "2001-06-14", None, "2001-06-15", "member"),
    ("sco", "MNG", "2004-06-16", None, "2004-06-17", "observer"),
    ("sco", "MNG", "2025-08-31", "observer", "2025-09-01", "partner"),
    ("sco", "TUR", "2025-08-31", "dialogue_partner", "2025-09-01", "partner"),
    ("csto", "UZB", "1999-04-19", "member", "1999-04-20", None),
    ("csto", "UZB", "2006-08-15", None, "2006-08-16", "member"),
    ("csto", "UZB", "2012-06-27", "member", "2012-06-28", "suspended"),
    ("csto", "ARM", "2024-02-21", "member", "2024-02-22", "frozen"),
    ("csto", "GEO", "1999-04-19", "member", "1999-04-20", None),
    ("brics", "EGY", "2023-12-31", None, "2024-01-01", "member"),
    ("brics", "ETH", "2023-12-31", None, "2024-01-01", "member"),
    ("brics", "IRN", "2023-12-31", None, "2024-01-01", "member"),
    ("brics", "ARE", "2023-12-31", None, "2024-01-01", "member"),
    ("brics", "IDN", "2025-01-05", "partner", "2025-01-06", "member"),
    ("brics", "NGA", "2025-01-16", None, "2025-01-17", "partner"),
    ("brics", "ZAF", "2010-12-23", None, "2010-12-24", "member"),
    ("eaeu", "ARM", "2015-01-01", None, "2015-01-02", "member"),
    ("eaeu", "KGZ", "2015-08-11", None, "2015-08-12", "member"),
    ("nato", "FIN", "2023-04-03", "applicant", "2023-04-04", "member"),
    ("nato", "SWE", "2024-03-06", "applicant", "2024-03-07", "member"),
    ("nato", "MKD", "2020-03-26", None, "2020-03-27", "member"),
    ("nato", "FRA", "1949-08-23", None, "1949-08-24", "member"),
]


@pytest.mark.parametrize(("org", "iso3", "before", "was", "on", "now"), CHANGES)
def test_status_changes_on_the_right_day(org, iso3, before, was, on, now):
    assert orgs.membership(org, before).get(iso3) == was
    assert orgs.membership(org, on).get(iso3) == now


def test_shanghai_five():
    assert orgs.membership("sco", "1996-04-26") == dict.fromkeys(
        ["CHN", "KAZ", "KGZ", "RUS", "TJK"], "member"
    )
    assert orgs.membership("sco", "1996-04-25") == {}


def test_sco_founding_members():
    on_founding = orgs.membership("sco", date(2001, 6, 15))
    assert on_founding == dict.fromkeys(["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "member")


def test_sco_after_the_tianjin_reform_has_no_observers_or_dialogue_partners():
    statuses = set(orgs.membership("sco", "2025-09-01").values())
    assert statuses == {"member", "partner"}
    before = set(orgs.membership("sco", "2025-08-31").values())
    assert before == {"member", "observer", "dialogue_partner"}


def test_csto_uzbekistan_history():
    assert [
        (m.status, m.start.year, m.end and m.end.year)
        for m in orgs.membership_history("csto", "UZB")
    ] == [("member", 1994, 1999), ("member", 2006, 2012), ("suspended", 2012, None)]
    assert "UZB" not in orgs.membership("csto", "2003-01-01")
    assert orgs.membership("csto", "2010-01-01")["UZB"] == "member"
    assert orgs.membership("csto", "2020-01-01")["UZB"] == "suspended"


def test_csto_members_today():
    now = orgs.membership("csto", "2025-06-01")
    assert {k for k, v in now.items() if v == "member"} == {"RUS", "BLR", "KAZ", "KGZ", "TJK"}
    assert now["ARM"] == "frozen"


def test_brics_enlargement():
    members = {k for k, v in orgs.membership("brics", "2024-01-01").items() if v == "member"}
    assert members == {"BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE"}
    assert "SAU" not in orgs.membership("brics", "2025-06-01")  # invited, never confirmed


def test_aukus_exact_set():
    assert orgs.membership("aukus", "2021-09-15") == dict.fromkeys(["AUS", "GBR", "USA"], "member")
    assert orgs.membership("aukus", "2021-09-14") == {}


def test_nato_member_count_after_sweden():
    assert len([s for s in orgs.membership("nato", "2024-03-07").values() if s == "member"]) == 32
    assert len([s for s in orgs.membership("nato", "2024-03-06").values() if s == "member"]) == 31


def test_membership_accepts_dates_datetimes_and_any_name():
    by_str = orgs.membership("sco", "2024-07-04")
    assert orgs.membership("OCS", date(2024, 7, 4)) == by_str
    assert orgs.membership("sco", datetime(2024, 7, 4, 23, 59)) == by_str


def test_former_members():
    assert orgs.former_members("csto", "2025-01-01") == {"AZE", "GEO", "UZB", "ARM"}
    assert orgs.former_members("csto", "2010-01-01") == {"AZE", "GEO"}
    assert orgs.former_members("nato", "2025-01-01") == set()
    # had not become members yet: not "former"
    assert orgs.former_members("sco", "2017-06-09") == set()


def test_history_is_sorted_and_contiguous_for_belarus():
    history = orgs.membership_history("sco", "blr")
    assert [m.status for m in history] == ["dialogue_partner", "observer", "member"]
    assert all(a.end == b.start for a, b in zip(history, history[1:], strict=False))
    assert orgs.membership_history("sco", "FRA") == []


@pytest.mark.parametrize(
    ("name", "org_id"),
    [
        ("OCS", "sco"),
        ("sco", "sco"),
        ("SCO", "sco"),
        ("Organisation de coopération de Shanghai", "sco"),
        ("organisation de cooperation de shanghai", "sco"),
        ("Shanghai Cooperation Organization", "sco"),
        ("Shanghai Five", "sco"),
        ("l'OTAN", "nato"),
        ("l’OTAN", "nato"),
        ("Otan", "nato"),
        ("O.T.A.N.", "nato"),
        ("Organisation du traité de l’Atlantique Nord", "nato"),
        ("North Atlantic Treaty Organization", "nato"),
        ("OTSC", "csto"),
        ("l'Organisation du traité de sécurité collective", "csto"),
        ("CSTO", "csto"),
        ("UEEA", "eaeu"),
        ("eaeu", "eaeu"),
        ("UEE", "eaeu"),
        ("Union économique eurasiatique", "eaeu"),
        ("Eurasian Economic Union", "eaeu"),
        ("BRICS+", "brics"),
        ("les BRICS", "brics"),
        ("AUKUS", "aukus"),
    ],
)
def test_resolve_organisation(name, org_id):
    assert orgs.resolve_organisation(name).id == org_id


def test_unknown_organisation_lists_known_ids():
    with pytest.raises(UnknownOrganisationError) as info:
        orgs.resolve_organisation("ASEAN")
    message = str(info.value)
    assert "'ASEAN'" in message
    for org_id in ("sco", "csto", "brics", "eaeu", "nato", "aukus"):
        assert org_id in message
    assert isinstance(info.value, GeoError)
    with pytest.raises(UnknownOrganisationError):
        orgs.membership("OSCE", "2024-01-01")


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-07", "04/07/2024", "", "yesterday", 20240704])
def test_invalid_date(bad):
    with pytest.raises(InvalidDateError) as info:
        orgs.membership("sco", bad)
    assert repr(bad) in str(info.value)


def test_organisation_records():
    nato = orgs.resolve_organisation("nato")
    assert (nato.display_acronym("fr"), nato.display_acronym("en")) == ("OTAN", "NATO")
    assert nato.display_name("fr") == "Organisation du traité de l'Atlantique nord"
    assert nato.founded == date(1949, 4, 4)
    assert [o.id for o in orgs.organisations()] == ["sco", "csto", "brics", "eaeu", "nato", "aukus"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        nato.id = "otan"


def test_status_labels_cover_every_status():
    assert set(orgs.STATUS_LABELS) == set(orgs.STATUSES)
    assert all(en and fr for en, fr in orgs.STATUS_LABELS.values())
    used = {m.status for o in orgs.organisations() for m in orgs.memberships(o.id)}
    assert used <= set(orgs.STATUSES)


# --------------------------------------------------------------------------- the table itself


def _all_rows() -> list[Membership]:
    return [m for o in orgs.organisations() for m in orgs.memberships(o.id)]


def test_every_row_has_a_source():
    with data_file("memberships.csv").open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle))
    assert len(raw) == len(_all_rows()) > 100
    assert all(row["source"].strip() for row in raw)
    assert all(o.source.strip() for o in orgs.organisations())


def test_data_loads_without_overlaps():
    by_country: dict[tuple[str, str], list[Membership]] = {}
    for m in _all_rows():
        by_country.setdefault((m.org, m.iso3), []).append(m)
    for periods in by_country.values():
        periods.sort(key=lambda m: m.start)
        for a, b in zip(periods, periods[1:], strict=False):
            assert a.end is not None and a.end <= b.start, (a, b)


def test_every_iso3_is_a_real_country_code():
    codes = {m.iso3 for m in _all_rows()}
    try:
        import pycountry
    except ImportError:  # pycountry is a build extra; fall back on the gazetteer's countries
        with data_file("places.tsv").open(encoding="utf-8", newline="") as handle:
            known = {
                r["iso3"] for r in csv.DictReader(handle, delimiter="\t") if r["type"] == "country"
            }
    else:
        known = {c.alpha_3 for c in pycountry.countries}
    assert codes - known == set()


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"iso3": "fr"}, "iso3"),
        ({"iso3": "FRAN"}, "iso3"),
        ({"status": "founding_member"}, "status"),
        ({"end": date(2000, 1, 1)}, "end"),
        ({"end": date(2001, 1, 1)}, "end"),
        ({"source": " "}, "source"),
    ],
)
def test_membership_checks_its_invariants(kwargs, problem):
    base = dict(
        org="sco", iso3="FRA", status="member", start=date(2001, 1, 1), end=None, source="x"
    )
    with pytest.raises(ValueError, match=problem):
        Membership(**{**base, **kwargs})


# --------------------------------------------------------------------------- validation on load

_ORG_HEADER = "id,name_en,name_fr,acronym_en,acronym_fr,aliases,founded,source\n"
_ORG_ROW = "sco,Shanghai Cooperation Organisation,OCS en français,SCO,OCS,OCS,2001-06-15,decl\n"
_MEMBER_HEADER = "org,iso3,status,start,end,source,note\n"


def _write(tmp_path, org_text, member_text):
    org_path, member_path = tmp_path / "organisations.csv", tmp_path / "memberships.csv"
    org_path.write_text(org_text, encoding="utf-8")
    member_path.write_text(member_text, encoding="utf-8")
    return org_path, member_path


def test_overlapping_periods_are_a_data_error_naming_the_rows(tmp_path):
    paths = _write(
        tmp_path,
        _ORG_HEADER + _ORG_ROW,
        _MEMBER_HEADER
        + "sco,IRN,observer,2005-07-05,2023-07-05,a,\n"
        + "sco,IRN,member,2023-07-04,,b,\n",
    )
    with pytest.raises(DataError, match=r"sco/IRN.*memberships\.csv:2.*memberships\.csv:3"):
        orgs._read_tables(*paths)


def test_adjacent_periods_are_fine(tmp_path):
    paths = _write(
        tmp_path,
        _ORG_HEADER + _ORG_ROW,
        _MEMBER_HEADER
        + "sco,IRN,observer,2005-07-05,2023-07-04,a,\n"
        + "sco,IRN,member,2023-07-04,,b,\n",
    )
    tables = orgs._read_tables(*paths)
    assert [m.status for m in tables.by_org["sco"]] == ["observer", "member"]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("sco,IRN,member,2023-07-04,,,\n", "source"),
        ("sco,IRN,member,04/07/2023,,b,\n", "start"),
        ("sco,IRN,boss,2023-07-04,,b,\n", "status"),
        ("asean,IDN,member,1967-08-08,,b,\n", "unknown organisation 'asean'"),
        ("sco,IRN,member,2023-07-04,2023-07-04,b,\n", "end"),
    ],
)
def test_bad_rows_are_data_errors_with_their_line(tmp_path, rows, problem):
    paths = _write(tmp_path, _ORG_HEADER + _ORG_ROW, _MEMBER_HEADER + rows)
    with pytest.raises(DataError, match="memberships.csv:2") as info:
        orgs._read_tables(*paths)
    assert problem in str(info.value)


def test_alias_claimed_by_two_organisations_is_a_data_error(tmp_path):
    clash = "otan,Other,Autre,OT,OCS,OCS,2001-01-01,src\n"
    paths = _write(tmp_path, _ORG_HEADER + _ORG_ROW + clash, _MEMBER_HEADER)
    with pytest.raises(DataError, match="OCS"):
        orgs._read_tables(*paths)
