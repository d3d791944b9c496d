"""The fixed texts documents print (``documents.*`` settings): what each one is, its bounds, who changed it.

An office with another Nơi nhận list or another fund name changes the text on /admin/document-texts;
nothing here needs a developer. Each text is declared once below (key, label, description, default,
bounds); the screen lists them all, the readers (app/decisions/texts.py, the payment list) read them.

User text is never a template: it is printed as it is, and text that looks like template syntax
({{ … }}, {% … %}, {# … #}) is refused, so that no one mistakes a value for a placeholder and no later
change that renders it as a template could run it. Every change is recorded (``SettingChange``: the old
and new value, by whom, when). The settings table has no dates: a text changed today prints in every
document rendered from now on (an issued decision keeps its stored DOCX).
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.decisions import life, texts
from app.documents import proposal_snv
from app.extensions import db
from app.models import Setting, User
from app.models.certificates import SettingChange
from app.paperwork import texts as paperwork_texts
from app.text import nfc


@dataclass(frozen=True)
class DocumentText:
    key: str
    label: object               # lazy translated
    description: object
    default: str | Callable[[], str]
    max_length: int = 500
    one_per_line: bool = False  # a list printed one item a line (Nơi nhận)
    max_lines: int = 1
    choices: tuple[str, ...] = ()  # a switch rather than a text: only these values

    def default_value(self) -> str:
        return self.default() if callable(self.default) else self.default


def _province_upper() -> str:
    return current_app.config["PROVINCE_NAME"].upper()


PAYMENT_MONEY_SOURCE = "documents.payment.money_source."   # + the award level: provincial, unit, central
PAYMENT_ISSUER = "documents.payment.issuer"
PAYMENT_SIGNERS = ("documents.payment.preparer_title", "documents.payment.accountant_title",
                   "documents.payment.head_title")

TEXTS: tuple[DocumentText, ...] = (
    DocumentText(texts.MONEY_SOURCE_KEY, _l("Decision: where the bonus money comes from"),
                 _l("Printed in Article 2 of a decision after the total and its words."), texts.MONEY_SOURCE),
    DocumentText(texts.EXECUTORS_KEY, _l("Decision: effect and who executes it"),
                 _l("Article 3 of a decision (“Quyết định này có hiệu lực …”), without the final “./.”."),
                 texts.EXECUTORS, max_length=1500),
    DocumentText(texts.RECIPIENTS_KEYS["decision"], _l("Decision: recipients (Nơi nhận)"),
                 _l("One recipient a line, each ending with “;” and the last with “.”."),
                 lambda: "\n".join(texts.RECIPIENTS), max_length=1500, one_per_line=True, max_lines=20),
    DocumentText(texts.RECIPIENTS_KEYS["proposal"], _l("Proposal to the central level: recipients (Nơi nhận)"),
                 _l("One recipient a line. A proposal has no articles: “Như trên;”, not “Như Điều 3;”."),
                 lambda: "\n".join(texts.PROPOSAL_RECIPIENTS), max_length=1500, one_per_line=True, max_lines=20),
    DocumentText(PAYMENT_MONEY_SOURCE + "provincial", _l("Payment list: fund for provincial awards"),
                 _l("The money source the bonus payment list names for awards the provincial Chairman decides."),
                 "Quỹ Thi đua, khen thưởng của tỉnh", max_length=300),
    DocumentText(PAYMENT_MONEY_SOURCE + "unit", _l("Payment list: fund for unit-level awards"),
                 _l("For awards a unit head or a commune chairman decides: the deciding level's own fund."),
                 "Quỹ Thi đua, khen thưởng của cơ quan, đơn vị", max_length=300),
    DocumentText(PAYMENT_MONEY_SOURCE + "central", _l("Payment list: fund for central awards"),
                 _l("For awards the Prime Minister or the President decides on the province's proposal."),
                 "Quỹ Thi đua, khen thưởng của Trung ương", max_length=300),
    DocumentText(PAYMENT_ISSUER, _l("Payment list: office that draws it up"),
                 _l("Printed top left of the bonus payment list, in capitals as on the office's letterhead."),
                 lambda: f"ỦY BAN NHÂN DÂN TỈNH {_province_upper()}\nSỞ NỘI VỤ", max_length=300,
                 one_per_line=True, max_lines=3),
    DocumentText(PAYMENT_SIGNERS[0], _l("Payment list: preparer's title"), _l("First signature of the list."),
                 "NGƯỜI LẬP BIỂU", max_length=100),
    DocumentText(PAYMENT_SIGNERS[1], _l("Payment list: accountant's title"), _l("Second signature of the list."),
                 "KẾ TOÁN TRƯỞNG", max_length=100),
    DocumentText(PAYMENT_SIGNERS[2], _l("Payment list: head's title"), _l("Third signature (the head of the office)."),
                 "THỦ TRƯỞNG ĐƠN VỊ", max_length=100),
)
# A unit's own decisions (a department head's, a commune chairman's Giấy khen…, DOMAIN.md §10b): "{unit}" is
# replaced by the deciding unit's name (plain replacement, app/decisions/texts.py).
TEXTS += (
    DocumentText(texts.UNIT_MONEY_SOURCE_KEY, _l("Unit's decision: where the bonus money comes from"),
                 _l("Article 2 of a decision a unit head or a commune chairman signs; {unit} stands for the unit's "
                    "name."), texts.UNIT_MONEY_SOURCE),
    DocumentText(texts.UNIT_EXECUTORS_KEY, _l("Unit's decision: effect and who executes it"),
                 _l("Article 3 of a department's or another unit's decision, without the final “./.”; {unit} "
                    "stands for the unit's name."), texts.UNIT_EXECUTORS, max_length=1500),
    DocumentText(texts.LOCAL_EXECUTORS_KEY, _l("Commune's decision: effect and who executes it"),
                 _l("Article 3 of a commune's, ward's or special zone's decision, without the final “./.”; {unit} "
                    "stands for “xã …”, “phường …”."), texts.LOCAL_EXECUTORS, max_length=1500),
    DocumentText(texts.UNIT_RECIPIENTS_KEY, _l("Unit's decision: recipients (Nơi nhận)"),
                 _l("One recipient a line, for the decisions units and communes sign; {unit} stands for the "
                    "unit's name."), lambda: "\n".join(texts.UNIT_RECIPIENTS), max_length=1500, one_per_line=True,
                 max_lines=20),
)
# The Sở Nội vụ's Tờ trình proposing a decision, and how the decision is numbered (app/decisions/life.py).
TEXTS += (
    DocumentText(proposal_snv.RECIPIENTS_KEY, _l("Home Affairs' Tờ trình: recipients (Nơi nhận)"),
                 _l("One recipient a line; the Tờ trình goes up with the draft decision."),
                 lambda: "\n".join(proposal_snv.DEFAULT_RECIPIENTS), max_length=1500, one_per_line=True,
                 max_lines=20),
    DocumentText(proposal_snv.DIRECTOR_TITLE_KEY, _l("Home Affairs' Tờ trình: signer's title"),
                 _l("Printed above the signature (GIÁM ĐỐC, or KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC on two lines)."),
                 "Giám đốc", max_length=100),
    DocumentText(life.NUMBERING_KEY, _l("Decisions: who gives the number"),
                 _l("“register”: the clerk types the number the issuer's register gave when the signature is "
                    "recorded; “app”: the app's register takes the next number at that moment."),
                 "register", max_length=20, choices=("register", "app")),
)
# The process documents' texts (app/paperwork/texts.py declares them beside their defaults).
TEXTS += tuple(DocumentText(key, label, description, paperwork_texts.default(key), max_length=300 * lines,
                            one_per_line=lines > 1, max_lines=lines)
               for key, (label, description, lines) in paperwork_texts.DECLARED.items())
BY_KEY = {text.key: text for text in TEXTS}

# Jinja's and docxtpl's delimiters: a value holding them is refused (user text is never a template).
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str) -> str:
    """NFC, Windows line ends as \\n, spaces trimmed at both ends of each line, blank lines dropped."""
    lines = [" ".join(line.split()) for line in nfc(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def problems(text: DocumentText, value: str) -> list[str]:
    """Why ``value`` (already cleaned) cannot be saved for ``text``; empty when it can."""
    found = []
    if not value:
        found.append(str(_l("This text is required: enter it (the default is shown below).")))
    if len(value) > text.max_length:
        found.append(str(_l("At most %(max)s characters (this one has %(n)s).", max=text.max_length, n=len(value))))
    if _TEMPLATE_SYNTAX.search(value):
        found.append(str(_l("Remove “{{”, “}}”, “{%”, “%}”, “{#” and “#}”: the text is printed as it is, it is not "
                            "a template.")))
    if text.choices and value not in text.choices:
        found.append(str(_l("One of: %(choices)s.", choices=", ".join(text.choices))))
    if _CONTROL.search(value):
        found.append(str(_l("The text holds control characters: type it again or paste it as plain text.")))
    lines = value.count("\n") + 1 if value else 0
    if lines > text.max_lines:
        found.append(str(_l("At most %(max)s lines (this one has %(n)s).", max=text.max_lines, n=lines)) if
                     text.max_lines > 1 else str(_l("Write it on one line.")))
    return found


def stored() -> dict[str, str]:
    keys = [text.key for text in TEXTS]
    rows = db.session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    return {key: text for key, text in rows}


def value(key: str) -> str:
    """The text in force: the stored one, or the default when none is stored."""
    text = BY_KEY[key]
    return Setting.get_text(key, text.default_value())


def save(actor: User, key: str, new: str) -> bool:
    """Store a checked value and record the change (flushes; the caller commits); False if unchanged."""
    old = value(key)
    if new == old:
        return False
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key)
        db.session.add(row)
    row.value = new
    db.session.add(SettingChange(key=key, old_value=old, new_value=new, changed_by_id=actor.id))
    db.session.flush()
    return True


def history(limit: int = 50) -> list[SettingChange]:
    return list(db.session.scalars(select(SettingChange).order_by(SettingChange.changed_at.desc(),
                                                                  SettingChange.id.desc()).limit(limit)))


def payment_money_source(level: str) -> str:
    key = PAYMENT_MONEY_SOURCE + level
    return value(key) if key in BY_KEY else value(PAYMENT_MONEY_SOURCE + "provincial")
