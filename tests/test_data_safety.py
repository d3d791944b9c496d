"""Ordinary use destroys nothing: a removed file is kept (listed as removed, restorable while the dossier
is editable), a deleted draft keeps its rows, history and files, and the history is append-only — the
database refuses to change or delete its rows, and a hash chain per dossier shows any change made
behind the database's back (``flask audit verify``)."""
import io
import os
import re
from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import Attachment, ClusterScoring, Dossier, DossierEvent, Gender, NomineeKind, Role, ScoringEvent
from app.models.history import event_hash
from app.models.states import State
from app.nominations import operations, storage
from app.nominations.operations import NomineeData
from app.scoring import operations as scoring_operations
from app.scoring import proposals
from app.workflow import engine
from tests import factories
from tests.history import history_unlocked
from tests.test_migrations import empty_database_url, fresh_app  # noqa: F401  (fixtures)
from tests.test_scoring_guard import c  # noqa: F401  (fixture: a locked cluster ranking)
from tests.test_uploads import make_pdf

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


def sign_in(app, user):
    """A client of its own, signed in through the login form."""
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return client


@pytest.fixture
def draft(app, make):
    """A draft made through the operations (so it has its history), its unit's officer signed in."""
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    report = make.make_attachment_type(name="Báo cáo thành tích")
    award = make.make_award(required=[report])
    data = NomineeData(campaign=make.make_campaign(), award=award, kind=NomineeKind.INDIVIDUAL, name="Trần Thị Mai",
                       gender=Gender.FEMALE, birth_year=1985, position="Chuyên viên", nominee_unit_id=None,
                       achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
    dossier = operations.create_dossier(officer, data)
    client = sign_in(app, officer)
    return {"dossier": dossier, "type": report, "officer": officer, "client": client, "data": data, "unit": unit}


def upload(draft, name: str = "bao-cao.pdf", content: bytes | None = None) -> Attachment:
    response = draft["client"].post(f"/dossiers/{draft['dossier'].id}/attachments", data={
        "type_id": draft["type"].id, "file": (io.BytesIO(content or make_pdf()), name)})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    return db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()


def remove(draft, attachment: Attachment):
    url = f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}/delete"
    return draft["client"].post(url, headers={"HX-Request": "true"})


def restore(client, attachment: Attachment):
    return client.post(f"/dossiers/{attachment.dossier_id}/attachments/{attachment.id}/restore",
                       headers={"HX-Request": "true"})


def section(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def history(dossier_id: int) -> list[DossierEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier_id)
                                   .order_by(DossierEvent.id)))


# --- removed files are kept --------------------------------------------------------------------------

def test_removing_a_file_keeps_it_on_disk_and_lists_it_as_removed(draft):
    content = make_pdf() + b"%unique\n"
    attachment = upload(draft, "bao-cao.pdf", content)
    path = storage.path_for(attachment.stored_name)

    response = remove(draft, attachment)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-present="no"' in html  # the checklist no longer counts it
    assert "bao-cao.pdf" not in section(html, "attachment-list")
    assert "bao-cao.pdf" in section(html, "removed-attachments")

    with open(path, "rb") as kept:
        assert kept.read() == content
    db.session.expire_all()
    row = db.session.get(Attachment, attachment.id)
    assert row.detached_at is not None and row.detached_by_id == draft["officer"].id
    # Still downloadable, with the same bytes, by whoever sees the dossier.
    download = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.get_data() == content
    download.close()
    assert [e.action for e in history(draft["dossier"].id)][-1] == "detach"


def test_a_removed_file_counts_for_nothing_in_the_checklist_or_the_submit_guard(draft):
    attachment = upload(draft)
    assert remove(draft, attachment).status_code == 200
    db.session.expire_all()
    dossier = db.session.get(Dossier, draft["dossier"].id)
    assert dossier.attachments == [] and [a.id for a in dossier.removed_attachments] == [attachment.id]
    assert dossier.missing_attachment_types() == [draft["type"]]
    assert dossier.missing_items() == ["Báo cáo thành tích"]
    with pytest.raises(engine.WorkflowError, match="Báo cáo thành tích"):
        engine.apply(draft["officer"], dossier, "submit")


def test_the_officer_restores_a_removed_file_with_a_history_row(draft):
    attachment = upload(draft)
    assert remove(draft, attachment).status_code == 200
    page = draft["client"].get(f"/dossiers/{draft['dossier'].id}").get_data(as_text=True)
    assert f"/attachments/{attachment.id}/restore" in page

    response = restore(draft["client"], attachment)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-present="yes"' in html
    assert "bao-cao.pdf" in section(html, "attachment-list")
    assert "removed-attachments" not in html  # nothing removed any more
    db.session.expire_all()
    row = db.session.get(Attachment, attachment.id)
    assert row.detached_at is None and row.detached_by_id is None
    events = history(draft["dossier"].id)
    assert events[-1].action == "restore" and "bao-cao.pdf" in events[-1].comment
    page = draft["client"].get(f"/dossiers/{draft['dossier'].id}").get_data(as_text=True)
    assert "Restored a file" in page


def test_only_the_units_officer_restores_and_only_while_the_dossier_is_editable(app, draft, make):
    attachment = upload(draft)
    assert remove(draft, attachment).status_code == 200
    head = make.make_user(Role.UNIT_HEAD, draft["unit"])
    stranger = make.make_user(Role.OFFICER, make.make_unit())
    head_client = sign_in(app, head)
    page = head_client.get(f"/dossiers/{draft['dossier'].id}").get_data(as_text=True)
    assert "bao-cao.pdf" in section(page, "removed-attachments")  # the head sees what was removed…
    assert "/restore" not in page  # …but may not restore it
    assert restore(head_client, attachment).status_code == 403
    assert restore(sign_in(app, stranger), attachment).status_code == 404

    dossier = db.session.get(Dossier, draft["dossier"].id)
    dossier.state = State.UNIT_REVIEW  # submitted: no longer editable
    db.session.commit()
    page = draft["client"].get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "bao-cao.pdf" in section(page, "removed-attachments") and "/restore" not in page
    assert restore(draft["client"], attachment).status_code == 403
    db.session.expire_all()
    assert db.session.get(Attachment, attachment.id).detached_at is not None


# --- deleting a draft keeps its rows -----------------------------------------------------------------

def test_deleting_a_draft_keeps_its_rows_history_and_files_but_hides_it(draft):
    attachment = upload(draft)
    path = storage.path_for(attachment.stored_name)
    dossier_id = draft["dossier"].id
    before = [e.id for e in history(dossier_id)]

    response = draft["client"].post(f"/dossiers/{dossier_id}/delete")
    assert response.status_code == 303
    assert draft["client"].get(f"/dossiers/{dossier_id}").status_code == 404
    assert "Trần Thị Mai" not in draft["client"].get("/dossiers/").get_data(as_text=True)
    assert "Trần Thị Mai" not in draft["client"].get("/inbox").get_data(as_text=True)

    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None and dossier.deleted_at is not None
    events = history(dossier_id)
    assert [e.id for e in events[:-1]] == before and events[-1].action == "delete"
    assert events[-1].actor_id == draft["officer"].id
    assert db.session.get(Attachment, attachment.id) is not None and os.path.exists(path)
    # The nominee may be proposed again: the deleted draft is no longer an active dossier.
    operations.create_dossier(draft["officer"], draft["data"])
    db.session.commit()


def test_a_cluster_proposal_its_unit_deleted_is_proposed_anew_not_revived(c):  # noqa: F811
    [flag, *_] = proposals.propose(c.lead_user, c.scoring, c.campaign)
    assert flag.unit_id == c.a.id
    operations.delete_dossier(c.officer_a, flag)
    db.session.commit()

    [again, *_] = proposals.propose(c.lead_user, c.scoring, c.campaign)
    db.session.commit()
    assert again.id != flag.id and again.deleted_at is None and again.unit_id == c.a.id
    db.session.expire_all()
    deleted = db.session.get(Dossier, flag.id)
    assert deleted.deleted_at is not None and [e.action for e in deleted.events][-1] == "delete"


# --- the history is append-only ------------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "UPDATE dossier_event SET comment = 'rewritten'",
    "DELETE FROM dossier_event",
    "DELETE FROM dossier",  # would take the history with it
])
def test_the_database_refuses_to_change_or_delete_history(draft, statement):
    db.session.commit()
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text(statement))
    assert [e.action for e in history(draft["dossier"].id)] == ["create"]


@pytest.mark.parametrize("statement", ["UPDATE scoring_event SET comment = 'rewritten'", "DELETE FROM scoring_event"])
def test_the_database_refuses_to_change_or_delete_a_scoring_rounds_audit(make, statement):
    people = make.make_scoring_people()
    past = datetime(2025, 11, 10, 2, 0, tzinfo=UTC)
    scoring = scoring_operations.create_round(people.admin, people.cluster.id, 2025, at=past)
    db.session.commit()
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text(statement))
    db.session.expire_all()
    # A step dated in the past (the demo's) is written with its time, not moved there afterwards.
    assert [(e.action, e.created_at) for e in db.session.get(ClusterScoring, scoring.id).events] == [("create", past)]


def test_every_history_row_is_chained_to_the_one_before(draft):
    attachment = upload(draft)
    assert remove(draft, attachment).status_code == 200
    assert restore(draft["client"], attachment).status_code == 200
    dossier = db.session.get(Dossier, draft["dossier"].id)
    engine.apply(draft["officer"], dossier, "submit")
    db.session.commit()

    events = history(dossier.id)
    assert [e.action for e in events] == ["create", "attach", "detach", "restore", "submit"]
    previous = None
    for event in events:
        assert event.prev_hash == previous
        assert event.hash == event_hash(event.prev_hash, dossier_id=event.dossier_id, action=event.action,
                                        actor_id=event.actor_id, actor_role=event.actor_role,
                                        from_state=event.from_state, to_state=event.to_state,
                                        comment=event.comment, created_at=event.created_at)
        previous = event.hash


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_audit_verify_reports_each_dossier_whose_history_was_tampered_with(app, draft, make):
    other = operations.create_dossier(draft["officer"], NomineeData(
        campaign=draft["data"].campaign, award=draft["data"].award, kind=NomineeKind.INDIVIDUAL,
        name="Lê Văn Bình", gender=None, birth_year=1970, position="", nominee_unit_id=None,
        achievement_summary="Thành tích"))
    upload(draft)
    third = operations.create_dossier(draft["officer"], NomineeData(
        campaign=draft["data"].campaign, award=draft["data"].award, kind=NomineeKind.INDIVIDUAL,
        name="Phạm Thu Hà", gender=None, birth_year=1990, position="", nominee_unit_id=None,
        achievement_summary="Thành tích"))
    operations.update_dossier(draft["officer"], third, NomineeData(
        campaign=draft["data"].campaign, award=draft["data"].award, kind=NomineeKind.INDIVIDUAL,
        name="Phạm Thu Hà", gender=None, birth_year=1990, position="Phó phòng", nominee_unit_id=None,
        achievement_summary="Thành tích"))
    db.session.commit()
    ids = {"changed": draft["dossier"].id, "intact": other.id, "cut": third.id}
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "OK" in result.output

    with db.engine.begin() as connection, history_unlocked(connection):
        connection.execute(text("UPDATE dossier_event SET comment = 'nothing attached' "
                                "WHERE dossier_id = :id AND action = 'attach'"), {"id": ids["changed"]})
        connection.execute(text("DELETE FROM dossier_event WHERE dossier_id = :id AND action = 'create'"),
                           {"id": ids["cut"]})
    result = _verify(app)
    assert result.exit_code == 1
    named = {int(n) for n in re.findall(r"dossier (\d+)", result.output)}
    assert named == {ids["changed"], ids["cut"]}, result.output


# The migration that adds them (migrations/versions/cd142e2c658a_keep_files_drafts_and_history.py), and the one before.
HISTORY_MIGRATION, BEFORE_HISTORY_MIGRATION = "cd142e2c658a", "67f43a1b552a"


def test_migration_chains_the_existing_history_and_installs_the_triggers(fresh_app, make):  # noqa: F811
    upgrade()
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    dossier = make.make_dossier(unit)
    for n in range(3):
        operations._record(dossier, officer, "edit", f"lần {n}")
    deleted = make.make_dossier(unit)
    operations.delete_dossier(officer, deleted)
    db.session.add(ScoringEvent(scoring=make.make_scoring(make.make_cluster()), action="create", actor=officer))
    db.session.commit()
    dossier_id, deleted_id = dossier.id, deleted.id
    db.session.remove()

    # Back to the schema without hashes or triggers (every row stays), then up again.
    downgrade(revision=BEFORE_HISTORY_MIGRATION)
    with db.engine.begin() as connection:
        assert "hash" not in {c["name"] for c in db.inspect(connection).get_columns("dossier_event")}
        connection.execute(text("UPDATE dossier_event SET comment = 'sửa trước khi nâng cấp' WHERE comment = 'lần 1'"))
        # Without deleted_at the deleted draft would be active again: it is withdrawn instead, with its history row.
        assert connection.scalar(text("SELECT state FROM dossier WHERE id = :id"), {"id": deleted_id}) == "withdrawn"
        assert connection.execute(text("SELECT action, to_state FROM dossier_event WHERE dossier_id = :id ORDER BY id"),
                                  {"id": deleted_id}).all() == [("delete", "draft"), ("withdraw", "withdrawn")]
    upgrade(revision=HISTORY_MIGRATION)

    # The models are the head's (a later migration adds a column to the history): read the chain through SQL.
    with db.engine.begin() as connection:
        rows = connection.execute(text("SELECT comment, prev_hash, hash FROM dossier_event WHERE dossier_id = :id "
                                       "ORDER BY id"), {"id": dossier_id}).all()
    assert [row.comment for row in rows] == ["lần 0", "sửa trước khi nâng cấp", "lần 2"]
    assert rows[0].prev_hash is None and rows[1].prev_hash == rows[0].hash
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("UPDATE dossier_event SET comment = 'x'"))
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM dossier_event"))
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("UPDATE scoring_event SET comment = 'x'"))

    # Later migrations keep the triggers (on SQLite, recreating a table in batch mode drops them).
    db.session.remove()  # end the reads above: on PostgreSQL their locks would hold up a later ALTER TABLE
    upgrade()
    for statement in ("UPDATE dossier_event SET comment = 'x'", "UPDATE scoring_event SET comment = 'x'"):
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(text(statement))
    # At the head, the chain written by the history migration still verifies.
    assert fresh_app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    assert [e.comment for e in history(dossier_id)] == ["lần 0", "sửa trước khi nâng cấp", "lần 2"]


def test_event_hash_covers_every_field():
    fields = dict(dossier_id=1, action="submit", actor_id=2, actor_role=Role.OFFICER, from_state=State.DRAFT,
                  to_state=State.UNIT_REVIEW, comment="", created_at=datetime(2025, 5, 1, 2, 0, tzinfo=UTC))
    base = event_hash(None, **fields)
    assert re.fullmatch(r"[0-9a-f]{64}", base)  # a SHA-256, in hex
    changed = [
        event_hash("0" * 64, **fields),
        event_hash(None, **{**fields, "dossier_id": 3}),
        event_hash(None, **{**fields, "action": "withdraw"}),
        event_hash(None, **{**fields, "actor_id": None}),
        event_hash(None, **{**fields, "actor_role": Role.UNIT_HEAD}),
        event_hash(None, **{**fields, "from_state": None}),
        event_hash(None, **{**fields, "to_state": State.RETURNED}),
        event_hash(None, **{**fields, "comment": " "}),
        event_hash(None, **{**fields, "created_at": datetime(2025, 5, 1, 2, 0, 0, 1, tzinfo=UTC)}),
    ]
    assert len({base, *changed}) == len(changed) + 1
