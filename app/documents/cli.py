"""``flask documents sample-decision``: a preview of the decision template with synthetic data;
``flask documents samples --out DIR``: one document of each kind, DOCX and PDF (samples.py).

For whoever edits the templates in Word, and the benchmark's entry point; they never touch the database.
"""
import time
from pathlib import Path
from typing import Literal

import click
from flask import Flask
from flask.cli import AppGroup

from app.documents.decision import render_decision
from app.documents.pdf import PdfConversionError
from app.documents.sample import sample_document
from app.documents.samples import write_samples


def register(app: Flask) -> None:
    documents = AppGroup("documents", help="The documents: decisions, proposals, minutes (DOCX, PDF).")

    @documents.command("sample-decision")
    @click.option("--honorees", type=click.IntRange(min=1), default=50, show_default=True,
                  help="Number of synthetic honorees (one in five a collective).")
    @click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True, path_type=Path),
                  required=True, help="Where to write the .docx file.")
    @click.option("--kind", type=click.Choice(["decision", "proposal"]), default="decision", show_default=True,
                  help="A provincial decision (QĐ-UBND) or a proposal to the Prime Minister (TTr-UBND).")
    @click.option("--signer", type=click.Choice(["chairman", "deputy"]), default="chairman", show_default=True,
                  help="Signed by the Chairman, or by a Vice Chairman on the Chairman's behalf (KT. CHỦ TỊCH).")
    def sample_decision(honorees: int, out_path: Path, kind: Literal["decision", "proposal"],
                        signer: Literal["chairman", "deputy"]):
        """Render a decision with N synthetic honorees to PATH, without the database."""
        document = sample_document(honorees, kind, signer)
        started = time.perf_counter()
        content = render_decision(document)
        elapsed = time.perf_counter() - started
        out_path.write_bytes(content)
        click.echo(f"Wrote {out_path} ({kind}, {honorees} honorees, {len(content) / 1024:.0f} KiB) "
                   f"rendered in {elapsed:.3f} s")

    @documents.command("samples")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="The folder to write into (created if missing).")
    @click.option("--no-pdf", is_flag=True, help="Only the DOCX files (no LibreOffice needed).")
    def samples(out_dir: Path, no_pdf: bool):
        """Write one document of each kind from synthetic data into DIR, each DOCX with its PDF."""
        started = time.perf_counter()
        try:
            written = write_samples(out_dir, with_pdf=not no_pdf)
        except PdfConversionError as error:
            raise click.ClickException(str(error)) from None
        for item in written:
            click.echo(f"{item.path} ({item.path.stat().st_size / 1024:.0f} KiB, {item.seconds:.2f} s)")
        click.echo(f"{len(written)} files in {time.perf_counter() - started:.1f} s")

    app.cli.add_command(documents)
