"""How a language is chosen: ?lang= remembered, per user when signed in, then Accept-Language, then Swedish."""

from __future__ import annotations

from sqlalchemy import select

from webapp.models import User


def lang_of(response) -> str:  # noqa: ANN001
    body = response.get_data(as_text=True)
    return body.split('<html lang="', 1)[1].split('"', 1)[0]


def test_swedish_by_default_then_the_browsers_language(client):
    assert lang_of(client.get("/")) == "sv"
    assert lang_of(client.get("/", headers={"Accept-Language": "so,en;q=0.5"})) == "so"
    assert lang_of(client.get("/", headers={"Accept-Language": "de,ckb;q=0.8"})) == "ckb"


def test_lang_parameter_is_remembered_in_the_session(client):
    assert lang_of(client.get("/?lang=ti")) == "ti"
    assert lang_of(client.get("/sign-in", headers={"Accept-Language": "en"})) == "ti"
    assert lang_of(client.get("/?lang=nonsense")) == "ti"


def test_a_signed_in_users_choice_is_kept_on_the_account(demo, client, db):
    client.sign_in("anna@demo.mitthjul.se")
    client.get("/?lang=pl")
    assert db.scalar(select(User.preferred_language).where(User.email == "anna@demo.mitthjul.se")) == "pl"
    client.post("/sign-out")
    client.sign_in("anna@demo.mitthjul.se")
    assert lang_of(client.get("/")) == "pl"


def test_language_menu_names_languages_in_their_own_script(client):
    body = client.get("/languages").get_data(as_text=True)
    for name in ["Svenska", "العربية", "ትግርኛ", "Українська", "کوردیی ناوەندی", "Soomaali"]:
        assert name in body
    assert 'hreflang="ar"' in body


def test_dates_follow_the_locale(demo, client, db):
    from zoneinfo import ZoneInfo

    from babel.dates import format_date

    from webapp.models import Invitation

    client.sign_in("admin@demo.mitthjul.se")
    family_id = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se")).guardianships[0].family_id
    for lang in ("ar", "fi"):
        body = client.post(f"/admin/families/{family_id}/invitations", {"language": lang}).get_data(as_text=True)
        invitation = db.scalars(select(Invitation).order_by(Invitation.id.desc())).first()
        local_day = invitation.expires_at.astimezone(ZoneInfo("Europe/Stockholm")).date()
        expected = format_date(local_day, "long", locale=lang)
        assert expected in body, (lang, expected)
