"""In Chromium, with a stand-in for the device's voices (headless Chromium has none): read-aloud speaks the
page's language with a voice for it, says so when the device has none, and picture-first mode (ages 4-7)
reads each question once by itself."""

from __future__ import annotations

import pytest

from tests.browser.family_device import sign_in
from tests.browser.test_check_in import child_turn

# The device's speech, replaced before any page script runs: voices for Swedish, English and Somali only;
# whatever is spoken is written down.
VOICES = """
(() => {
  const voices = [{ lang: "sv-SE", name: "Alva" }, { lang: "en_GB", name: "Daniel" }, { lang: "so-SO", name: "Ubax" }];
  window.__spoken = [];
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true, writable: true });
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {},
    addEventListener: () => {},
  } });
})();
"""


@pytest.fixture
def voiced(page):
    page.add_init_script(VOICES)
    return page


def spoken(page) -> list[dict]:  # noqa: ANN001
    return page.evaluate("window.__spoken")


def test_the_question_is_read_in_the_page_language_with_a_voice_for_it(voiced):
    sign_in(voiced, "anna@demo.mitthjul.se")
    voiced.get_by_role("button", name="Check in about Maja").click()
    question = voiced.locator("#question")
    question.wait_for()
    assert spoken(voiced) == [], "a guardian's questions are read only when asked"
    voiced.get_by_role("button", name="Read aloud").click()
    assert spoken(voiced) == [{"text": question.inner_text().strip(), "lang": "en_GB", "voice": "Daniel"}]


def test_with_no_voice_for_the_language_it_says_so_and_reads_nothing(voiced):
    sign_in(voiced, "layla@demo.mitthjul.se", lang="ar")
    voiced.locator("form[action='/check-in/start'] button").first.click()
    voiced.locator("#question").wait_for()
    voiced.locator("button.read-aloud").click()
    status = voiced.locator("#read-aloud-status")
    said = status.get_attribute("data-no-voice")
    assert said and status.inner_text().strip() == said.strip()
    assert spoken(voiced) == [], "never read Arabic text with a Swedish or English voice"


def test_picture_first_reads_each_question_once_by_itself(voiced):
    child_turn(voiced, "Amina")  # six years old: picture-first
    voiced.get_by_role("button", name="Check in").click()
    first = voiced.locator("#question").inner_text().strip()
    voiced.wait_for_function("window.__spoken.length === 1")
    voiced.locator("#step .faces button").first.click()
    voiced.get_by_text("2 of 9", exact=True).wait_for()
    voiced.wait_for_function("window.__spoken.length === 2")
    second = voiced.locator("#question").inner_text().strip()
    voiced.get_by_role("link", name="Back").click()
    voiced.get_by_text("1 of 9", exact=True).wait_for()
    voiced.wait_for_timeout(300)
    assert [s["text"] for s in spoken(voiced)] == [first, second], "a question heard once is not read again"
    assert {s["voice"] for s in spoken(voiced)} == {"Daniel"}, "in the turn's language (English here)"
