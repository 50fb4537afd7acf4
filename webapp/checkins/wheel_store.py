"""The wheel definitions, loaded and validated once at start-up (a broken file stops the app)."""

from __future__ import annotations

from flask import Flask, current_app

from webapp.wheels import WheelDefinition, load_all


def init_app(app: Flask) -> None:
    app.extensions["wheels"] = load_all()


def wheels() -> dict[str, WheelDefinition]:
    return current_app.extensions["wheels"]
