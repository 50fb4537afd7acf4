"""Small page helpers shared by the browser tests."""

from __future__ import annotations


def sign_in(page, email: str, lang: str = "en") -> None:  # noqa: ANN001
    page.goto(f"/sign-in?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill("mitthjul-demo")
    page.locator("form[action^='/sign-in'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    page.goto(f"/?lang={lang}")  # the account's own language is kept otherwise
