"""``flask documents samples --out DIR``: one document of each kind from synthetic data, each DOCX with
its PDF beside it, for whoever checks the set by eye (or a test reading it back). No database.

Each kind of kinds.py gives its sample (``TemplateKind.sample_context`` printed with the built-in
template, as a fresh installation would); documents that are not templates yet register a function
here with ``register_sample(name, render)`` — one line per document.
"""
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.documents import kinds, pdf, print_samples
from app.documents.decision import render_template


@dataclass(frozen=True)
class Sample:
    name: str                       # the file name without extension: "decision"
    render: Callable[[], bytes]     # the DOCX


_EXTRA: dict[str, Sample] = {}


def register_sample(name: str, render: Callable[[], bytes]) -> None:
    _EXTRA[name] = Sample(name, render)


def _rendered_with_builtin(kind: kinds.TemplateKind) -> Callable[[], bytes]:
    return lambda: render_template(kind.name, kind.sample_context(), kind.builtin_bytes())


def _decision_draft() -> bytes:
    """The sample decision as it goes up for signature: number, day and month blank, marked DỰ THẢO."""
    from app.documents.decision import build_context
    from app.documents.sample import sample_document

    kind = kinds.get("decision")
    assert kind is not None  # registered by app.documents.decision, imported above
    document = sample_document(12)
    document.draft = True
    return render_template(kind.name, build_context(document), kind.builtin_bytes())


def all_samples() -> list[Sample]:
    from_kinds = [Sample(kind.sample_name or kind.name, _rendered_with_builtin(kind)) for kind in kinds.all_kinds()]
    return from_kinds + [Sample("decision-draft", _decision_draft)] + list(_EXTRA.values())


@dataclass(frozen=True)
class Written:
    path: Path
    seconds: float


def write_samples(out: Path, with_pdf: bool = True) -> list[Written]:
    """Write every sample into ``out`` (created if needed); raises pdf.PdfConversionError when a PDF cannot be made."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in all_samples():
        started = time.perf_counter()
        content = sample.render()
        path = out / f"{sample.name}.docx"
        path.write_bytes(content)
        written.append(Written(path, time.perf_counter() - started))
        if with_pdf:
            started = time.perf_counter()
            target = out / f"{sample.name}.pdf"
            target.write_bytes(pdf.docx_to_pdf(content))
            written.append(Written(target, time.perf_counter() - started))
    written += print_samples.write(out, with_pdf)  # certificates and payment list: not Word templates
    return written
