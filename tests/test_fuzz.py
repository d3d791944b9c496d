"""Hostile input gets a clean answer, never a 500, and a refused request writes nothing (issue 13, item 7).

First the reported cases, one test each. Then Hypothesis walks the whole app on the demo data (plus a
council session), as each role and anonymously:

* every route of the app's url_map — a route added later is walked without editing this file — with
  real and hostile values in its path, hostile query strings and hostile form fields;
* every form the pages show each role (found by crawling from the home page, so a new form is covered
  too), sent with some fields kept, some dropped and some replaced by hostile values: numbers beyond
  the columns' range, "²" and other digits ``int()`` refuses or accepts, NUL, very long strings,
  right-to-left and zero-width characters, dates that do not exist, hostile file names and contents.

Every request must answer below 500 (in testing Flask raises the view's exception instead) and, when it
was refused (4xx, or a flashed error), must not have committed any write. Runs are repeatable
(``derandomize``) and sized to about a minute per database.
"""
import io
import re
from collections import Counter, deque
from urllib.parse import parse_qsl, quote, urlsplit

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from app.council import operations as council_operations
from app.extensions import db
from app.models import Attachment, AttachmentType, CouncilAgendaItem, Dossier, Role, State, User
from tests.factories import make_council_session, signed_in_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- the reported cases --------------------------------------------------------------------------

TOO_BIG = ["2147483648", "9999999999999999999999", str(2**64)]


@pytest.fixture
def officer_world(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_actor(Role.OFFICER, unit)
    dossier = make.make_complete_dossier(unit, name="Nguyễn Thị Hồng")
    return {"officer": officer, "dossier": dossier, "unit": unit}


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize("template", [
    "/dossiers/{n}", "/dossiers/{n}/edit", "/dossiers/{d}/attachments/{n}", "/scoring/{n}", "/decisions/{n}/download",
    "/dossiers/{n}/act/submit", "/admin/units/{n}/edit",
])
def test_an_id_beyond_the_columns_range_is_not_found(app, make, officer_world, template, number):
    client = signed_in_client(app, make.make_actor(Role.ADMIN) if "/admin/" in template else officer_world["officer"])
    response = client.get(template.format(n=number, d=officer_world["dossier"].id))
    assert response.status_code == 404


def test_every_id_in_a_route_is_bounded_by_the_id_converter(app):
    """The reported URLs stand for all: no route takes an id that could overflow the column."""
    unbounded = [rule.rule for rule in app.url_map.iter_rules() if re.search(r"<int[:(]", rule.rule)]
    assert unbounded == [], "take ids with <id:name> (app/numbers.py)"


@pytest.mark.parametrize("url", ["/dossiers/?page={n}", "/inbox?page={n}", "/dossiers/?page=-{n}",
                                 "/dossiers/?page=²", "/dossiers/?unit={n}&campaign=²&award=-{n}"])
def test_a_page_number_beyond_range_shows_a_page(app, officer_world, url):
    client = signed_in_client(app, officer_world["officer"])
    response = client.get(url.format(n="9999999999999999999999"))
    assert response.status_code == 200


@pytest.mark.parametrize("version", ["abc", "²", "", "99999999999999999999999", "1.0"])
def test_a_broken_version_on_an_action_is_refused_and_changes_nothing(app, officer_world, version):
    dossier = officer_world["dossier"]
    client = signed_in_client(app, officer_world["officer"])
    response = client.post(f"/dossiers/{dossier.id}/act/submit", data={"version": version, "comment": "x"})
    assert response.status_code in (400, 409, 422)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.DRAFT


@pytest.mark.parametrize("extra", [{"version-abc": "1"}, {"version-": "1"}, {"version-²": "1"},
                                   {"version-99999999999999999999": "1"}, {"version-{d}": "²"},
                                   {"version-{d}": "abc"}, {"version-{d}": "99999999999999999999"}])
def test_malformed_versions_in_a_bulk_action_change_nothing(app, make, extra):
    unit = make.make_unit()
    head = make.make_actor(Role.UNIT_HEAD, unit)
    dossier = make.make_complete_dossier(unit, state=State.UNIT_REVIEW)
    data = {"action": "approve", "ids": [str(dossier.id)], "confirm": "1"}
    data.update({key.format(d=dossier.id): value for key, value in extra.items()})
    if f"version-{dossier.id}" not in data:
        data[f"version-{dossier.id}"] = str(dossier.version + 1)  # stale: the refusal shows per dossier
    response = signed_in_client(app, head).post("/inbox/bulk", data=data)
    assert response.status_code in (200, 400, 422)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.UNIT_REVIEW


@pytest.mark.parametrize("ids", ["²", "1,²", "99999999999999999999", "-1", "١"])
def test_odd_digits_in_the_submission_list_ids_are_ignored(app, make, ids):
    unit = make.make_unit()
    head = make.make_actor(Role.UNIT_HEAD, unit)
    response = signed_in_client(app, head).get(f"/inbox/submission-list.xlsx?ids={quote(ids)}")
    assert response.status_code == 404  # nothing selected


@pytest.mark.parametrize("field", ["for", "against", "abstain"])
def test_a_superscript_digit_in_council_votes_is_refused_beside_the_row(app, make, field):
    secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))
    session = make_council_session()
    dossier = make.make_complete_dossier(make.make_unit(), state=State.COUNCIL_REVIEW)
    [item] = council_operations.add_to_agenda(secretary, session, [dossier.id])
    votes = {f"{kind}-{item.id}": "3" for kind in ("for", "against", "abstain")}
    votes[f"{field}-{item.id}"] = "²"
    response = signed_in_client(app, secretary).post(f"/council/{session.id}/votes", data=votes)
    assert response.status_code == 422
    assert "whole numbers" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.COUNCIL_REVIEW


@pytest.mark.parametrize("ids", [["²"], ["99999999999999999999"], ["abc", "²"]])
def test_odd_ids_for_the_council_agenda_are_refused_with_a_message(app, make, ids):
    secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))
    session = make_council_session()
    response = signed_in_client(app, secretary).post(f"/council/{session.id}/agenda", data={"ids": ids})
    assert response.status_code == 303  # back to the session, with the refusal flashed
    assert db.session.scalar(select(func.count()).select_from(CouncilAgendaItem)) == 0


@pytest.mark.parametrize("query", ["day=0001-01-01", "day=9999-12-31", "day=2025-W01-1", "day=²", "day=2025-02-30",
                                   "year=99999999999999999999", "year=²", "day=0001-01-01&year=1"])
def test_the_working_days_page_takes_any_date_in_its_address(app, make, query):
    client = signed_in_client(app, make.make_actor(Role.ADMIN))
    assert client.get(f"/admin/working-days/?{query}").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "²", "2025-02-30", "1-1-1", "99999-01-01"])
def test_an_impossible_working_day_override_is_refused_in_the_form(app, make, day):
    client = signed_in_client(app, make.make_actor(Role.ADMIN))
    response = client.post("/admin/working-days/new", data={"day": day, "is_working_day": "1", "note": "x"})
    assert response.status_code == 422


@pytest.mark.parametrize("name", ["giay-khen\x00.pdf", "\x00", "a\x00\x00b.pdf"])
def test_a_nul_in_an_uploaded_file_name_is_refused_and_stores_nothing(app, make, officer_world, name):
    dossier = officer_world["dossier"]
    attachment_type = make.make_attachment_type()
    client = signed_in_client(app, officer_world["officer"])
    before = db.session.scalar(select(func.count()).select_from(Attachment))
    response = client.post(f"/dossiers/{dossier.id}/attachments",
                           data={"type_id": str(attachment_type.id), "file": (io.BytesIO(PDF), name)})
    assert response.status_code in (400, 422)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == before
    assert db.session.get(AttachmentType, attachment_type.id) is not None


# --- the walk ------------------------------------------------------------------------------------

# Values nobody types but a client can send: numbers around every limit, digits int() takes or refuses,
# control, invisible and right-to-left characters, markup, long strings, impossible dates.
HOSTILE = [
    "", " ", "0", "-1", "1", "2", "1.5", "1e3", "0x10", "2147483647", "2147483648", "-2147483649",
    str(2**63), str(2**64), "9" * 30, "9" * 5000, "²", "١٢", "٣", "１２", "½", "NaN", "inf",
    "\x00", "a\x00b", "\x01\x02", "\x7f", "\u202eevil", "\u200b", "\ufeff1", "\u2066x\u2069", "\u00ad",
    "x" * 300, "x" * 20000, "Đặng Thị Hồng" * 50, "<script>alert(1)</script>", "' OR 1=1 --", "%00",
    "../../etc/passwd", "2025-02-30", "0001-01-01", "9999-12-31", "2025-W01-1", "20250101", "31/12/2025",
    "1-1-1", "99999-01-01", "true", "on", "y", "None", "null", "[]", "{}",
]
HOSTILE_VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(st.characters(exclude_characters="\x00"), max_size=40),  # NUL has its own entries: a 400 up front
)
# Names views read that no page shows before the request that needs them (the bulk confirmation's
# versions appear only on its preview), and query arguments no link on the demo data carries.
EXTRA_NAMES = ["page", "q", "state", "sort", "campaign", "award", "unit", "year", "day", "date", "working", "parent",
               "ids", "award_id", "campaign_id", "dossier_id", "source_id", "confirm", "action", "comment", "version",
               "version-1", "next", "reason", "role", "active"]
# "version-12", "for-3", "score-7": one name per record, "<prefix>-<id>".
PER_RECORD = re.compile(r"^([a-z_]+)-\d+$")
ROLE_USERNAMES = {"officer": "officer", "unit head": "unithead", "cluster lead": "clusterlead",
                  "appraiser": "appraiser", "secretary": "secretary", "admin": "admin"}
# Refused by design after writing something: a failed login counts towards the username's throttle.
WRITES_WHEN_REFUSED = {"auth.login"}
# What a person would type into an empty field of each kind, so that a form passes but for the field fuzzed.
PLAUSIBLE = {"text": "Nguyễn Văn An", "textarea": "Hoàn thành xuất sắc nhiệm vụ năm 2025.", "number": "1",
             "date": "2026-01-05", "email": "can.bo@gialai.gov.vn", "password": "mat-khau-Dai-2026", "search": "an"}
FILE_CONTENTS = [PDF, b"", b"PK\x03\x04" + b"\x00" * 40, b"\x00" * 100, "Tiêu chí".encode() * 100]
SETTINGS = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class CommitWatch:
    """Whether a write was committed: DML statements followed by a COMMIT on the app's engine."""

    DML = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)

    def __init__(self, engine):
        self.engine, self.pending, self.committed = engine, False, False
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        self.pending = self.pending or bool(self.DML.match(statement))

    def _commit(self, conn):
        self.committed, self.pending = self.committed or self.pending, False

    def _rollback(self, conn):
        self.pending = False

    def reset(self):
        self.pending = self.committed = False

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


class Walker:
    """The demo world, a signed-in client per role, and what crawling each role's pages found: the POST
    requests the pages can send, the values seen in each route's path, the names of query arguments and
    form fields per endpoint, and which roles reach which endpoint."""

    def __init__(self, app):
        self.app = app
        self.adapter = app.url_map.bind("localhost")
        self.users = {role: db.session.scalar(select(User).where(User.username == username))
                      for role, username in ROLE_USERNAMES.items()}
        self.forms: dict[str, list[dict]] = {role: [] for role in ROLE_USERNAMES}
        self.path_values: dict[tuple[str, str], set[str]] = {}
        self.names: dict[str, set[str]] = {}
        self.reached: dict[tuple[str, str], set[str]] = {}
        self.watch = CommitWatch(db.engine)
        self._clients: dict[str | None, object] = {}

    def client(self, role: str | None):
        if role not in self._clients:
            self._clients[role] = (self.app.test_client() if role is None
                                   else signed_in_client(self.app, self.users[role]))
        return self._clients[role]

    def match(self, url: str, method: str = "GET"):
        try:
            return self.adapter.match(urlsplit(url).path, method=method)
        except (HTTPException, RequestRedirect):
            return None, {}

    def names_for(self, endpoint: str) -> list[str]:
        return sorted(self.names.get(endpoint, set()) | set(EXTRA_NAMES))

    def per_record_prefixes(self) -> list[str]:
        return sorted({m.group(1) for names in self.names.values() for name in names | set(EXTRA_NAMES)
                       if (m := PER_RECORD.match(name))})

    def roles_reaching(self, endpoint: str, method: str) -> list[str | None]:
        """The roles whose pages lead to the endpoint, else anyone (an endpoint no page links to)."""
        return sorted(self.reached.get((endpoint, method), set())) or [*ROLE_USERNAMES, None]

    # -- crawling --------------------------------------------------------------------------------

    def crawl(self, role: str, per_endpoint: int = 2, limit: int = 120) -> None:
        """Breadth-first from the home page, a couple of pages per endpoint, collecting forms and links
        (``limit`` pages: enough for the administrator to reach the forms of the sections after the index)."""
        queue, seen, visits = deque(["/"]), set(), Counter()
        while queue and sum(visits.values()) < limit:
            url = queue.popleft()
            endpoint, args = self.match(url)
            # More dossier pages: the first ones listed may be past the stages whose page holds a form.
            cap = per_endpoint + 2 if endpoint == "nominations.detail" else per_endpoint
            if url in seen or endpoint in (None, "static") or visits[endpoint] >= cap:
                continue
            seen.add(url)
            visits[endpoint] += 1
            for name, value in args.items():
                self.path_values.setdefault((endpoint, name), set()).add(str(value))
            self.names.setdefault(endpoint, set()).update(name for name, _ in parse_qsl(urlsplit(url).query))
            self.reached.setdefault((endpoint, "GET"), set()).add(role)
            _response, page = self.send(role, "GET", url)
            if page is not None:
                for href in page.xpath("//a/@href | //*/@hx-get"):
                    if href.startswith("/") and not href.startswith("//"):
                        queue.append(href.split("#")[0])
                self._add_forms(role, page, url)

    def harvest(self) -> None:
        """Send each form once as a person would, and keep the forms its answer shows (the bulk action's
        confirmation, with the versions it previewed, exists only as the answer to its first step)."""
        for role, forms in self.forms.items():
            for form in list(forms):
                if not form["endpoint"].startswith("auth."):
                    _response, page = self.send(role, "POST", form["action"], dict(form["fields"]))
                    if page is not None:
                        self._add_forms(role, page, form["action"])

    def _add_forms(self, role: str, page, url: str) -> None:
        known = {(form["action"], tuple(sorted(form["fields"]))) for form in self.forms[role]}
        for form in self._forms_of(page, url):
            if (form["action"], tuple(sorted(form["fields"]))) not in known:
                self.forms[role].append(form)
                self.reached.setdefault((form["endpoint"], "POST"), set()).add(role)

    def _forms_of(self, page, url: str) -> list[dict]:
        """The POST requests a page can send: forms (to their action, or a button's formaction) and htmx
        posts (an element's hx-post, with the fields of the form around it)."""
        found = []
        for element in page.xpath("//form | //*[@hx-post]"):
            form = element if element.tag == "form" else next(iter(element.iterancestors("form")), None)
            fields, files = ({}, {}) if form is None else self._fields_of(form)
            targets = [element.get("hx-post")] if element.get("hx-post") else []
            if element.tag == "form" and (element.get("method") or "get").lower() == "post":
                targets += element.xpath(".//button/@formaction") or [element.get("action") or url]
            for target in targets:
                endpoint = self.match(target, "POST")[0]
                if endpoint is not None:
                    self.names.setdefault(endpoint, set()).update(fields)
                    found.append({"action": target, "endpoint": endpoint, "fields": fields, "files": files})
        return found

    @staticmethod
    def _fields_of(form) -> tuple[dict, dict]:
        """What a person would send: name -> values as the page fills them (an empty field filled with
        something plausible, the first of a group of checkboxes ticked), and the file inputs."""
        fields: dict[str, list[str]] = {}
        files: dict[str, str] = {}
        for field in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
            name, kind = field.get("name"), (field.get("type") or "text").lower()
            if field.tag == "input" and kind == "file":
                files[name] = field.get("accept") or ""
            elif field.tag == "input" and kind in ("checkbox", "radio"):
                if field.get("checked") is not None:
                    fields.setdefault(name, []).append(field.get("value") or "on")
                elif name not in fields and not [f for f in form.xpath(".//input[@checked]") if f.get("name") == name]:
                    fields[name] = [field.get("value") or "on"]
            elif field.tag == "select":
                options = [o.get("value", o.text_content()) for o in field.xpath(".//option")]
                chosen = [o.get("value", o.text_content()) for o in field.xpath(".//option[@selected]")]
                fields[name] = chosen or [next((o for o in options if o), "")]
            elif field.tag == "textarea":
                fields[name] = [field.text_content() or PLAUSIBLE["textarea"]]
            elif kind not in ("submit", "button", "image", "reset"):
                value = field.get("value") or ("" if kind == "hidden" else PLAUSIBLE.get(kind, PLAUSIBLE["text"]))
                fields.setdefault(name, []).append(value)
        return fields, files

    # -- one request -----------------------------------------------------------------------------

    def send(self, role: str | None, method: str, url: str, data=None, htmx: bool = False):
        """The response and, for an HTML answer, its parsed page; fails on a 500 and on a refusal that wrote."""
        client = self.client(role)
        endpoint = self.match(url, method)[0]
        self.watch.reset()
        response = client.open(url, method=method, data=data, headers={"HX-Request": "true"} if htmx else {})
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        response.close()  # a download streams its file until closed
        # What the end of a real request does: the test's app context (and session) outlives this one.
        db.session.rollback()
        # /readyz answers 503 by design here: the test database is made by create_all, never stamped by
        # migrations (app/ops/health.py); any other 5xx is a bug.
        assert response.status_code < 500 or (endpoint == "ops.readyz" and response.status_code == 503), (
            method, url, response.status_code)
        refused = self._flashed_refusal(client) or response.status_code >= 400
        if refused and endpoint not in WRITES_WHEN_REFUSED:
            assert not self.watch.committed, f"refused with {response.status_code} but wrote: {method} {url}"
        if endpoint is None or endpoint.startswith("auth."):
            self._clients.pop(role, None)  # logged out, or another language: start the next request afresh
        return response, (lxml.html.fromstring(html) if html.strip() else None)

    @staticmethod
    def _flashed_refusal(client) -> bool:
        """Whether this request flashed an error (for the page it redirects to); the flashes are then
        dropped, as that page would, so that the next request's are its own."""
        with client.session_transaction() as session:
            flashes = session.pop("_flashes", [])
        return any(category in ("danger", "error", "warning") for category, _ in flashes)


@pytest.fixture
def walker(app):
    """The demo data, a council session with the dossiers awaiting the council on its agenda, and what
    each role's pages show."""
    from app.demo import load

    load()
    secretary = db.session.scalar(select(User).where(User.username == "secretary"))
    session = make_council_session(name="Phiên họp thử")
    waiting = [d.id for d in council_operations.pending_candidates(session)]
    if waiting:
        council_operations.add_to_agenda(secretary, session, waiting)
    db.session.commit()
    walker = Walker(app)
    for role in ROLE_USERNAMES:
        walker.crawl(role)
    walker.harvest()
    yield walker
    walker.watch.close()


def _names(walker: Walker, endpoint: str):
    """A field or argument name: one the endpoint reads, or "<prefix>-<id or garbage>"."""
    per_record = st.builds("{}-{}".format, st.sampled_from(walker.per_record_prefixes()),
                           st.one_of(st.sampled_from(["1", "2", "3"]), HOSTILE_VALUES))
    return st.one_of(st.sampled_from(walker.names_for(endpoint)), per_record)


def _fill(rule, values: dict) -> str:
    url = rule.rule
    for name, value in values.items():
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", quote(value, safe="") or "%20", url)
    return url


def _query(values: dict) -> str:
    return "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in values.items()) if values else ""


# Numbers no column holds (beyond 64 bits, so on both databases) and a digit str.isdigit() takes and int() refuses.
SWEEP = ["9" * 30, "²"]


def _walk_route(walker: Walker, rule, method: str) -> None:
    """One route: first every name it may read set at once to each of SWEEP, as each role that reaches it,
    and each id of its path just beyond the column's range; then Hypothesis mixes real values and garbage
    in its path, query string and form."""
    seen = {name: sorted(walker.path_values.get((rule.endpoint, name), ())) or ["1", "2"] for name in rule.arguments}
    names, every_name = _names(walker, rule.endpoint), walker.names_for(rule.endpoint)
    roles = walker.roles_reaching(rule.endpoint, method)
    real = {name: values[0] for name, values in seen.items()}
    for value in SWEEP:
        for role in roles:
            garbage = {name: value for name in every_name}
            walker.send(role, method, _fill(rule, real) + _query(garbage), garbage if method == "POST" else None)
    for name in rule.arguments:  # a number beyond INTEGER that SQLite would still bind: PostgreSQL's refusal
        walker.send(roles[0], method, _fill(rule, {**real, name: "2147483648"}))

    def garbage(data, label: str) -> dict:
        chosen = sorted(data.draw(st.sets(names, max_size=3), label=f"{label} names"))
        return {name: data.draw(HOSTILE_VALUES, label=name) for name in chosen}

    @settings(SETTINGS, max_examples=4)
    @given(data=st.data())
    def walk(data):
        values = {name: data.draw(st.one_of(st.sampled_from(seen[name]), HOSTILE_VALUES), label=name)
                  for name in sorted(rule.arguments)}
        url = _fill(rule, values) + _query(garbage(data, "query"))
        form = garbage(data, "form") if method == "POST" else None
        walker.send(data.draw(st.sampled_from([*roles, None]), label="role"), method, url, form,
                    htmx=data.draw(st.booleans(), label="htmx"))

    walk()


def _send_form(walker: Walker, role: str, form: dict) -> None:
    """One form as a role's page shows it, filled in, then one or two fields replaced by garbage or left out."""
    names = _names(walker, form["endpoint"])

    @settings(SETTINGS, max_examples=6)
    @given(data=st.data())
    def send(data):
        payload: dict = {name: list(values) for name, values in form["fields"].items()}
        if payload:
            for name in data.draw(st.sets(st.sampled_from(sorted(payload)), min_size=1, max_size=2), label="fuzz"):
                payload[name] = data.draw(st.lists(HOSTILE_VALUES, max_size=2), label=name)  # [] leaves it out
        for name in form["files"]:
            if data.draw(st.booleans(), label=f"send {name}"):
                filename = data.draw(st.one_of(st.sampled_from(["a.pdf", "a.xlsx"]), HOSTILE_VALUES), label="name")
                payload[name] = (io.BytesIO(data.draw(st.sampled_from(FILE_CONTENTS), label="content")), filename)
        for name, value in data.draw(st.dictionaries(names, HOSTILE_VALUES, max_size=1), label="extra").items():
            payload.setdefault(name, value)
        walker.send(role, "POST", form["action"], payload, htmx=data.draw(st.booleans(), label="htmx"))

    send()


def test_every_route_and_every_form_answer_hostile_input_without_a_500_or_a_partial_write(walker, app):
    # Every route, with garbage in its path, query string and form (one test: the world takes seconds to build).
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint != "static":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                _walk_route(walker, rule, method)
    # Every form the roles' pages show; the crawl reaches every part of the app (a broken page hides its forms).
    forms = {(form["endpoint"], tuple(sorted(form["fields"])), role): form
             for role, found in walker.forms.items() for form in found}
    assert {"nominations.create", "nominations.upload", "workflow.act", "workflow.bulk", "council.record_votes",
            "scoring.sheet", "admin.unit_create", "admin.working_day_create"} <= {key[0] for key in forms}
    for (_endpoint, _fields, role), form in sorted(forms.items(), key=lambda item: (item[0][0], item[0][2])):
        _send_form(walker, role, form)
