"""Dossier actions through the web: buttons from the table, scoping, refusals and their statuses."""
from datetime import date, timedelta

import lxml.html
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AwardLevel, Dossier, DossierEvent, Role
from app.models.states import State
from app.workflow.calendar import WorkingCalendar
from app.workflow.engine import local_today
from app.workflow.transitions import ACTION_NAMES, TRANSITIONS

YEAR = 2025


class World:
    def __init__(self, make, app):
        self.make, self.app = make, app
        self.unit = make.make_unit("Sở Khoa học và Công nghệ")
        self.lead_unit = make.make_unit("Sở Tài chính")
        self.other_unit = make.make_unit("Sở Y tế")
        self.home_affairs = make.make_unit("Sở Nội vụ")
        make.make_cluster(members=[self.unit, self.lead_unit, self.other_unit], year=YEAR, lead=self.lead_unit)
        self.campaign = make.make_campaign(YEAR)
        self.report = make.make_attachment_type(name="Báo cáo thành tích")
        self.award = make.make_award(required=[self.report])
        self.users = {}

    def user(self, role: Role, unit=None):
        key = (role, unit.id if unit else None)
        if key not in self.users:
            default = {Role.OFFICER: self.unit, Role.UNIT_HEAD: self.unit, Role.CLUSTER_LEAD: self.lead_unit}
            self.users[key] = self.make.make_actor(role, unit or default.get(role, self.home_affairs))
        return self.users[key]

    def client(self, role: Role, unit=None):
        return self.make.signed_in_client(self.app, self.user(role, unit))

    def dossier(self, state=State.DRAFT, award=None, unit=None, **kw):
        if state is State.ON_HOLD:
            kw.setdefault("held_from_state", State.APPRAISAL)
        if state is State.AWARDED:
            kw.setdefault("decision_id", self.make.make_decision(award or self.award).id)
        return self.make.make_complete_dossier(unit or self.unit, award=award or self.award,
                                               campaign=self.campaign, state=state, **kw)


@pytest.fixture
def world(make, app):
    return World(make, app)


def actions_on_page(html: str) -> dict[str, bool]:
    """data-action name → enabled, for the buttons of the dossier page."""
    doc = lxml.html.fromstring(html)
    found = {}
    for element in doc.xpath('//*[@id="dossier-actions"]//*[@data-action]'):
        found[element.get("data-action")] = element.get("disabled") is None
    return found


def count_events(dossier_id: int) -> int:
    query = select(func.count()).select_from(DossierEvent).where(DossierEvent.dossier_id == dossier_id)
    return db.session.scalar(query)


def reload(dossier_id: int) -> Dossier:
    db.session.expire_all()
    return db.session.get(Dossier, dossier_id)


# --- buttons -------------------------------------------------------------------------------------

@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
def test_the_page_shows_exactly_the_buttons_the_table_allows(world, state):
    """For every role in turn: the buttons on the page are the table's rows for that state and role."""
    dossier = world.dossier(state, notice_ends_on=date(2020, 1, 1) if state is State.PUBLIC_NOTICE else None)
    seen, expected = {}, {}
    for role in Role:
        response = world.client(role).get(f"/dossiers/{dossier.id}")
        if state in (State.DRAFT, State.UNIT_REVIEW) and role not in (Role.OFFICER, Role.UNIT_HEAD):
            seen[role], expected[role] = response.status_code, 404  # not yet out of the unit
            continue
        assert response.status_code == 200, role
        seen[role] = actions_on_page(response.get_data(as_text=True))
        expected[role] = dict.fromkeys(
            (t.name for t in TRANSITIONS if t.on_dossier_page and state in t.sources and role in t.roles), True)
    assert seen == expected


@pytest.mark.parametrize("state, role, expected", [
    (State.DRAFT, Role.OFFICER, {"submit"}),  # and "Delete draft", not "Withdraw"
    (State.DRAFT, Role.UNIT_HEAD, set()),
    (State.UNIT_REVIEW, Role.UNIT_HEAD, {"approve", "return", "withdraw"}),
    (State.UNIT_REVIEW, Role.OFFICER, {"withdraw"}),
    (State.RETURNED, Role.OFFICER, {"resubmit", "withdraw"}),
    (State.CLUSTER_REVIEW, Role.CLUSTER_LEAD, {"endorse", "return"}),
    (State.SUBMITTED, Role.APPRAISER, {"accept", "hold"}),
    (State.APPRAISAL, Role.APPRAISER, {"return", "request_supplement", "forward", "hold"}),
    (State.PUBLIC_NOTICE, Role.APPRAISER, {"close_notice", "hold"}),
    (State.COUNCIL_REVIEW, Role.SECRETARY, set()),  # votes are recorded in a council session
    (State.APPROVED, Role.SECRETARY, set()),  # decisions are issued from the decisions screen
    (State.PROPOSED_TO_CENTRAL, Role.SECRETARY, {"record_central"}),
    (State.ON_HOLD, Role.APPRAISER, {"release"}),
    (State.AWARDED, Role.OFFICER, set()),
    (State.SUBMITTED, Role.ADMIN, set()),
    (State.APPRAISAL, Role.CLUSTER_LEAD, set()),
])
def test_buttons_each_role_sees(world, state, role, expected):
    dossier = world.dossier(state)
    html = world.client(role).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert set(actions_on_page(html)) == expected


def test_a_blocked_guard_shows_a_disabled_button_with_its_reason(world, make):
    dossier = make.make_dossier(world.unit, award=world.award, campaign=world.campaign)  # no report attached
    html = world.client(Role.OFFICER).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert actions_on_page(html) == {"submit": False}
    button = lxml.html.fromstring(html).xpath('//*[@data-action="submit"]')[0]
    assert button.tag == "button"
    reason = button.getparent().get("title")
    assert "Still missing" in reason and "Báo cáo thành tích" in reason and "gender" in reason


def test_close_notice_is_disabled_while_the_notice_runs(world):
    ends = WorkingCalendar().add_working_days(local_today(), 4)
    dossier = world.dossier(State.PUBLIC_NOTICE, notice_ends_on=ends)
    html = world.client(Role.APPRAISER).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert actions_on_page(html) == {"close_notice": False, "hold": True}
    reason = lxml.html.fromstring(html).xpath('//*[@data-action="close_notice"]')[0].getparent().get("title")
    assert ends.strftime("%d/%m/%Y") in reason and "4 working days left" in reason


# --- scoping and refusals --------------------------------------------------------------------------

@pytest.mark.parametrize("action", list(ACTION_NAMES) + ["no_such_action"])
def test_another_units_dossier_is_404_for_every_action(world, make, action):
    """Another unit's officer and head, another cluster's lead, the province on a draft: all 404."""
    foreign = make.make_unit("UBND xã Tây Sơn")
    make.make_cluster(members=[foreign, make.make_unit()], year=YEAR, lead=foreign)
    outsiders = [(world.client(Role.OFFICER, world.other_unit), State.APPRAISAL),
                 (world.client(Role.UNIT_HEAD, world.other_unit), State.UNIT_REVIEW),
                 (world.client(Role.CLUSTER_LEAD, foreign), State.CLUSTER_REVIEW),
                 (world.client(Role.APPRAISER), State.UNIT_REVIEW),
                 (world.client(Role.SECRETARY), State.DRAFT)]
    for client, state in outsiders:
        dossier = world.dossier(state)
        url = f"/dossiers/{dossier.id}/act/{action}"
        assert client.get(url).status_code == 404, state
        response = client.post(url, data={"version": dossier.version, "comment": "Lý do", "deadline_days": "5",
                                          "central_number": "1/QĐ", "central_date": "2026-01-05"})
        assert response.status_code == 404, state
        assert reload(dossier.id).state is state and count_events(dossier.id) == 0


def test_a_missing_dossier_is_404(world):
    assert world.client(Role.OFFICER).post("/dossiers/999999/act/submit", data={"version": "1"}).status_code == 404


@pytest.mark.parametrize("state, role, action", [
    (State.UNIT_REVIEW, Role.OFFICER, "approve"),
    (State.DRAFT, Role.UNIT_HEAD, "submit"),
    (State.RETURNED, Role.UNIT_HEAD, "resubmit"),
    (State.SUBMITTED, Role.SECRETARY, "accept"),
    (State.APPRAISAL, Role.SECRETARY, "forward"),
    (State.PUBLIC_NOTICE, Role.SECRETARY, "close_notice"),
    (State.COUNCIL_REVIEW, Role.APPRAISER, "record_vote"),
    (State.PROPOSED_TO_CENTRAL, Role.APPRAISER, "record_central"),
    (State.ON_HOLD, Role.SECRETARY, "release"),
    (State.APPRAISAL, Role.SECRETARY, "hold"),
    (State.APPRAISAL, Role.ADMIN, "withdraw"),
    (State.CLUSTER_REVIEW, Role.UNIT_HEAD, "endorse"),
])
def test_wrong_role_is_403_and_nothing_changes(world, state, role, action):
    dossier = world.dossier(state, notice_ends_on=date(2020, 1, 1) if state is State.PUBLIC_NOTICE else None)
    client = world.client(role)
    assert client.get(f"/dossiers/{dossier.id}/act/{action}").status_code == 403  # no form offered either
    response = client.post(f"/dossiers/{dossier.id}/act/{action}", data={
        "version": dossier.version, "comment": "Lý do", "deadline_days": "5",
        "central_number": "1/QĐ-CTN", "central_date": "2026-01-05"})
    assert response.status_code == 403
    assert reload(dossier.id).state is state and count_events(dossier.id) == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_missing_comment_is_422_with_the_message_in_the_form(world, htmx):
    dossier = world.dossier(State.UNIT_REVIEW)
    headers = {"HX-Request": "true"} if htmx else {}
    response = world.client(Role.UNIT_HEAD).post(f"/dossiers/{dossier.id}/act/return",
                                                 data={"version": dossier.version, "comment": "  "}, headers=headers)
    assert response.status_code == 422
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    card = doc.xpath('//*[@id="action-form-card"]')[0]
    assert "A comment is required" in card.xpath('.//*[@id="action-error"]')[0].text_content()
    assert card.xpath('.//form//textarea[@name="comment"]')
    assert bool(doc.xpath("//nav")) is not htmx  # htmx gets the fragment only
    assert reload(dossier.id).state is State.UNIT_REVIEW and count_events(dossier.id) == 0


def test_form_errors_are_shown_beside_the_field(world):
    dossier = world.dossier(State.APPRAISAL)
    response = world.client(Role.APPRAISER).post(f"/dossiers/{dossier.id}/act/request_supplement",
                                                 data={"version": dossier.version, "comment": "Thiếu",
                                                       "deadline_days": "0"})
    assert response.status_code == 422
    field = lxml.html.fromstring(response.get_data(as_text=True)).xpath('//*[@id="field-deadline_days"]')[0]
    assert "Between 1 and 60 working days" in field.text_content()
    assert reload(dossier.id).state is State.APPRAISAL


def test_a_stale_version_is_409_and_nothing_changes(world):
    """The head opened the return form; meanwhile the officer withdrew the dossier."""
    dossier = world.dossier(State.UNIT_REVIEW)
    head = world.client(Role.UNIT_HEAD)
    form = lxml.html.fromstring(head.get(f"/dossiers/{dossier.id}/act/return").get_data(as_text=True))
    seen_version = form.xpath('//input[@name="version"]')[0].get("value")
    assert world.client(Role.OFFICER).post(f"/dossiers/{dossier.id}/act/withdraw", data={
        "version": seen_version, "comment": "Rút"}).status_code == 303
    events = count_events(dossier.id)
    response = head.post(f"/dossiers/{dossier.id}/act/return", data={"version": seen_version, "comment": "Thiếu"})
    assert response.status_code == 409
    assert "has changed" in response.get_data(as_text=True)
    assert reload(dossier.id).state is State.WITHDRAWN and count_events(dossier.id) == events


def test_a_stale_version_in_the_same_state_is_409(world):
    dossier = world.dossier(State.UNIT_REVIEW)
    old = dossier.version
    appraiser = world.client(Role.APPRAISER)
    dossier.submitted_at = dossier.submitted_at or dossier.created_at  # visible to the province
    db.session.commit()
    for action, data in (("hold", {"comment": "Xác minh"}), ("release", {})):
        assert appraiser.post(f"/dossiers/{dossier.id}/act/{action}",
                              data={"version": reload(dossier.id).version, **data}).status_code == 303
    response = world.client(Role.UNIT_HEAD).post(f"/dossiers/{dossier.id}/act/approve", data={"version": old})
    assert response.status_code == 409 and "has changed" in response.get_data(as_text=True)
    assert reload(dossier.id).state is State.UNIT_REVIEW


def test_htmx_success_answers_204_with_hx_redirect(world):
    dossier = world.dossier(State.UNIT_REVIEW)
    response = world.client(Role.UNIT_HEAD).post(f"/dossiers/{dossier.id}/act/approve",
                                                 data={"version": dossier.version}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/dossiers/{dossier.id}"
    assert reload(dossier.id).state is State.SUBMITTED


def test_plain_success_redirects_303_and_says_what_happened(world):
    dossier = world.dossier(State.DRAFT)
    client = world.client(Role.OFFICER)
    response = client.post(f"/dossiers/{dossier.id}/act/submit", data={"version": dossier.version})
    assert response.status_code == 303 and response.headers["Location"] == f"/dossiers/{dossier.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "done" in page and reload(dossier.id).state is State.UNIT_REVIEW


def test_get_of_an_action_renders_its_form_and_htmx_gets_the_fragment(world):
    dossier = world.dossier(State.UNIT_REVIEW)
    client = world.client(Role.UNIT_HEAD)
    full = client.get(f"/dossiers/{dossier.id}/act/return")
    fragment = client.get(f"/dossiers/{dossier.id}/act/return", headers={"HX-Request": "true"})
    assert full.status_code == fragment.status_code == 200
    assert "<html" in full.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    assert 'name="comment"' in fragment.get_data(as_text=True)
    # An action the state does not offer has no form.
    assert client.get(f"/dossiers/{dossier.id}/act/resubmit").status_code == 404


def test_request_supplement_lists_the_missing_documents_and_sets_the_deadline(world, make):
    minutes = make.make_attachment_type(name="Biên bản họp Hội đồng cơ sở")
    initiative = make.make_attachment_type(name="Xác nhận sáng kiến")
    dossier = world.dossier(State.APPRAISAL)
    response = world.client(Role.APPRAISER).post(f"/dossiers/{dossier.id}/act/request_supplement", data={
        "version": dossier.version, "missing_types": [minutes.id, initiative.id], "deadline_days": "5",
        "comment": "Bổ sung trước hạn"})
    assert response.status_code == 303
    dossier = reload(dossier.id)
    assert dossier.state is State.RETURNED
    assert dossier.stage_due_on == WorkingCalendar.load().add_working_days(local_today(), 5)
    comment = dossier.events[-1].comment
    assert "Biên bản họp Hội đồng cơ sở" in comment and "Xác nhận sáng kiến" in comment
    assert "Bổ sung trước hạn" in comment
    # The officer sees what was asked on the dossier page.
    page = world.client(Role.OFFICER).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Xác nhận sáng kiến" in page


def test_request_supplement_with_only_the_checklist_is_enough(world, make):
    minutes = make.make_attachment_type(name="Biên bản họp Hội đồng cơ sở")
    dossier = world.dossier(State.APPRAISAL)
    response = world.client(Role.APPRAISER).post(f"/dossiers/{dossier.id}/act/request_supplement", data={
        "version": dossier.version, "missing_types": [minutes.id], "deadline_days": "10"})
    assert response.status_code == 303
    assert "Biên bản họp Hội đồng cơ sở" in reload(dossier.id).events[-1].comment


@pytest.mark.parametrize("central_date, status", [(date.today() + timedelta(days=3), 422), (date(2026, 1, 5), 303)])
def test_record_central_through_the_form(world, make, central_date, status):
    award = make.make_award(level=AwardLevel.CENTRAL)
    dossier = world.dossier(State.PROPOSED_TO_CENTRAL, award=award)
    response = world.client(Role.SECRETARY).post(f"/dossiers/{dossier.id}/act/record_central", data={
        "version": dossier.version, "central_number": "125/QĐ-CTN", "central_date": central_date.isoformat()})
    assert response.status_code == status
    expected = State.AWARDED if status == 303 else State.PROPOSED_TO_CENTRAL
    assert reload(dossier.id).state is expected


@pytest.mark.parametrize("action, reason", [("record_vote", "council session"), ("issue_decision", "decisions screen")])
def test_votes_and_decisions_cannot_be_forced_through_the_action_url(world, action, reason):
    state = State.COUNCIL_REVIEW if action == "record_vote" else State.APPROVED
    dossier = world.dossier(state)
    response = world.client(Role.SECRETARY).post(f"/dossiers/{dossier.id}/act/{action}",
                                                 data={"version": dossier.version, "approved": "y"})
    assert response.status_code == 422 and reason in response.get_data(as_text=True)
    assert reload(dossier.id).state is state


ON_PAGE = [pytest.param(t, s, id=f"{t.name}-{s.value}") for t in TRANSITIONS if t.on_dossier_page
           for s in sorted(t.sources, key=lambda s: s.value) if s not in (State.DRAFT, State.UNIT_REVIEW)
           or t.roles & {Role.OFFICER, Role.UNIT_HEAD}]


@pytest.mark.parametrize("transition, state", ON_PAGE)
def test_every_action_form_opens_for_the_role_that_takes_it(world, transition, state):
    award = world.make.make_award(level=AwardLevel.CENTRAL) if transition.name == "record_central" else None
    dossier = world.dossier(state, award=award)
    role = sorted(transition.roles, key=lambda r: r.value)[0]
    response = world.client(role).get(f"/dossiers/{dossier.id}/act/{transition.name}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    form = lxml.html.fromstring(response.get_data(as_text=True)).xpath('//*[@id="action-form-card"]//form')[0]
    assert form.get("action") == f"/dossiers/{dossier.id}/act/{transition.name}"
    assert form.xpath('.//input[@name="version"]')[0].get("value") == str(dossier.version)
    for name in transition.fields:
        assert form.xpath(f'.//*[@name="{name}"]'), name


def test_the_supplement_form_offers_each_document_type_as_a_checkbox(world, make):
    minutes = make.make_attachment_type(name="Biên bản họp Hội đồng cơ sở")
    dossier = world.dossier(State.APPRAISAL)
    html = world.client(Role.APPRAISER).get(f"/dossiers/{dossier.id}/act/request_supplement").get_data(as_text=True)
    boxes = lxml.html.fromstring(html).xpath('//input[@type="checkbox"][@name="missing_types"]')
    assert {b.get("value") for b in boxes} == {str(world.report.id), str(minutes.id)}
