"""Drafting dossiers through the forms: creation per nominee kind, validation beside the field,
the duplicate-nominee rule, NFC names, stale edits and the history rows each change writes."""
import io
import re
import unicodedata

import pytest

from app.extensions import db
from app.models import Attachment, Dossier, DossierEvent, NomineeKind, Role
from app.models.states import State

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def field_errors(html: str, field_id: str) -> list[str]:
    """The error messages rendered inside one field's block (the ``field()`` macro's wrapper)."""
    match = re.search(rf'<div class="mb-3" id="field-{field_id}">(.*?)(?=<div class="mb-3" id="field-|</form>)',
                      html, re.S)
    assert match, f"field {field_id} not rendered"
    return [m.strip() for m in re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', match.group(1), re.S)]


def dossier_count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(Dossier.id)))


@pytest.fixture
def setup(make, login):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_user(Role.OFFICER, unit)
    campaign = make.make_campaign(2025)
    awards = {
        "any": make.make_award(for_household=True),
        "individual_only": make.make_award(for_collective=False, name="Chiến sĩ thi đua cơ sở"),
        "collective_only": make.make_award(for_individual=False, name="Cờ Thi đua của UBND tỉnh"),
    }
    client = login(officer)
    client.post("/language/en")  # messages are asserted in English, whatever the catalogue says
    return {"unit": unit, "officer": officer, "campaign": campaign, "awards": awards, "client": client}


def form_data(setup, **changes) -> dict:
    data = {
        "campaign_id": setup["campaign"].id, "award_id": setup["awards"]["any"].id, "nominee_kind": "individual",
        "nominee_name": "Nguyễn Thị Hồng", "nominee_gender": "female", "nominee_birth_year": "1980",
        "nominee_position": "Trưởng phòng", "nominee_unit_id": "",
        "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("kind,extra", [
    ("individual", {}),
    ("collective", {"nominee_name": "Phòng Quản lý khoa học", "nominee_gender": "", "nominee_birth_year": ""}),
    ("household", {"nominee_name": "Hộ ông Rơ Mah Hiếu", "nominee_gender": "", "nominee_birth_year": "",
                   "nominee_position": "Làng Ia Krêl, xã Ia Grai"}),
])
def test_officer_creates_dossier_for_each_nominee_kind(setup, kind, extra):
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_kind=kind, **extra))
    assert response.status_code == 303
    dossier = db.session.scalar(db.select(Dossier))
    assert response.headers["Location"].endswith(f"/dossiers/{dossier.id}")
    assert dossier.nominee_kind is NomineeKind(kind)
    assert dossier.state is State.DRAFT
    assert dossier.unit_id == setup["unit"].id
    assert dossier.created_by_id == setup["officer"].id
    assert dossier.submitted_at is None
    if kind == "individual":
        assert (dossier.nominee_gender.value, dossier.nominee_birth_year) == ("female", 1980)
    else:
        assert dossier.nominee_gender is None and dossier.nominee_birth_year is None
    page = setup["client"].get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert dossier.nominee_name in page


def test_collective_ignores_stray_gender_and_birth_year(setup):
    """A collective has no gender or birth year even if the form still carries them from a first choice."""
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_kind="collective", nominee_name="Trạm Y tế xã Ia Grai"))
    assert response.status_code == 303
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.nominee_gender is None and dossier.nominee_birth_year is None


def test_new_dossier_form_renders(setup):
    page = setup["client"].get("/dossiers/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert setup["campaign"].name in html
    assert 'name="csrf_token"' in html or "csrf_token" in html


@pytest.mark.parametrize("field,changes,expected", [
    ("nominee_name", {"nominee_name": ""}, "Enter the nominee's name."),
    ("nominee_name", {"nominee_name": "   "}, "Enter the nominee's name."),
    ("nominee_gender", {"nominee_gender": ""}, "Choose the gender."),
    ("nominee_birth_year", {"nominee_birth_year": ""}, "Enter the year of birth."),
    ("nominee_birth_year", {"nominee_birth_year": "1850"}, "Enter a year between"),
    ("nominee_birth_year", {"nominee_birth_year": "2030"}, "Enter a year between"),
    ("nominee_birth_year", {"nominee_birth_year": "abc"}, ""),
    ("achievement_summary", {"achievement_summary": ""}, "Summarise the achievements."),
    ("campaign_id", {"campaign_id": "0"}, ""),
    ("award_id", {"award_id": "0"}, ""),
])
def test_invalid_form_is_refused_with_message_beside_the_field(setup, field, changes, expected):
    response = setup["client"].post("/dossiers/new", data=form_data(setup, **changes))
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True), field)
    assert errors, f"no message beside {field}"
    assert any(expected in e for e in errors), errors
    assert dossier_count() == 0


@pytest.mark.parametrize("award_key,kind", [
    ("individual_only", "collective"),
    ("individual_only", "household"),
    ("collective_only", "individual"),
])
def test_award_not_given_to_this_kind_of_nominee_is_refused(setup, award_key, kind):
    award = setup["awards"][award_key]
    response = setup["client"].post("/dossiers/new", data=form_data(setup, award_id=award.id, nominee_kind=kind))
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True), "nominee_kind")
    assert any(award.name in e for e in errors), errors
    assert dossier_count() == 0


def test_closed_campaign_is_refused(setup, make):
    closed = make.make_campaign(2024, is_open=False)
    form_page = setup["client"].get("/dossiers/new").get_data(as_text=True)
    assert closed.name not in form_page
    response = setup["client"].post("/dossiers/new", data=form_data(setup, campaign_id=closed.id))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "campaign_id") == ["Choose an open campaign."]
    assert dossier_count() == 0


@pytest.mark.parametrize("tampered", ["999999", "inactive", "-1", "x"])
def test_award_id_from_a_tampered_form_is_refused(setup, make, tampered):
    if tampered == "inactive":
        tampered = str(make.make_award(active=False).id)
    response = setup["client"].post("/dossiers/new", data=form_data(setup, award_id=tampered))
    assert response.status_code == 422
    assert len(field_errors(response.get_data(as_text=True), "award_id")) == 1
    assert dossier_count() == 0


def test_nominee_unit_from_another_unit_is_refused(setup, make):
    foreign = make.make_unit("Sở Tài chính")
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_unit_id=foreign.id))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "nominee_unit_id")
    assert dossier_count() == 0


def test_nominee_unit_may_be_a_sub_unit(setup, make):
    sub_unit = make.make_unit("Phòng Kế hoạch - Tài chính", parent=setup["unit"])
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_unit_id=sub_unit.id))
    assert response.status_code == 303
    assert db.session.scalar(db.select(Dossier)).nominee_unit_id == sub_unit.id


@pytest.mark.parametrize("name", ["Nguyễn Thị Hồng", "NGUYỄN THỊ HỒNG", "nguyễn  thị hồng ",
                                  unicodedata.normalize("NFD", "Nguyễn Thị Hồng")])
def test_duplicate_nominee_is_refused_naming_the_existing_dossier(setup, make, name):
    existing = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                 name="Nguyễn Thị Hồng", nominee_birth_year=1980)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup, nominee_name=name))
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True), "nominee_name")
    assert any(f"no. {existing.id}" in e for e in errors), errors
    assert dossier_count() == 1


def test_duplicate_rule_applies_across_units(setup, make):
    """One achievement earns one form province-wide, whichever unit proposed it first."""
    other_unit = make.make_unit("Sở Tài chính")
    make.make_dossier(other_unit, award=setup["awards"]["any"], campaign=setup["campaign"],
                      name="Nguyễn Thị Hồng", nominee_birth_year=1980)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup))
    assert response.status_code == 422
    assert dossier_count() == 1


@pytest.mark.parametrize("changes", [
    {"nominee_birth_year": "1981"},
    {"award_id": "individual_only"},
    {"campaign_id": "other"},
])
def test_same_name_is_no_duplicate_when_birth_year_award_or_campaign_differ(setup, make, changes):
    make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                      name="Nguyễn Thị Hồng", nominee_birth_year=1980)
    if changes.get("award_id") == "individual_only":
        changes = {"award_id": setup["awards"]["individual_only"].id}
    elif changes.get("campaign_id") == "other":
        changes = {"campaign_id": make.make_campaign(2026).id}
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(setup, **changes))
    assert response.status_code == 303
    assert dossier_count() == 2


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.NOT_APPROVED])
def test_an_inactive_dossier_does_not_block_a_new_one(setup, make, state):
    make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                      name="Nguyễn Thị Hồng", nominee_birth_year=1980, state=state)
    db.session.commit()
    assert setup["client"].post("/dossiers/new", data=form_data(setup)).status_code == 303
    assert dossier_count() == 2


def test_duplicate_collective_named_even_when_form_carries_a_birth_year(setup, make):
    existing = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                 name="Trạm Y tế xã Ia Grai", kind=NomineeKind.COLLECTIVE)
    db.session.commit()
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_kind="collective", nominee_name="Trạm Y tế xã Ia Grai", nominee_birth_year="1980"))
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True), "nominee_name")
    assert any(f"no. {existing.id}" in e for e in errors), errors
    assert dossier_count() == 1


def test_editing_into_a_duplicate_is_refused(setup, make):
    make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                      name="Nguyễn Thị Hồng", nominee_birth_year=1980)
    other = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                              name="Trần Văn Bình", nominee_birth_year=1980)
    db.session.commit()
    response = setup["client"].post(f"/dossiers/{other.id}/edit", data=form_data(setup, version=str(other.version)))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "nominee_name")
    db.session.expire_all()
    assert db.session.get(Dossier, other.id).nominee_name == "Trần Văn Bình"


def test_check_duplicate_endpoint_warns_inline(setup, make):
    existing = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                 name="Đặng Văn Lâm", nominee_birth_year=1975)
    db.session.commit()
    data = {"campaign_id": setup["campaign"].id, "award_id": setup["awards"]["any"].id,
            "nominee_kind": "individual", "nominee_name": "dang van lam", "nominee_birth_year": "1975"}
    headers = {"HX-Request": "true"}
    warning = setup["client"].post("/dossiers/check-duplicate", data=data, headers=headers)
    assert warning.status_code == 200
    assert f"no. {existing.id}" in warning.get_data(as_text=True)
    assert "<html" not in warning.get_data(as_text=True)
    clear = setup["client"].post("/dossiers/check-duplicate", data=dict(data, nominee_birth_year="1976"),
                                 headers=headers)
    assert clear.status_code == 200 and clear.get_data(as_text=True).strip() == ""
    # Editing the existing dossier itself must not warn about itself.
    own = setup["client"].post("/dossiers/check-duplicate", data=dict(data, dossier_id=existing.id), headers=headers)
    assert own.get_data(as_text=True).strip() == ""


@pytest.mark.parametrize("data", [{}, {"campaign_id": "abc", "award_id": "x", "nominee_kind": "robot",
                                       "nominee_name": "A", "nominee_birth_year": "nope"}])
def test_check_duplicate_endpoint_tolerates_incomplete_input(setup, data):
    response = setup["client"].post("/dossiers/check-duplicate", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_name_sent_in_nfd_is_stored_in_nfc(setup):
    nfd_name = unicodedata.normalize("NFD", "Đặng Thị Hồng Nhung")
    nfd_position = unicodedata.normalize("NFD", "Phó Giám đốc")
    assert nfd_name != "Đặng Thị Hồng Nhung"
    response = setup["client"].post("/dossiers/new", data=form_data(
        setup, nominee_name="  " + nfd_name + " ", nominee_position=nfd_position))
    assert response.status_code == 303
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.nominee_name == "Đặng Thị Hồng Nhung"
    assert unicodedata.is_normalized("NFC", dossier.nominee_name)
    assert dossier.nominee_position == "Phó Giám đốc"
    assert "dang thi hong nhung" in dossier.search_key
    # …and it is found by both spellings.
    assert "Đặng Thị Hồng Nhung" in setup["client"].get("/dossiers/?q=" + nfd_name).get_data(as_text=True)


def test_edit_saves_changes_and_bumps_version(setup, make):
    dossier = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                name="Trần Văn Bình")
    db.session.commit()
    form = setup["client"].get(f"/dossiers/{dossier.id}/edit").get_data(as_text=True)
    assert 'value="Trần Văn Bình"' in form
    assert re.search(r'name="version" type="hidden" value="1"', form)
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_name="Trần Văn Bính", version="1"))
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Dossier, dossier.id)
    assert saved.nominee_name == "Trần Văn Bính"
    assert saved.version == 2


def test_edit_with_stale_version_is_refused_and_changes_nothing(setup, make):
    dossier = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                name="Trần Văn Bình")
    db.session.commit()
    # Someone else saves first: the version moves on.
    first = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_name="Trần Văn Bình", achievement_summary="Bản của người thứ nhất", version="1"))
    assert first.status_code == 303
    stale = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_name="Tên ghi đè", achievement_summary="Bản cũ", version="1"))
    assert stale.status_code == 409
    assert "changed while you were editing" in stale.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Dossier, dossier.id)
    assert saved.nominee_name == "Trần Văn Bình"
    assert saved.achievement_summary == "Bản của người thứ nhất"
    assert saved.version == 2
    assert [e.action for e in saved.events].count("edit") == 1


def test_invalid_edit_changes_nothing(setup, make):
    dossier = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                name="Trần Văn Bình")
    db.session.commit()
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_name="", version="1"))
    assert response.status_code == 422
    db.session.expire_all()
    saved = db.session.get(Dossier, dossier.id)
    assert saved.nominee_name == "Trần Văn Bình" and saved.version == 1


def test_history_rows_for_create_edit_attach_detach(setup, make):
    client = setup["client"]
    required = make.make_attachment_type(name="Báo cáo thành tích")
    setup["awards"]["any"].required_attachment_types = [required]
    db.session.commit()
    assert client.post("/dossiers/new", data=form_data(setup)).status_code == 303
    dossier = db.session.scalar(db.select(Dossier))
    assert client.post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, achievement_summary="Bổ sung thành tích", version="1")).status_code == 303
    upload = client.post(f"/dossiers/{dossier.id}/attachments", data={
        "type_id": required.id, "file": (io.BytesIO(PDF_BYTES), "bao-cao.pdf")})
    assert upload.status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert 'data-present="yes"' in page  # the checklist ticked
    assert client.post(f"/dossiers/{dossier.id}/attachments/{attachment.id}/delete").status_code == 303
    db.session.expire_all()
    events = db.session.scalars(
        db.select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
    assert [e.action for e in events] == ["create", "edit", "attach", "detach"]
    assert all(e.actor_id == setup["officer"].id and e.actor_role is Role.OFFICER for e in events)
    assert events[0].from_state is None and events[0].to_state is State.DRAFT
    assert "bao-cao.pdf" in events[2].comment and "bao-cao.pdf" in events[3].comment
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    for label in ("Created", "Edited", "Attached a file", "Removed a file"):
        assert label in page


def test_save_racing_another_save_gets_409_not_500(setup, make, monkeypatch):
    """Another officer saves between the version check and the UPDATE: exactly one save wins."""
    from app.nominations import operations

    dossier = make.make_dossier(setup["unit"], award=setup["awards"]["any"], campaign=setup["campaign"],
                                name="Trần Văn Bình")
    db.session.commit()
    real_update = operations.update_dossier

    def racing_update(actor, target, data):
        with db.engine.begin() as other:  # the other officer's transaction, committed first
            other.execute(db.text("UPDATE dossier SET version = version + 1, achievement_summary = 'Bản kia' "
                                  "WHERE id = :id"), {"id": target.id})
        return real_update(actor, target, data)

    monkeypatch.setattr(operations, "update_dossier", racing_update)
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit", data=form_data(
        setup, nominee_name="Tên mới", version="1"))
    assert response.status_code == 409
    assert "changed while you were editing" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Dossier, dossier.id)
    assert saved.nominee_name == "Trần Văn Bình" and saved.achievement_summary == "Bản kia"
    assert [e.action for e in saved.events].count("edit") == 0
