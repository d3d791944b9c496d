"""``flask eligibility check CASE.json`` and ``flask eligibility seed``.

``check`` judges a hypothetical nominee (the CASE.json format is in ``app/eligibility/case_file.py``)
against the rules and catalogue in the database and writes nothing: it prints one JSON object
``{"verdict": ..., "rule": ..., "reasons": [...]}`` and exits 0, or says on stderr what is wrong with the
file and exits 2. ``seed`` adds the seed rules (``app/eligibility/seed.py``) of the catalogue's awards that
have none yet, and commits.
"""
import json
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from app.eligibility.case_file import CaseError, load_case
from app.eligibility.seed import seed_rules
from app.eligibility.store import RuleBook
from app.extensions import db

MALFORMED = 2


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise CaseError("no such file") from None
    except (IsADirectoryError, PermissionError) as error:
        raise CaseError(error.strerror or str(error)) from None
    except UnicodeDecodeError:
        raise CaseError("not UTF-8 text") from None


def register(app: Flask) -> None:
    eligibility = AppGroup("eligibility", help="Award eligibility: rules as dated data, and the engine.")

    @eligibility.command("check")
    @click.argument("case_path", metavar="CASE.json")
    def check(case_path: str):
        """Judge the nominee of CASE.json ("-": standard input); prints one JSON object, writes nothing."""
        try:
            book = RuleBook.load()
            case = load_case(_read(case_path), award_codes=book.catalogue.names)
            result = book.evaluate(case)
        except CaseError as error:
            click.echo(f"{case_path}: {error}", err=True)
            raise click.exceptions.Exit(MALFORMED) from None
        finally:
            db.session.rollback()  # only reads happened; end the transaction without a trace
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))

    @eligibility.command("seed")
    def seed():
        """Add the seed rules (both decrees) for catalogue awards that have none yet; edited rules stay."""
        result = seed_rules()
        db.session.commit()
        click.echo(f"Eligibility rules: {result.created} added, {result.present} already present.")
        if result.missing:
            click.echo(f"Not in the catalogue, so without rules: {', '.join(result.missing)}.")

    app.cli.add_command(eligibility)
