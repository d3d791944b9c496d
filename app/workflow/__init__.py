"""The dossier workflow: states, the transition table, the engine, and the screens that drive them.

The views are imported by ``create_app`` (not here) because the models import ``states`` from this
package: importing the views at package import time would be circular.
"""
from flask import Blueprint

bp = Blueprint("workflow", __name__)
