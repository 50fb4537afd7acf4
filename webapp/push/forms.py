"""The one form of the notification settings that works without JavaScript: the weekly reminder."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from webapp.auth.forms import BaseForm


class ReminderForm(BaseForm):
    remind_weekly = BooleanField(_l("Remind me once a week to check in"))
