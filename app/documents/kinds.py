"""The document kinds whose Word template an administrator may replace, and what each one knows.

A kind names its built-in template (templates/<file>, built by build_templates.py), the placeholders
its context provides (each with a description for whoever edits the template in Word), the ones a
template must print, and a function giving the context of a sample document, which checks an upload
(it must render) and makes the previews and ``flask documents samples``.

Adding a kind is one ``register(TemplateKind(...))`` call beside the code that builds its context.
No database here: the uploaded versions live in app/doctemplates (models.DocumentTemplate).
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class TemplateKind:
    name: str                       # "decision": stored in DocumentTemplate.kind
    label: str                      # Vietnamese, as the office names the document
    builtin_file: str               # under templates/
    placeholders: dict[str, str]    # name → what it prints
    required: frozenset[str]        # a template without one of these would print a wrong document
    sample_context: Callable[[], dict] = field(compare=False)
    sample_name: str = ""           # the file name ``flask documents samples`` writes, without extension

    def builtin_bytes(self) -> bytes:
        return (TEMPLATES / self.builtin_file).read_bytes()


KINDS: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> TemplateKind:
    unknown = set(kind.required) - set(kind.placeholders)
    if unknown:
        raise ValueError(f"{kind.name}: required placeholders it does not know: {sorted(unknown)}")
    KINDS[kind.name] = kind
    return kind


def get(name: str) -> TemplateKind | None:
    _load()
    return KINDS.get(name)


def all_kinds() -> list[TemplateKind]:
    _load()
    return list(KINDS.values())


def _load() -> None:
    """The modules that register kinds (imported here, late, since they import this module)."""
    from app.documents import decision, minutes, process_kinds, proposal_snv, report_aggregate  # noqa: F401
