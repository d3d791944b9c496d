"""Issue 12, fixes from a new user's walk, on the server side: which campaign a row is, labels, forms."""
import lxml.html

from app.extensions import db
from app.models import Movement, NomineeKind, Role
from app.models.states import State


def _rows(html: str, xpath: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    return [" ".join(row.text_content().split()) for row in doc.xpath(xpath)]


def test_inbox_and_list_rows_tell_the_campaigns_apart(make, login):
    unit = make.make_unit("Sở Tài chính")
    head = make.make_user(Role.UNIT_HEAD, unit=unit)
    award = make.make_award(name="Cờ thi đua của UBND tỉnh")
    movement = Movement(name="Thi đua đổi mới sáng tạo", start_year=2025, end_year=2030)
    older = make.make_campaign(2025, name="Cờ thi đua", movement=movement)
    newer = make.make_campaign(2026, name="Năm 2026", movement=movement)
    for campaign in (older, newer):
        make.make_complete_dossier(unit, award=award, campaign=campaign, name="Sở Tài chính",
                                   kind=NomineeKind.COLLECTIVE, state=State.UNIT_REVIEW)
    client = login(head)

    inbox = _rows(client.get("/inbox").get_data(as_text=True), '//table[@id="inbox-table"]/tbody/tr')
    assert len(inbox) == 2 and inbox[0] != inbox[1]
    assert any("Cờ thi đua (2025)" in row for row in inbox)
    assert any("Năm 2026" in row for row in inbox)
    listed = _rows(client.get("/dossiers/").get_data(as_text=True), '//tbody[@id="dossier-rows"]/tr')
    assert len(listed) == 2
    assert any("Cờ thi đua (2025)" in row for row in listed) and any("Năm 2026" in row for row in listed)


def test_the_form_campaign_picker_names_the_movement(make, login):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit=unit)
    movement = Movement(name="Thi đua đổi mới sáng tạo", start_year=2025, end_year=2030)
    db.session.add(movement)
    make.make_campaign(2026, name="Năm 2026", movement=movement)
    html = login(officer).get("/dossiers/new").get_data(as_text=True)
    options = _rows(html, '//select[@id="campaign_id"]/option')
    assert "Thi đua đổi mới sáng tạo — Năm 2026" in options


def test_the_vote_note_names_a_session_called_session_once(make):
    """The note reads "Phiên họp %(name)s: …"; a session named "Phiên họp thường kỳ…" said it twice.
    The suite reads English msgids, where the word is "Session"."""
    from datetime import date

    from app.council import operations

    secretary = make.make_actor(Role.SECRETARY)
    dossier = make.make_complete_dossier(make.make_unit(), state=State.COUNCIL_REVIEW)
    for name, note in (("Session 3, first quarter", "Session 3, first quarter: 18 for"),
                       ("March round", "Session March round: 18 for")):
        session = operations.create_session(secretary, operations.SessionData(
            name=name, held_on=date(2026, 3, 10), members_total=21, members_present=19, notes=""))
        [item] = operations.add_to_agenda(secretary, session, [dossier.id])
        operations.record_vote(secretary, item, 18, 1, 0)
        assert dossier.events[-1].comment.startswith(note), dossier.events[-1].comment
        dossier.state = State.COUNCIL_REVIEW  # back on an agenda for the second name
        db.session.flush()


def test_every_icon_only_button_or_link_has_an_accessible_name():
    """A button or link showing only an icon says what it does to a screen reader (aria-label)."""
    import re
    from pathlib import Path

    element = re.compile(r"<(button|a)\b([^>]*)>(.*?)</\1>", re.S)
    unnamed = []
    for path in sorted((Path(__file__).resolve().parents[1] / "app" / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for match in element.finditer(source):
            text = re.sub(r"\{#.*?#\}|<[^>]+>", "", match.group(3), flags=re.S).strip()
            if not text and "aria-label" not in match.group(2):
                unnamed.append(f"{path}:{source.count(chr(10), 0, match.start()) + 1}")
    assert not unnamed, unnamed
