"""The site as a research tool, in a real browser: cite, explore, graph, phone, print,
console errors, requests to other hosts, and axe-core's WCAG 2 A/AA rules.

Uses the ``browser`` and ``site_url`` fixtures of ``conftest.py`` (headless chromium).
axe-core comes from npm (``npm install axe-core@4`` into ``tests/.axe``, which
``.ci/run`` does; the ``axe_source`` fixture does it when it is missing). Screenshots
and the printed PDF are written to ``tests/screenshots/`` (ignored by git) and listed
at the end of the run (``-s`` shows the list).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from tests.conftest import BROWSER_WAIT, ROOT, requested

pytestmark = pytest.mark.browser

SHOTS = ROOT / "tests" / "screenshots"
AXE_DIR = ROOT / "tests" / ".axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
NPM_INSTALL = ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)]
# One page of every type the site has (the 404 page included).
PAGE_TYPES = {
    "home": "",
    "timeline": "timeline/",
    "years": "years/",
    "year": "years/2012/",
    "topics": "topics/",
    "topic": "topics/global-partners/",
    "entities": "entities/",
    "entity-section": "countries/",
    "entity": "countries/south-korea/",
    "partnerships": "partnerships/",
    "partnership": "partnerships/nato-south-korea/",
    "disagreements": "disagreements/",
    "sources": "sources/",
    "source": "sources/002/",
    "data": "data/",
    "about": "about/",
    "tags": "tags/",
    "explore": "explore/",
    "graph": "graph/",
    "search": "search/?q=Riga",
    "not-found": "404.html",
}


def _wait(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, BROWSER_WAIT).until(condition, message)


def _load(driver, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", url)


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _scheme(driver, site_url: str, dark: bool) -> None:
    """Switch Material's palette with its own toggle; it keeps the choice for the site."""
    _load(driver, site_url)
    wanted = "slate" if dark else "default"
    if driver.execute_script("return document.body.dataset.mdColorScheme") != wanted:
        toggle = "Switch to dark mode" if dark else "Switch to light mode"
        _css(driver, f'label.md-header__button[title="{toggle}"]').click()
        _wait(
            driver,
            lambda d: d.execute_script("return document.body.dataset.mdColorScheme") == wanted,
            f"palette {wanted}",
        )


def _settle(driver, name: str) -> None:
    """Wait for the pages that fill themselves in by script: the explorer, the search."""
    if name == "explore":
        status = _css(driver, "#kb-explorer-status")
        _wait(driver, lambda d, s=status: "match" in s.text, "explorer did not load")
    if name == "search":
        status = _css(driver, "[data-kb-search=status]")
        _wait(driver, lambda d, s=status: "result" in s.text, "the search page did not search")


@pytest.fixture(scope="module")
def shots() -> Path:
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script, installed from npm when missing (never committed)."""
    if not AXE.is_file():
        try:
            subprocess.run(
                [*NPM_INSTALL, "axe-core@4"],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError) as error:
            if os.environ.get("CI"):
                pytest.fail(f"CI must run axe-core: npm install axe-core@4 failed ({error})")
            pytest.skip(f"axe-core not installed and npm failed: {error}")
    return AXE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- cite


def test_cite_box_copies_the_reference_with_the_sentence(browser, site_url, kb):
    from selenium.webdriver.common.keys import Keys

    fact = next(f for f in kb.facts if f.source == "003" and kb.consolidated.is_canonical(f))
    _load(browser, f"{site_url}years/{fact.date.start[:4]}/")
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": site_url.rstrip("/"), "permissions": ["clipboardReadWrite"]},
    )
    card = _css(browser, f"#{fact.id}")
    assert fact.id in card.find_element("css selector", ".kb-card-id").text
    permalink = card.find_element("css selector", "a.kb-permalink")
    assert permalink.get_attribute("href") == f"{site_url}sources/003/#{fact.id}"
    summary = card.find_element("css selector", ".kb-cite-box > summary")
    summary.send_keys(Keys.ENTER)  # keyboard opens it
    button = card.find_element("css selector", "button[data-kb-copy$='-apa']")
    _wait(browser, lambda d: button.is_displayed(), "copy button not shown")
    button.click()
    _wait(browser, lambda d: button.text == "Copied", f"button says {button.text!r}")
    copied = browser.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], () => arguments[0](null));"
    )
    if copied is None:  # a browser that refuses to read the clipboard: what was copied
        copied = card.find_element("css selector", ".kb-ref-text").get_attribute("data-kb-copied")
    assert copied.startswith("Bağbaşlıoğlu, A. (2014). Relations With 'Global Partners'")
    assert "Güvenlik Stratejileri, 10(20)." in copied
    assert copied.endswith(f"{site_url}sources/003/#{fact.sentence}")
    assert f"Sentence {fact.sentence}, fact {fact.id}" in copied


# ------------------------------------------------------------------------ explorer


def test_explorer_filters_south_korea_programmes_of_2012(browser, site_url, kb):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _load(browser, f"{site_url}explore/")
    status = _css(browser, "#kb-explorer-status")
    _wait(browser, lambda d: "match" in status.text, "no results")
    focus = [f for f in kb.facts if "south-korea" in f.entities and "nato" in f.entities]
    heads = {kb.consolidated.canonical.get(f.id, f.id) for f in focus}
    assert status.text.startswith(f"{len(heads)} facts"), "opens on NATO–South Korea"
    _css(browser, "#kb-explorer-clear").click()
    _wait(browser, lambda d: "entity=&" in d.current_url or d.current_url.endswith("entity="), "")
    box = _css(browser, "input[name=entity][value=south-korea]")
    box.send_keys(Keys.SPACE)  # by keyboard
    _css(browser, "input[name=kind][value=programme]").send_keys(Keys.SPACE)
    Select(_css(browser, "select[name=from]")).select_by_value("2012")
    Select(_css(browser, "select[name=to]")).select_by_value("2012")
    _wait(browser, lambda d: "to=2012" in d.current_url, "the address keeps the filters")
    _wait(browser, lambda d: status.text.startswith("1 fact "), "one fact")
    lines = browser.find_elements("css selector", "#kb-explorer-results li")
    assert len(lines) == 1 and "sign the IPCP" in lines[0].text
    shared = browser.current_url
    assert "entity=south-korea" in shared and "kind=programme" in shared
    _load(browser, shared)  # the address alone gives the same view
    status = _css(browser, "#kb-explorer-status")
    _wait(browser, lambda d: status.text.startswith("1 fact "), status.text)
    link = _css(browser, "#kb-explorer-results li a")
    link.click()
    _wait(browser, lambda d: "/years/2012/" in d.current_url, "the line leads to its card")


# --------------------------------------------------------------------------- graph


def test_graph_names_link_to_entity_pages(browser, site_url, built_site):
    _load(browser, f"{site_url}graph/")
    labels = browser.find_elements("css selector", ".kb-graph-canvas a.kb-node-label")
    assert len(labels) >= 10
    for label in labels:
        href = label.get_attribute("href").removeprefix(site_url)
        assert (built_site / href / "index.html").is_file(), href
        assert label.size["height"] >= 24, "a tap target of at least 24 px"
    target = labels[0].get_attribute("href")
    labels[0].click()
    _wait(browser, lambda d: d.current_url == target, "the name leads to its page")
    ego = browser.find_elements("css selector", ".kb-graph-canvas a.kb-node-label")
    assert ego, "the entity page draws its own graph"


# ---------------------------------------------------------------------- phone size


def test_phone_screens_at_390_px(browser, site_url, shots):
    browser.set_window_size(390, 844)
    try:
        for name in ("home", "timeline", "years", "year", "entity", "graph", "explore", "source"):
            _load(browser, site_url + PAGE_TYPES[name])
            width = browser.execute_script("return document.documentElement.clientWidth")
            assert width <= 390
            smallest = browser.execute_script(
                """
                let least = Infinity;
                for (const svg of document.querySelectorAll('.md-content svg')) {
                  const box = svg.viewBox.baseVal;
                  if (!box || !box.width) continue;
                  const scale = svg.getBoundingClientRect().width / box.width;
                  for (const text of svg.querySelectorAll('text')) {
                    const size = parseFloat(getComputedStyle(text).fontSize);
                    least = Math.min(least, size * scale);
                  }
                }
                for (const a of document.querySelectorAll('.kb-graph-canvas a')) {
                  least = Math.min(least, parseFloat(getComputedStyle(a).fontSize));
                }
                return least === Infinity ? 100 : least;
                """
            )
            assert smallest >= 11, f"{name}: a chart label of {smallest:.1f} px"
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow} px"
            assert browser.save_screenshot(str(shots / f"phone-{name}.png"))
    finally:
        browser.set_window_size(1280, 1400)


# --------------------------------------------------------------------------- print


def test_a_year_page_prints_whole_cards_in_light_colours(browser, site_url, kb, shots):
    from pypdf import PdfReader

    busiest = max(
        {f.date.start[:4] for f in kb.facts},
        key=lambda y: sum(f.date.start[:4] == y for f in kb.facts),
    )
    _scheme(browser, site_url, dark=True)
    try:
        _load(browser, f"{site_url}years/{busiest}/")
        scheme = browser.execute_script("return document.body.dataset.mdColorScheme")
        assert scheme == "slate", "dark mode on screen"
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        printed = browser.execute_script(
            """
            const card = document.querySelector('.kb-fact');
            const quote = document.querySelector('.kb-quote');
            const cite = document.querySelector('.kb-cite a');
            return {
              breakInside: getComputedStyle(card).breakInside,
              background: getComputedStyle(document.body).backgroundColor,
              html: getComputedStyle(document.documentElement).backgroundColor,
              quoteColor: getComputedStyle(quote).color,
              quoteSize: parseFloat(getComputedStyle(quote).fontSize),
              bodySize: parseFloat(
                getComputedStyle(document.querySelector('.md-typeset')).fontSize),
              after: getComputedStyle(cite, '::after').content,
            };
            """
        )
        assert printed["breakInside"] == "avoid"
        assert printed["background"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        assert printed["html"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        assert printed["quoteColor"] == "rgb(0, 0, 0)"
        assert printed["quoteSize"] >= printed["bodySize"]
        assert f"{site_url}sources/" in printed["after"], "links print their targets"
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        _scheme(browser, site_url, dark=False)
    path = shots / f"print-year-{busiest}.pdf"
    import base64

    path.write_bytes(base64.b64decode(pdf["data"]))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]
    cards = [f for f in kb.facts if kb.consolidated.is_canonical(f) and f.date.start[:4] == busiest]
    assert len(pages) > 1
    for fact in cards:  # a card's first line (its date) and its foot (its id) share a page
        foot = [i for i, text in enumerate(pages) if f"Fact {fact.id}" in text]
        assert len(foot) == 1, fact.id
        head = pages[foot[0]].split(f"Fact {fact.id}")[0]
        assert fact.quote.split()[0] in head or fact.date.start in head, fact.id


# -------------------------------------------- console errors and requests to other hosts


def test_no_console_error_and_no_request_to_another_host(browser, site_url):
    requested(browser)
    browser.get_log("browser")
    errors, foreign = [], []
    for name, path in PAGE_TYPES.items():
        _load(browser, site_url + path)
        _settle(browser, name)
        errors += [f"{name}: {e['message']}" for e in browser.get_log("browser")]
        foreign += [
            url for url in requested(browser) if not url.startswith((site_url, "data:", "blob:"))
        ]
    # Material's instant navigation loads pages without reloading: follow links with it.
    _load(browser, site_url)
    for selector in ('a[href="timeline/"]', 'a[href$="years/2012/"]', 'a[href$="graph/"]'):
        links = browser.find_elements("css selector", f".md-content {selector}, nav {selector}")
        if links:
            links[0].click()
            _wait(
                browser, lambda d: d.execute_script("return document.readyState") == "complete", ""
            )
    errors += [f"instant: {e['message']}" for e in browser.get_log("browser")]
    foreign += [u for u in requested(browser) if not u.startswith((site_url, "data:", "blob:"))]
    not_found = [e for e in errors if "404" in e and e.startswith("not-found:")]
    errors = [e for e in errors if e not in not_found]  # the 404 page's own status
    assert errors == []
    assert foreign == []


# ------------------------------------------------------------------------------ axe


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_type(browser, site_url, axe_source, dark):
    _scheme(browser, site_url, dark)
    found = []
    try:
        for name, path in PAGE_TYPES.items():
            _load(browser, site_url + path)
            scheme = browser.execute_script("return document.body.dataset.mdColorScheme")
            assert scheme == ("slate" if dark else "default"), name
            _settle(browser, name)
            browser.execute_script(axe_source)
            result = browser.execute_async_script(
                """
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
                  .then(r => done(r.violations.map(v => ({
                      id: v.id, impact: v.impact, nodes: v.nodes.length,
                      target: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: 0,
                                     target: [String(e)]}]));
                """
            )
            found += [
                f"{name}: {v['id']} ({v['impact']}, {v['nodes']} nodes: {v['target']})"
                for v in result
                if v["impact"] in ("serious", "critical")
            ]
    finally:
        _scheme(browser, site_url, dark=False)
    assert found == []


def test_list_screenshots(shots):
    """Print what the browser tests saved (run with -s to see it)."""
    saved = sorted(p.name for p in shots.iterdir() if re.search(r"\.(png|pdf)$", p.name))
    print(f"\nsaved in {shots}: {', '.join(saved)}")
    assert saved
