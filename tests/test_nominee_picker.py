"""The nominee picker of the dossier form (issue 8): searching the registry within the officer's unit tree
without accents, picking links the dossier to exactly that record (checked on the server), possible
duplicates are offered before a new person is created, and the collective form asks no gender or year."""
import json
import re

import lxml.html
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Collective, CollectiveKind, Dossier, Gender, NomineeKind, Person, Role
from app.text import fold


def make_person(unit, name, birth_year=1980, **kw) -> Person:
    person = Person(full_name=name, search_key=fold(name), birth_year=birth_year, unit_id=unit.id if unit else None,
                    gender=kw.pop("gender", Gender.FEMALE), position=kw.pop("position", "Chuyên viên"), **kw)
    db.session.add(person)
    db.session.flush()
    return person


def make_collective(unit, name, kind=CollectiveKind.UNIT, **kw) -> Collective:
    collective = Collective(kind=kind, name=name, search_key=fold(name), unit_id=unit.id if unit else None, **kw)
    db.session.add(collective)
    db.session.flush()
    return collective


@pytest.fixture
def setup(make, app):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    sub_unit = make.make_unit("Phòng Quản lý khoa học", parent=unit)
    other_unit = make.make_unit("Sở Y tế")
    officer = make.make_actor(Role.OFFICER, unit=unit)
    campaign, award = make.make_campaign(2025), make.make_award(for_household=True)
    client = make.signed_in_client(app, officer)
    client.post("/language/en")
    return {"unit": unit, "sub_unit": sub_unit, "other_unit": other_unit, "officer": officer,
            "campaign": campaign, "award": award, "client": client}


def form_data(setup, **changes) -> dict:
    data = {
        "campaign_id": setup["campaign"].id, "award_id": setup["award"].id, "nominee_kind": "individual",
        "nominee_name": "Đặng Thị Hồng", "nominee_gender": "female", "nominee_birth_year": "1985",
        "nominee_position": "Trưởng phòng", "nominee_unit_id": "", "achievement_summary": "Hoàn thành xuất sắc",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def search(setup, query, kind="individual") -> str:
    response = setup["client"].get("/registry/picker", query_string={"picker_q": query, "nominee_kind": kind},
                                   headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def picked_ids(html: str, button: str = "pick_person") -> list[int]:
    return [int(v) for v in re.findall(rf'name="{button}" value="(\d+)"', html)]


def only_dossier() -> Dossier:
    db.session.expire_all()
    return db.session.scalars(select(Dossier)).one()


def people_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


# --- search -------------------------------------------------------------------------------------

def test_search_is_unaccented_and_limited_to_the_officers_unit_tree(setup):
    mine = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    in_sub_unit = make_person(setup["sub_unit"], "Đặng Thị Hồng Nhung", 1990)
    elsewhere = make_person(setup["other_unit"], "Đặng Thị Hồng", 1985)
    db.session.commit()
    found = picked_ids(search(setup, "dang thi hong"))
    assert set(found) == {mine.id, in_sub_unit.id}
    assert elsewhere.id not in found
    # Year of birth and unit narrow it down; the typed case and accents do not matter.
    assert picked_ids(search(setup, "HONG 1990")) == [in_sub_unit.id]
    assert picked_ids(search(setup, "hồng quản lý")) == [in_sub_unit.id]
    assert picked_ids(search(setup, "dang thi hong 1970")) == []
    assert "No one in your registry matches" in search(setup, "nobody")
    # Wildcards are text, not patterns.
    assert picked_ids(search(setup, "%")) == []


def test_the_pick_button_carries_the_fields_it_fills(setup):
    person = make_person(setup["sub_unit"], "Lê Văn Tám", 1979, gender=Gender.MALE, position="Kỹ sư")
    db.session.commit()
    button = lxml.html.fromstring(search(setup, "le van tam")).xpath("//button[@data-pick]")[0]
    fill = json.loads(button.get("data-pick"))
    assert fill["nominee_person_id"] == str(person.id)
    assert fill["nominee_gender"] == "male"
    assert fill["nominee_unit_id"] == str(setup["sub_unit"].id)
    assert "Lê Văn Tám" in button.get("aria-label")


def test_collectives_units_and_households_are_searched_by_kind(setup):
    enterprise = make_collective(setup["unit"], "Công ty Cổ phần Phần mềm Gia Lai", CollectiveKind.ENTERPRISE,
                                 tax_code="5900123456")
    home = make_collective(setup["unit"], "Hộ ông Rơ Mah Hiếu", CollectiveKind.HOUSEHOLD, address="Làng Ia Krêl")
    make_collective(setup["other_unit"], "Công ty Phần mềm Sở Y tế", CollectiveKind.ENTERPRISE)
    db.session.commit()
    html = search(setup, "phan mem", "collective")
    assert picked_ids(html, "pick_collective") == [enterprise.id]
    assert picked_ids(search(setup, "5900123", "collective"), "pick_collective") == [enterprise.id]
    # A unit of the tree without a record yet is offered too (its record is created on save).
    assert picked_ids(search(setup, "quan ly khoa hoc", "collective"), "pick_unit") == [setup["sub_unit"].id]
    assert picked_ids(search(setup, "ro mah", "household"), "pick_collective") == [home.id]
    assert picked_ids(search(setup, "ro mah", "collective"), "pick_collective") == []
    assert picked_ids(search(setup, "ro mah", "individual")) == []


def test_only_an_officer_searches(make, app):
    appraiser = make.make_actor(Role.APPRAISER)
    client = make.signed_in_client(app, appraiser)
    assert client.get("/registry/picker?picker_q=hong").status_code == 403


# --- picking and saving -------------------------------------------------------------------------

def test_picking_links_the_dossier_to_exactly_that_record(setup):
    person = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    namesake = make_person(setup["unit"], "Đặng Thị Hồng", 1985)  # an older duplicate: the pick decides
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_person_id=str(namesake.id)))
    assert response.status_code == 303
    dossier = only_dossier()
    assert dossier.nominee_person_id == namesake.id != person.id
    assert people_count() == 2
    # Editing the printed fields of a picked nominee keeps the link.
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_person_id=str(namesake.id), nominee_name="Đặng Thị Hồng (Hồng Đặng)", nominee_birth_year="1986",
        version=str(dossier.version)))
    assert response.status_code == 303
    dossier = only_dossier()
    assert (dossier.nominee_person_id, dossier.nominee_name) == (namesake.id, "Đặng Thị Hồng (Hồng Đặng)")
    assert people_count() == 2


def test_the_edit_form_carries_the_link_and_shows_it(setup):
    person = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    db.session.commit()
    setup["client"].post("/dossiers/new", data=form_data(setup, nominee_person_id=str(person.id)))
    dossier = only_dossier()
    page = lxml.html.fromstring(setup["client"].get(f"/dossiers/{dossier.id}/edit").get_data(as_text=True))
    assert page.xpath('//input[@name="nominee_person_id"]/@value') == [str(person.id)]
    assert page.xpath('//*[@id="nominee-picked"]/@hidden') == []
    assert "Đặng Thị Hồng" in page.xpath('string(//*[@id="nominee-picked"])')


@pytest.mark.parametrize("forged", ["elsewhere", "collective", "merged", "junk", "huge"])
def test_a_forged_or_stale_record_id_is_refused(setup, forged):
    elsewhere = make_person(setup["other_unit"], "Đặng Thị Hồng", 1985)
    team = make_collective(setup["unit"], "Phòng Kế hoạch")
    kept = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    merged = make_person(setup["unit"], "Dang Thi Hong", 1985)
    from app.models.base import utcnow
    merged.merged_into_id, merged.merged_at = kept.id, utcnow()
    db.session.commit()
    fields = {"elsewhere": {"nominee_person_id": str(elsewhere.id)},
              "collective": {"nominee_collective_id": str(team.id)},  # a collective for an individual
              "merged": {"nominee_person_id": str(merged.id)},
              "junk": {"nominee_person_id": "²"},
              "huge": {"nominee_person_id": "99999999999"}}[forged]
    response = setup["client"].post("/dossiers/new", data=form_data(setup, **fields))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_a_household_record_is_no_collective(setup):
    home = make_collective(setup["unit"], "Hộ ông Rơ Mah Hiếu", CollectiveKind.HOUSEHOLD)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_kind="collective", nominee_name="Hộ ông Rơ Mah Hiếu", nominee_gender="",
        nominee_birth_year="", nominee_collective_id=str(home.id)))
    assert response.status_code == 422
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_kind="household", nominee_name="Hộ ông Rơ Mah Hiếu", nominee_gender="",
        nominee_birth_year="", nominee_collective_id=str(home.id)))
    assert response.status_code == 303
    assert only_dossier().nominee_collective_id == home.id


def test_picking_without_javascript_fills_the_fields_and_saves_nothing(setup):
    person = make_person(setup["sub_unit"], "Lê Văn Tám", 1979, gender=Gender.MALE, position="Kỹ sư")
    db.session.commit()
    blank = form_data(setup, nominee_name="", nominee_gender="", nominee_birth_year="", nominee_position="")
    # The search button lists the matches in the form itself.
    listed = setup["client"].post("/dossiers/new", data=dict(blank, picker_q="le van tam", picker_search="Search"))
    assert listed.status_code == 200
    assert picked_ids(listed.get_data(as_text=True)) == [person.id]
    # A "Choose" button fills the fields and the hidden id.
    chosen = setup["client"].post("/dossiers/new", data=dict(blank, pick_person=str(person.id)))
    assert chosen.status_code == 200
    page = lxml.html.fromstring(chosen.get_data(as_text=True))
    assert page.xpath('//input[@name="nominee_person_id"]/@value') == [str(person.id)]
    assert page.xpath('//input[@name="nominee_name"]/@value') == ["Lê Văn Tám"]
    assert page.xpath('//input[@name="nominee_birth_year"]/@value') == ["1979"]
    assert page.xpath('//select[@name="nominee_gender"]/option[@selected]/@value') == ["male"]
    assert page.xpath('//select[@name="nominee_unit_id"]/option[@selected]/@value') == [str(setup["sub_unit"].id)]
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0
    # Choosing someone outside the unit tree that way is refused too.
    elsewhere = make_person(setup["other_unit"], "Lê Văn Tám", 1979)
    db.session.commit()
    assert setup["client"].post("/dossiers/new", data=dict(blank, pick_person=str(elsewhere.id))).status_code == 422


# --- possible duplicates ------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    {"nominee_name": "DANG THI HONG"},  # same folded name and year of birth
    {"nominee_name": "Đặng Thị Hồng", "nominee_birth_year": "1970"},  # same folded name, same unit
    {"nominee_name": "Đặng Thi Hong", "nominee_birth_year": "1985"},  # unaccented
    {"nominee_name": "Đặng Thị Hồngg"},  # close: a typo, same year of birth
])
def test_a_likely_duplicate_is_offered_before_a_new_person_is_created(setup, typed):
    person = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup, **typed))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This person may already be in the registry" in html
    assert picked_ids(html) == [person.id]
    assert 'name="confirm_new_person"' in html
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0
    # The officer confirms: a new person, even with the very same name, year and unit.
    response = setup["client"].post("/dossiers/new", data=form_data(setup, confirm_new_person="1", **typed))
    assert response.status_code == 303
    dossier = only_dossier()
    assert dossier.nominee_person_id != person.id
    assert people_count() == 2


def test_no_offer_for_another_person_or_another_units_namesake(setup):
    make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    make_person(setup["other_unit"], "Trần Văn Bình", 1980)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_name="Trần Văn Bình",
                                                                     nominee_birth_year="1980"))
    assert response.status_code == 303
    assert people_count() == 3
    assert only_dossier().nominee_person.unit_id == setup["unit"].id


# --- collectives and households -----------------------------------------------------------------

def test_the_form_asks_gender_and_year_of_birth_of_an_individual_only(setup):
    """The fields are wrapped so that the stylesheet hides them for a collective or a household (CSS :has,
    no script), and the server stores neither for them."""
    page = lxml.html.fromstring(setup["client"].get("/dossiers/new").get_data(as_text=True))
    for name in ("nominee_gender", "nominee_birth_year"):
        wrapper = page.xpath(f'//*[@name="{name}"]/ancestor::div[contains(@class, "individual-only")]')
        assert wrapper, name
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "app/static/css/app.css").read_text(encoding="utf-8")
    assert re.search(r"#dossier-form:has\(input\[name=nominee_kind\]:checked:not\(\[value=individual\]\)\) "
                     r"\.individual-only \{ display: none; \}", css)
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_kind="collective", nominee_name="Phòng Quản lý khoa học",
        nominee_unit_id=str(setup["sub_unit"].id)))
    assert response.status_code == 303
    dossier = only_dossier()
    assert dossier.nominee_gender is None and dossier.nominee_birth_year is None
    assert (dossier.nominee_collective.kind, dossier.nominee_collective.unit_id) == (CollectiveKind.UNIT,
                                                                                     setup["sub_unit"].id)
    assert dossier.nominee_kind is NomineeKind.COLLECTIVE


def test_the_dossiers_own_person_stays_linked_after_moving_to_another_unit(setup):
    """The record a dossier proposes stays pickable on its edit form even once it left the unit tree."""
    person = make_person(setup["unit"], "Đặng Thị Hồng", 1985)
    db.session.commit()
    setup["client"].post("/dossiers/new", data=form_data(setup, nominee_person_id=str(person.id)))
    dossier = only_dossier()
    db.session.get(Person, person.id).unit_id = setup["other_unit"].id
    db.session.commit()
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_person_id=str(person.id), achievement_summary="Bổ sung", version=str(dossier.version)))
    assert response.status_code == 303
    assert only_dossier().nominee_person_id == person.id
