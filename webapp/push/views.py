"""Notification settings: what notifications are, turning them on or off per device, the weekly reminder."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp import access
from webapp.auth.forms import EmptyForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.i18n import current_language
from webapp.models import Role, User
from webapp.pages import render_page, see_other
from webapp.push import keys, service
from webapp.push.forms import ReminderForm
from webapp.push.texts import push_texts

bp = Blueprint("push", __name__)

ADULTS = (Role.GUARDIAN, Role.CONTACT_PERSON, Role.UNIT_ADMIN)

# The service worker renders templates/push/_sw_push.js, which needs every language's notification texts.
bp.add_app_template_global(push_texts, "push_texts")


def server_key() -> str | None:
    """The browser's applicationServerKey, or None when this server cannot send notifications."""
    try:
        vapid = keys.load_vapid(current_app.config["MITTHJUL"])
    except keys.InvalidKeyError as exc:
        current_app.logger.error("web push is off: %s", exc)
        return None
    return keys.application_server_key(vapid) if vapid is not None else None


def devices_text(count: int) -> str:
    if count == 0:
        return _("Notifications are off on all your devices.")
    return ngettext("Notifications are on for %(num)d device.", "Notifications are on for %(num)d devices.", count)


def _settings_page(user: User, form: ReminderForm | None = None, status: int = 200):  # noqa: ANN202
    if form is None:
        form = ReminderForm(remind_weekly=user.remind_weekly)
    count = service.device_count(get_session(), user)
    return render_page("push/settings.html", user=user, form=form, application_server_key=server_key(),
                       device_count=count, devices=devices_text(count), status=status,
                       service_worker_url="/service-worker.js")


@bp.route("/settings/notifications")
@access.adult(*ADULTS)
def settings(user: User):
    return _settings_page(user)


@bp.route("/settings/notifications/reminder", methods=["POST"])
@access.adult(Role.GUARDIAN)
def reminder(user: User):
    """A plain form: works without JavaScript."""
    form = ReminderForm()
    if not form.validate_on_submit():
        return _settings_page(user, form, 400)
    user.remind_weekly = form.remind_weekly.data
    get_session().commit()
    flash(_("Saved. You get a reminder once a week.") if user.remind_weekly else _("Saved. No more reminders."))
    return see_other(url_for("push.settings"))


@bp.route("/settings/notifications/off", methods=["POST"])
@access.adult(*ADULTS)
def turn_off_everywhere(user: User):
    if EmptyForm().validate_on_submit():
        service.unsubscribe_all(get_session(), user)
        get_session().commit()
        flash(_("Notifications are off on all your devices."))
    return see_other(url_for("push.settings"))


def _json_object() -> dict:
    """The request's small JSON object; anything else is refused before it is parsed."""
    if not request.is_json or request.content_length is None or request.content_length > service.MAX_BODY_BYTES:
        raise service.InvalidSubscription(service.UNREADABLE)
    try:
        data = json.loads(request.get_data(cache=False))
    except (ValueError, UnicodeDecodeError) as exc:
        raise service.InvalidSubscription(service.UNREADABLE) from exc
    if not isinstance(data, dict):
        raise service.InvalidSubscription(service.UNREADABLE)
    return data


def _refuse(message: str):  # noqa: ANN202
    """JSON for the settings page's script; anything else posted here gets the usual error page."""
    if request.is_json:
        return jsonify(error=message), 400
    return render_error(400, message)


@bp.route("/push/subscriptions", methods=["POST"])
@access.adult(*ADULTS)
def subscribe(user: User):
    """Body: the browser's `PushSubscription.toJSON()`. Sent with the CSRF token in `X-CSRFToken`."""
    if server_key() is None:
        return _refuse(_("Notifications are not set up on this server."))
    config = current_app.config["MITTHJUL"]
    try:
        info = service.parse_subscription(_json_object(), config.push_service_hosts,
                                          allow_local=current_app.testing or current_app.debug)
    except service.InvalidSubscription as exc:
        return _refuse(exc.message)
    db = get_session()
    if request.args.get("renew") == "1":
        # The settings page renews a subscription by itself: only one that is already this person's.
        renewed = service.renew(db, user, info, current_language())
        db.commit()
        return jsonify(renewed=renewed, devices=devices_text(service.device_count(db, user))), 200
    service.subscribe(db, user, info, current_language())
    db.commit()
    return jsonify(message=_("Notifications are on for this device."),
                   devices=devices_text(service.device_count(db, user))), 201


@bp.route("/push/subscriptions/delete", methods=["POST"])
@access.adult(*ADULTS)
def unsubscribe(user: User):
    """Body: {"endpoint": ...} of this browser's subscription."""
    try:
        endpoint = _json_object().get("endpoint")
        if not isinstance(endpoint, str) or not 0 < len(endpoint) <= service.MAX_ENDPOINT_LENGTH:
            raise service.InvalidSubscription(service.UNREADABLE)
    except service.InvalidSubscription as exc:
        return _refuse(exc.message)
    db = get_session()
    service.unsubscribe(db, user, endpoint)
    db.commit()
    return jsonify(message=_("Notifications are off for this device."),
                   devices=devices_text(service.device_count(db, user)))
