"""Command-line commands registered on the app (``flask demo load`` …)."""
import click
from flask import Flask
from flask.cli import AppGroup


def register(app: Flask) -> None:
    demo = AppGroup("demo", help="Demo data for the merged Gia Lai province.")

    @demo.command("load")
    def load_demo():
        """Load the demo data (idempotent: a second run changes nothing)."""
        from app.demo import load

        summary = load()
        click.echo(summary)

    app.cli.add_command(demo)

    workflow = AppGroup("workflow", help="The dossier workflow.")

    @workflow.command("diagram")
    def diagram():
        """Print the workflow as a Mermaid state diagram (paste it into the README)."""
        from app.workflow.diagram import mermaid

        click.echo(mermaid(), nl=False)

    app.cli.add_command(workflow)

    from app.documents import cli as documents_cli

    documents_cli.register(app)  # flask documents sample-decision
