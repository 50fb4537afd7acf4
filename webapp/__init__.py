"""Mitt hjul: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from webapp.config import Config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Config | None = None) -> Flask:
    """Build the app; top-level `templates/`, `static/` and `translations/` sit beside the package."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    if config is None:
        config = Config.from_env(Path(app.instance_path))
    app.config.update(
        MITTHJUL=config,
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        SESSION_COOKIE_SECURE=config.secure_cookies,
        MAX_CONTENT_LENGTH=256 * 1024,
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the server-side session
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        WTF_I18N_ENABLED=False,  # WTForms' messages go through our own catalogs (webapp/form_messages.py)
        RATELIMIT_STORAGE_URI=config.ratelimit_storage_uri,
        RATELIMIT_KEY_PREFIX=config.ratelimit_key_prefix,
        RATELIMIT_HEADERS_ENABLED=True,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )

    from webapp.pages import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter

    from webapp import db, errors, i18n, security
    from webapp.auth import current
    from webapp.auth.sessions import DatabaseSessionInterface
    from webapp.extensions import csrf, limiter

    db.init_app(app, config.database_url)
    app.session_interface = DatabaseSessionInterface(app.extensions["db_sessionmaker"])
    csrf.init_app(app)
    # Flask-Limiter keeps the first app's key prefix on the shared Limiter; each app brings its own.
    limiter._key_prefix = ""  # noqa: SLF001
    limiter.init_app(app)
    current.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    from webapp.checkins import wheel_store

    wheel_store.init_app(app)

    from webapp.guide import store as guide_store

    guide_store.init_app(app)

    from webapp.admin.views import bp as admin_bp
    from webapp.auth.views import bp as auth_bp
    from webapp.checkins.views import bp as checkins_bp
    from webapp.classmode.views import bp as classmode_bp
    from webapp.consent.views import bp as consent_bp
    from webapp.contact.views import bp as contact_bp
    from webapp.directory.views import bp as directory_bp
    from webapp.family.views import bp as family_bp
    from webapp.guide.views import bp as guide_bp
    from webapp.home.views import bp as home_bp
    from webapp.push.views import bp as push_bp
    from webapp.pwa.views import bp as pwa_bp
    from webapp.sharing.views import bp as sharing_bp
    from webapp.turns.views import bp as turns_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(pwa_bp)
    app.register_blueprint(guide_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(turns_bp)
    app.register_blueprint(checkins_bp)
    app.register_blueprint(classmode_bp)
    app.register_blueprint(sharing_bp)
    app.register_blueprint(consent_bp)
    app.register_blueprint(contact_bp)
    app.register_blueprint(family_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(push_bp)

    from webapp.cli import register_commands

    register_commands(app)

    from webapp.push.cli import push_cli

    app.cli.add_command(push_cli)
    return app
