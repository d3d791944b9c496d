"""Merging two records found to be one person, and undoing it (issue 8): everything moves to the person
kept in one transaction, conflicts are chosen or refused, the history lists every moved row on both
people in one batch, undo puts back exactly what moved, and the merged record leaves every search."""
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Discipline,
    DisciplineStatus,
    Dossier,
    Gender,
    Initiative,
    PerformanceRating,
    Person,
    PersonPosition,
    Rating,
    RegistryEntry,
    RegistryEvent,
    RegistrySource,
    Role,
    Scope,
)
from app.nominees import merging
from app.text import fold


def make_person(unit, name, birth_year=1980) -> Person:
    person = Person(full_name=name, search_key=fold(name), birth_year=birth_year, unit_id=unit.id,
                    gender=Gender.FEMALE, position="Chuyên viên")
    db.session.add(person)
    db.session.flush()
    return person


@pytest.fixture
def pair(make):
    """A kept person and a duplicate with one row of everything, a twin entry and a rating conflict."""
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    award = make.make_award(name="Chiến sĩ thi đua cơ sở")
    kept = make_person(unit, "Đặng Thị Hồng", 1985)
    duplicate = make_person(unit, "Dang Thi Hong", 1985)
    kept_entry = RegistryEntry(person=kept, award=award, year=2023, decision_number="12/QĐ-SKHCN",
                               source=RegistrySource.UNIT_DECISION)
    twin = RegistryEntry(person=duplicate, award=award, year=2023, decision_number="12/QĐ-SKHCN",
                         source=RegistrySource.IMPORTED)
    other = RegistryEntry(person=duplicate, award=award, year=2024, decision_number="30/QĐ-SKHCN",
                          source=RegistrySource.IMPORTED)
    ratings = [PerformanceRating(person=kept, year=2023, rating=Rating.HT),
               PerformanceRating(person=duplicate, year=2023, rating=Rating.HTXS),  # conflict
               PerformanceRating(person=kept, year=2022, rating=Rating.HTT),
               PerformanceRating(person=duplicate, year=2022, rating=Rating.HTT),  # the same: left behind
               PerformanceRating(person=duplicate, year=2024, rating=Rating.HTXS)]  # moves
    initiative = Initiative(person=duplicate, title="Số hóa hồ sơ", year=2024, scope=Scope.UNIT)
    discipline = Discipline(person=duplicate, status=DisciplineStatus.UNDER_REVIEW, since=date(2025, 3, 1))
    position = PersonPosition(person=duplicate, unit_id=unit.id, position="Chuyên viên", from_date=date(2020, 1, 1))
    db.session.add_all([kept_entry, twin, other, *ratings, initiative, discipline, position])
    dossier = make.make_dossier(unit, name="Đặng Thị Hồng", nominee_birth_year=1985, nominee_person_id=duplicate.id)
    db.session.flush()
    appraiser = make.make_actor(Role.APPRAISER)
    db.session.commit()
    return {"unit": unit, "kept": kept, "duplicate": duplicate, "twin": twin, "other": other,
            "kept_entry": kept_entry, "ratings": ratings, "initiative": initiative, "discipline": discipline,
            "position": position, "dossier": dossier, "appraiser": appraiser, "award": award}


def owner_ids(pair) -> dict:
    db.session.expire_all()
    return {
        "entries": [db.session.get(RegistryEntry, e.id).person_id for e in (pair["twin"], pair["other"])],
        "ratings": [db.session.get(PerformanceRating, r.id).person_id for r in pair["ratings"]],
        "rating_2023": db.session.get(PerformanceRating, pair["ratings"][0].id).rating,
        "initiative": db.session.get(Initiative, pair["initiative"].id).person_id,
        "discipline": db.session.get(Discipline, pair["discipline"].id).person_id,
        "position": db.session.get(PersonPosition, pair["position"].id).person_id,
        "dossier": db.session.get(Dossier, pair["dossier"].id).nominee_person_id,
        "merged_into": db.session.get(Person, pair["duplicate"].id).merged_into_id,
    }


def test_the_preview_lists_what_moves_and_what_needs_a_choice(pair):
    plan = merging.plan(pair["kept"], pair["duplicate"])
    assert [e.id for e in plan.rows["registry_entry"]] == [pair["twin"].id, pair["other"].id]
    assert [r.id for r in plan.rows["performance_rating"]] == [pair["ratings"][4].id]
    assert [(c.year, c.kept.rating, c.duplicate.rating) for c in plan.conflicts] == [(2023, Rating.HT, Rating.HTXS)]
    assert [r.id for r in plan.same_ratings] == [pair["ratings"][3].id]
    assert [(a.id, b.id) for a, b in plan.twins] == [(pair["kept_entry"].id, pair["twin"].id)]
    assert [d.id for d in plan.rows["dossier"]] == [pair["dossier"].id]
    assert plan.moving_count == 7


def test_a_rating_conflict_without_a_choice_is_refused_and_nothing_moves(pair):
    before = owner_ids(pair)
    with pytest.raises(merging.MergeRefused, match="2023"):
        merging.merge(pair["appraiser"], pair["kept"], pair["duplicate"], reason="Trùng do nhập hai lần")
    db.session.rollback()
    assert owner_ids(pair) == before


def test_everything_moves_the_dossier_keeps_its_printed_name_and_the_history_lists_every_row(pair):
    kept, duplicate = pair["kept"], pair["duplicate"]
    batch = merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng do nhập hai lần",
                          choices={2023: merging.KEEP_DUPLICATE})
    db.session.commit()
    moved = owner_ids(pair)
    assert moved["entries"] == [kept.id, kept.id]
    # The conflict's chosen value stands on the kept row; the same 2022 rating stays behind.
    assert moved["ratings"] == [kept.id, duplicate.id, kept.id, duplicate.id, kept.id]
    assert moved["rating_2023"] is Rating.HTXS
    assert (moved["initiative"], moved["discipline"], moved["position"], moved["dossier"]) == (kept.id,) * 4
    assert moved["merged_into"] == kept.id
    assert db.session.get(Dossier, pair["dossier"].id).nominee_name == "Đặng Thị Hồng"
    lines = db.session.scalars(select(RegistryEvent).where(RegistryEvent.batch == batch)
                               .order_by(RegistryEvent.id)).all()
    assert [(line.action, line.person_id) for line in lines] == [("merge", kept.id), ("merged_into", duplicate.id)]
    detail = lines[0].detail
    assert detail["moved"] == {
        "registry_entry": [pair["twin"].id, pair["other"].id], "initiative": [pair["initiative"].id],
        "discipline": [pair["discipline"].id], "person_position": [pair["position"].id],
        "dossier": [pair["dossier"].id], "performance_rating": [pair["ratings"][4].id]}
    assert detail["rating_changes"] == [{"id": pair["ratings"][0].id, "year": 2023, "from": "ht", "to": "htxs"}]
    assert detail["twin_entries"] == [[pair["kept_entry"].id, pair["twin"].id]]
    assert detail["reason"] == "Trùng do nhập hai lần"
    assert lines[1].detail == detail and lines[0].actor_id == pair["appraiser"].id


def test_undo_restores_exactly_what_moved_and_writes_its_own_history(pair):
    before = owner_ids(pair)
    kept, duplicate = pair["kept"], pair["duplicate"]
    batch = merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng", choices={2023: merging.KEEP_DUPLICATE})
    # A row added to the kept person after the merge stays with it.
    later = PerformanceRating(person=kept, year=2025, rating=Rating.HTT)
    db.session.add(later)
    db.session.commit()
    record = merging.find_merge(batch)
    assert merging.undo_obstacles(record) == []
    undo_batch = merging.undo(pair["appraiser"], record)
    db.session.commit()
    assert owner_ids(pair) == before
    assert db.session.get(PerformanceRating, later.id).person_id == kept.id
    assert db.session.get(Person, duplicate.id).merged_at is None
    lines = db.session.scalars(select(RegistryEvent).where(RegistryEvent.batch == undo_batch)).all()
    assert sorted((line.action, line.person_id) for line in lines) == [("merge_undone", kept.id),
                                                                      ("unmerged", duplicate.id)]
    assert lines[0].detail["undoes"] == batch
    # Undone once: not twice.
    record = merging.find_merge(batch)
    assert record.undone_by is not None
    with pytest.raises(merging.MergeRefused, match="already been undone"):
        merging.undo(pair["appraiser"], record)


def test_undo_is_refused_with_the_reason_when_a_moved_row_went_elsewhere(pair, make):
    kept, duplicate = pair["kept"], pair["duplicate"]
    batch = merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng", choices={2023: merging.KEEP_KEPT})
    # The dossier was since linked to someone else.
    someone = make_person(pair["unit"], "Người khác", 1970)
    db.session.get(Dossier, pair["dossier"].id).nominee_person_id = someone.id
    db.session.commit()
    record = merging.find_merge(batch)
    obstacles = merging.undo_obstacles(record)
    assert len(obstacles) == 1 and f"no. {pair['dossier'].id}" in obstacles[0] and "Dossiers" in obstacles[0]
    with pytest.raises(merging.MergeRefused):
        merging.undo(pair["appraiser"], record)


def test_undo_is_refused_while_the_kept_record_is_merged_further(pair, make):
    kept, duplicate = pair["kept"], pair["duplicate"]
    first = merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng", choices={2023: merging.KEEP_KEPT})
    third = make_person(pair["unit"], "Đặng Thị Hồng", 1985)
    merging.merge(pair["appraiser"], third, kept, reason="Trùng lần nữa")
    db.session.commit()
    obstacles = merging.undo_obstacles(merging.find_merge(first))
    assert any("undo that merge first" in o for o in obstacles)


@pytest.mark.parametrize("case", ["itself", "merged"])
def test_a_record_cannot_merge_into_itself_or_twice(pair, case):
    kept, duplicate = pair["kept"], pair["duplicate"]
    if case == "itself":
        with pytest.raises(merging.MergeRefused):
            merging.plan(kept, kept)
    else:
        merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng", choices={2023: merging.KEEP_KEPT})
        with pytest.raises(merging.MergeRefused):
            merging.plan(kept, duplicate)


# --- screens ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,status", [(Role.OFFICER, 403), (Role.UNIT_HEAD, 403), (Role.SECRETARY, 403),
                                         (Role.APPRAISER, 200), (Role.ADMIN, 200)])
def test_only_appraisers_and_the_administrator_merge(pair, make, app, role, status):
    user = make.make_actor(role, unit=pair["unit"] if role.is_unit_role else None)
    client = make.signed_in_client(app, user)
    assert client.get(f"/registry/people/{pair['kept'].id}/merge").status_code == status
    assert client.get("/registry/merges").status_code == status
    if status == 403:
        response = client.post(f"/registry/people/{pair['kept'].id}/merge",
                               data={"duplicate_id": pair["duplicate"].id, "reason": "x", "rating_2023": "kept"})
        assert response.status_code == 403
        assert owner_ids(pair)["merged_into"] is None
        batch = merging.merge(pair["appraiser"], pair["kept"], pair["duplicate"], reason="Trùng",
                              choices={2023: merging.KEEP_KEPT})
        db.session.commit()
        assert client.post(f"/registry/merges/{batch}/undo").status_code == 403
        assert owner_ids(pair)["merged_into"] == pair["kept"].id


def test_the_person_page_links_the_merge_for_those_who_may_merge(pair, make, app):
    link = f'href="/registry/people/{pair["kept"].id}/merge"'
    appraiser = make.signed_in_client(app, pair["appraiser"])
    assert link in appraiser.get(f"/registry/people/{pair['kept'].id}").get_data(as_text=True)
    officer = make.signed_in_client(app, make.make_actor(Role.OFFICER, unit=pair["unit"]))
    page = officer.get(f"/registry/people/{pair['kept'].id}")
    assert page.status_code == 200 and link not in page.get_data(as_text=True)


def test_unknown_people_and_batches_are_404(pair, make, app):
    client = make.signed_in_client(app, pair["appraiser"])
    assert client.get("/registry/people/999999/merge").status_code == 404
    assert client.get(f"/registry/people/{pair['kept'].id}/merge?duplicate=999999").status_code == 404
    assert client.post("/registry/merges/not-a-batch/undo").status_code == 404
    assert client.post("/registry/merges/00000000-0000-0000-0000-000000000000/undo").status_code == 404


def test_merging_on_screen_then_undoing(pair, make, app):
    client = make.signed_in_client(app, pair["appraiser"])
    client.post("/language/en")
    kept, duplicate = pair["kept"], pair["duplicate"]
    # The likely duplicates are offered first.
    page = client.get(f"/registry/people/{kept.id}/merge").get_data(as_text=True)
    assert f'data-candidate="{duplicate.id}"' in page
    preview = client.get(f"/registry/people/{kept.id}/merge?duplicate={duplicate.id}").get_data(as_text=True)
    assert 'id="merge-conflicts"' in preview and 'id="merge-twins"' in preview
    # Without a choice for 2023 or a reason: refused, nothing moved.
    refused = client.post(f"/registry/people/{kept.id}/merge", data={"duplicate_id": duplicate.id, "reason": "Trùng"})
    assert refused.status_code == 422
    assert "Two different ratings for 2023" in refused.get_data(as_text=True)
    assert client.post(f"/registry/people/{kept.id}/merge", data={
        "duplicate_id": duplicate.id, "reason": "", "rating_2023": "kept"}).status_code == 422
    assert owner_ids(pair)["merged_into"] is None
    done = client.post(f"/registry/people/{kept.id}/merge", data={
        "duplicate_id": duplicate.id, "reason": "Trùng do nhập hai lần", "rating_2023": "kept"})
    assert done.status_code == 303
    assert owner_ids(pair)["merged_into"] == kept.id
    listing = client.get("/registry/merges").get_data(as_text=True)
    batch = db.session.scalar(select(RegistryEvent.batch).where(RegistryEvent.action == "merge"))
    assert f'data-batch="{batch}"' in listing and f"/registry/merges/{batch}/undo" in listing
    assert client.post(f"/registry/merges/{batch}/undo").status_code == 303
    assert owner_ids(pair)["merged_into"] is None
    assert "Undone" in client.get("/registry/merges").get_data(as_text=True)
    again = client.post(f"/registry/merges/{batch}/undo")
    assert again.status_code == 409 and "already been undone" in again.get_data(as_text=True)


def test_a_merged_person_leaves_searches_and_pickers(pair, make, app):
    kept, duplicate = pair["kept"], pair["duplicate"]
    merging.merge(pair["appraiser"], kept, duplicate, reason="Trùng", choices={2023: merging.KEEP_KEPT})
    officer = make.make_actor(Role.OFFICER, unit=pair["unit"])
    client = make.signed_in_client(app, officer)
    found = client.get("/registry/picker", query_string={"picker_q": "dang thi hong", "nominee_kind": "individual"})
    assert f'name="pick_person" value="{kept.id}"' in found.get_data(as_text=True)
    assert f'value="{duplicate.id}"' not in found.get_data(as_text=True)
    # Nor is it found again when a new dossier names it: the kept person is.
    from app.nominees import records
    assert records.find_person("Dang Thi Hong", 1985, pair["unit"].id).id == kept.id
    appraiser = make.signed_in_client(app, pair["appraiser"])
    assert appraiser.get(f"/registry/people/{duplicate.id}/merge").status_code == 404


def test_an_edit_form_opened_before_the_merge_still_saves_onto_the_kept_person(pair, make, app):
    officer = make.make_actor(Role.OFFICER, unit=pair["unit"])
    dossier = pair["dossier"]
    client = make.signed_in_client(app, officer)
    form = client.get(f"/dossiers/{dossier.id}/edit").get_data(as_text=True)
    assert f'name="nominee_person_id" type="hidden" value="{pair["duplicate"].id}"' in form
    merging.merge(pair["appraiser"], pair["kept"], pair["duplicate"], reason="Trùng", choices={2023: merging.KEEP_KEPT})
    db.session.commit()
    d = db.session.get(Dossier, dossier.id)
    response = client.post(f"/dossiers/{dossier.id}/edit", data={
        "campaign_id": d.campaign_id, "award_id": d.award_id, "nominee_kind": "individual",
        "nominee_name": d.nominee_name, "nominee_gender": "female", "nominee_birth_year": "1985",
        "nominee_position": "", "nominee_unit_id": "", "achievement_summary": "Bổ sung",
        "nominee_person_id": str(pair["duplicate"].id), "version": str(d.version)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).nominee_person_id == pair["kept"].id


def test_the_registry_search_links_the_merges_list_for_those_who_may_merge(pair, make, app):
    appraiser = make.signed_in_client(app, pair["appraiser"]).get("/registry/").get_data(as_text=True)
    assert 'id="registry-merges-link"' in appraiser and 'href="/registry/merges"' in appraiser
    officer = make.signed_in_client(app, make.make_actor(Role.OFFICER, unit=pair["unit"]))
    assert 'id="registry-merges-link"' not in officer.get("/registry/").get_data(as_text=True)
