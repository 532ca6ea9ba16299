"""The two editions in a real browser: the language switcher lands on the counterpart.

On a year page, an entity page and a fact card (its permalink, ``#<fact id>``), the
switcher at the top of the page leads to the same page, and the same card, in the other
language, and back. Screenshots of the Turkish home, a year page and a disagreement are
saved in a temporary folder whose path is printed (``-s`` shows it).
"""

from __future__ import annotations

import pytest

from natokorea_kb.render.markup import anchor_id

pytestmark = pytest.mark.browser

WAIT = 15  # seconds; a page load on a busy machine


def _loaded(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.readyState") == "complete", url
    )


def _switch(driver, language: str) -> str:
    """Follow the switcher to ``language``; the address it lands on."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    before = driver.current_url
    link = driver.find_element(By.CSS_SELECTOR, f'nav.kb-editions a[hreflang="{language}"]')
    link.click()
    WebDriverWait(driver, WAIT).until(
        lambda d: (
            d.current_url != before and d.execute_script("return document.readyState") == "complete"
        ),
        f"the switcher to {language} did not leave {before}",
    )
    return driver.current_url


@pytest.mark.parametrize(
    "page", ["years/2012/", "countries/south-korea/"], ids=["year page", "entity page"]
)
def test_the_switcher_lands_on_the_same_page_in_the_other_language(browser, site_url, page):
    _loaded(browser, site_url + page)
    assert _switch(browser, "tr") == f"{site_url}tr/{page}"
    assert browser.execute_script("return document.documentElement.lang") == "tr"
    assert _switch(browser, "en") == site_url + page
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_the_switcher_keeps_the_fact_card(browser, site_url, kb):
    from selenium.webdriver.common.by import By

    fact = next(f for f in kb.facts if kb.consolidated.is_canonical(f) and f.language == "tr")
    year = fact.date.start[:4]
    _loaded(browser, f"{site_url}years/{year}/#{fact.id}")
    landed = _switch(browser, "tr")
    assert landed == f"{site_url}tr/years/{year}/#{fact.id}"
    card = browser.find_element(By.ID, fact.id)
    assert card.is_displayed()
    quote = card.find_element(By.CSS_SELECTOR, "blockquote.kb-quote")
    assert quote.get_attribute("lang") == "tr"  # the quote stays as written
    assert _switch(browser, "en") == f"{site_url}years/{year}/#{fact.id}"


def test_screenshots_of_the_turkish_home_year_and_disagreement(
    browser, site_url, kb, tmp_path_factory
):
    folder = tmp_path_factory.mktemp("screenshots-tr")
    disagreement = anchor_id(kb.consolidated.disagreements[0].id)
    shots = {
        "tr-home": "tr/",
        "tr-year": "tr/years/2012/",
        "tr-disagreement": f"tr/disagreements/#{disagreement}",
    }
    for name, url in shots.items():
        _loaded(browser, site_url + url)
        assert browser.execute_script("return document.documentElement.lang") == "tr"
        assert browser.save_screenshot(str(folder / f"{name}.png"))
    print(f"\nTurkish screenshots: {folder}")
    assert sorted(p.name for p in folder.iterdir()) == [f"{n}.png" for n in sorted(shots)]
