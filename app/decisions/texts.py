"""Standard wording printed in decisions and proposal letters (Vietnamese administrative style).

Texts that differ between provinces (Nơi nhận, where the money comes from, who executes) are read from the
settings table (``app.models.settings.Setting``, key ``documents.<name>``), an administrator's data; the
constants below are the defaults a new database prints. An office may also rewrite them in its own template
(app/doctemplates).

A unit-level award (DOMAIN.md §10b) is decided by a department's head or a commune's chairman: ``issuer_for``
prints the header, the authority and the signature in their name, and ``money_source_for``, ``executors_for``
and ``recipients_for`` give their Điều 2, Điều 3 and Nơi nhận (``unit`` None: the province's texts above). The
unit's name enters an administrator's text by plain replacement of the ``{unit}`` marker: user text is never a
template (no str.format, no Jinja).
"""
import re

from app.documents.decision import Issuer, clean, province_issuer
from app.models.org import UnitKind
from app.models.settings import Setting

ACHIEVEMENT = "đã có thành tích xuất sắc trong phong trào thi đua “{movement}” {period}"
# Điều 2 already states the total and its words; this names only where the money comes from.
MONEY_SOURCE = "Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của tỉnh theo quy định hiện hành"
EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại "
    "Điều 1 chịu trách nhiệm thi hành Quyết định này"
)
RECIPIENTS = ["Như Điều 3;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, NV."]
# A Tờ trình has no articles: its addressee is "như trên"; the Ministry of Home Affairs appraises central awards.
PROPOSAL_RECIPIENTS = ["Như trên;", "Bộ Nội vụ;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Sở Nội vụ;",
                       "Lưu: VT, NV."]
DEFAULT_SUBJECT = "Về việc tặng {award}"
PROPOSAL_SUBJECT = "Về việc đề nghị tặng {award}"

MONEY_SOURCE_KEY = "documents.money_source"
EXECUTORS_KEY = "documents.executors"
RECIPIENTS_KEYS = {"decision": "documents.recipients.decision", "proposal": "documents.recipients.proposal"}


def money_source() -> str:
    return Setting.get_text(MONEY_SOURCE_KEY, MONEY_SOURCE)


def executors() -> str:
    return Setting.get_text(EXECUTORS_KEY, EXECUTORS)


def recipients(kind: str) -> list[str]:
    """The Nơi nhận lines of a decision or a proposal, one a line in the setting."""
    default = PROPOSAL_RECIPIENTS if kind == "proposal" else RECIPIENTS
    stored = Setting.get_text(RECIPIENTS_KEYS[kind], "")
    lines = [line.strip() for line in stored.splitlines() if line.strip()]
    return lines or list(default)


# --- a unit's own decisions (DOMAIN.md §10b) -------------------------------------------------------------

UNIT_MARKER = "{unit}"  # replaced by the deciding unit's name (str.replace, never a template)
LOCAL_GOVERNMENT = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
LOCAL_PREFIX = {UnitKind.COMMUNE: "xã", UnitKind.WARD: "phường", UnitKind.SPECIAL_ZONE: "đặc khu"}
COMMITTEE = "Ủy ban nhân dân"
UNIT_MONEY_SOURCE = ("Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của {unit} theo quy định "
                     "hiện hành")
UNIT_EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {unit}, Thủ trưởng các phòng, đơn vị có liên quan "
    "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này"
)
# A commune's or ward's office serves both its council and its committee: "Văn phòng HĐND và UBND xã …".
LOCAL_EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND {unit}, Thủ trưởng các phòng, đơn vị "
    "có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này"
)
UNIT_RECIPIENTS = ["Như Điều 3;", "Sở Nội vụ (để theo dõi);", "Lưu: VT, TĐKT."]
UNIT_MONEY_SOURCE_KEY = "documents.unit_decision.money_source"
UNIT_EXECUTORS_KEY = "documents.unit_decision.executors"
LOCAL_EXECUTORS_KEY = "documents.unit_decision.executors.local"
UNIT_RECIPIENTS_KEY = "documents.unit_decision.recipients"

_COMMITTEE_PREFIX = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)


def _kind(unit) -> UnitKind | None:
    kind = getattr(unit, "kind", None)
    try:
        return kind if isinstance(kind, UnitKind) or kind is None else UnitKind(kind)
    except ValueError:
        return None


def _local_name(unit) -> str:
    """A commune's, ward's or special zone's name with its kind, the committee's prefix taken off:
    "UBND xã Ia Grai", "Xã Ia Grai" and "Ia Grai" all give "xã Ia Grai"."""
    name = _COMMITTEE_PREFIX.sub("", clean(unit.name))
    prefix = LOCAL_PREFIX.get(_kind(unit) or UnitKind.COMMUNE, "xã")
    if name.casefold().startswith(prefix + " "):
        name = name[len(prefix) + 1:]
    return f"{prefix} {name}"


def unit_body(unit) -> str:
    """The deciding body's name as the texts print it: "Sở Khoa học và Công nghệ", "UBND xã Ia Grai"."""
    if _kind(unit) in LOCAL_GOVERNMENT:
        return f"UBND {_local_name(unit)}"
    return clean(unit.name)


def _head_title(unit) -> str:
    """The head's title without the unit's name: the unit's own (``Unit.head_title``) when set, else
    "Chủ tịch" (a commune's committee), "Giám đốc" (a Sở), "Thủ trưởng" (any other unit)."""
    own = clean(getattr(unit, "head_title", "") or "")
    if own:
        return own[0].upper() + own[1:]
    if _kind(unit) in LOCAL_GOVERNMENT:
        return "Chủ tịch"
    return "Giám đốc" if clean(unit.name).casefold().startswith("sở ") else "Thủ trưởng"


def issuer_for(unit, province: str) -> Issuer:
    """Who issues a decision of ``unit`` (the deciding unit: a department, a commune…); None: the province.

    Province: "ỦY BAN NHÂN DÂN / TỈNH GIA LAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI". A commune, ward or
    special zone: "ỦY BAN NHÂN DÂN / XÃ IA GRAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI", "của Chủ tịch UBND xã
    Ia Grai". A department: "UBND TỈNH GIA LAI / SỞ KHOA HỌC VÀ CÔNG NGHỆ", "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "của Giám đốc Sở Khoa học và Công nghệ"; a unit under another one (a public service unit of a Sở) has its
    parent's name as the header's first line, as its Tờ trình does (app/paperwork/unit_forms.py).
    """
    if unit is None:
        return province_issuer(province)
    head = _head_title(unit)
    deputy = f"Phó {head}"
    if _kind(unit) in LOCAL_GOVERNMENT:
        local = _local_name(unit)
        return Issuer(parent_line="ỦY BAN NHÂN DÂN", name_line=local.upper(),
                      authority=f"{head} {COMMITTEE} {local}".upper(), head_title=head.upper(),
                      deputy_title=deputy.upper(), reference_name=f"{head} UBND {local}", committee=True,
                      owner_name=f"{head} {COMMITTEE} {local}")
    name = clean(unit.name)
    parent = getattr(unit, "parent", None)
    parent_line = clean(parent.name).upper() if parent is not None else f"UBND TỈNH {clean(province).upper()}"
    return Issuer(parent_line=parent_line, name_line=name.upper(), authority=f"{head} {name}".upper(),
                  head_title=head.upper(), deputy_title=deputy.upper(), reference_name=f"{head} {name}",
                  committee=False, owner_name=f"{head} {name}")


def _with_unit(text: str, unit) -> str:
    return text.replace(UNIT_MARKER, unit_body(unit))


def money_source_for(unit) -> str:
    """Điều 2's source of the money: the deciding level's emulation fund (DOMAIN.md §10b)."""
    if unit is None:
        return money_source()
    return _with_unit(Setting.get_text(UNIT_MONEY_SOURCE_KEY, UNIT_MONEY_SOURCE), unit)


def executors_for(unit) -> str:
    """Điều 3 (effect and who executes), without the final "./."."""
    if unit is None:
        return executors()
    if _kind(unit) in LOCAL_GOVERNMENT:
        text = Setting.get_text(LOCAL_EXECUTORS_KEY, LOCAL_EXECUTORS)
        return text.replace(UNIT_MARKER, _local_name(unit))
    return _with_unit(Setting.get_text(UNIT_EXECUTORS_KEY, UNIT_EXECUTORS), unit)


def recipients_for(kind: str, unit) -> list[str]:
    """The Nơi nhận lines; a unit's decision (never a proposal) has its own list."""
    if unit is None or kind == "proposal":
        return recipients(kind)
    stored = Setting.get_text(UNIT_RECIPIENTS_KEY, "")
    lines = [_with_unit(line.strip(), unit) for line in stored.splitlines() if line.strip()]
    return lines or list(UNIT_RECIPIENTS)
