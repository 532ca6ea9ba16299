"""The built site in a real browser: sentence targets, filters, screenshots, PDF sources.

Debian's chromium runs headless through chromedriver against the site served over HTTP
on 127.0.0.1; ``CHROME_BIN`` and ``CHROMEDRIVER_BIN`` name another browser and its driver
(the GitHub workflow points them at the runner's Google Chrome and its ChromeDriver).
Without a browser the tests are skipped, except under CI, where a missing browser is a
failure. Screenshots of the home, a year and an entity page are saved in a
temporary folder whose path is printed (run with ``-s`` to see it). The ``browser`` and
``site_url`` fixtures are in ``conftest.py``, shared with ``test_research_browser.py`` and
``test_search_browser.py`` (the site search).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

WAIT = 15  # seconds; a search or a page load on a busy machine


def _wait(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def test_a_fact_link_highlights_its_sentence(browser, site_url, kb):
    from selenium.webdriver.common.by import By

    fact = next(f for f in kb.facts if kb.consolidated.is_canonical(f))
    browser.get(f"{site_url}years/{fact.date.start[:4]}/")
    link = browser.find_element(
        By.CSS_SELECTOR, f'#{fact.id} a[href$="sources/{fact.source}/#{fact.sentence}"]'
    )
    link.click()  # through Material's instant navigation
    _wait(browser, lambda d: d.current_url.endswith(f"#{fact.sentence}"), "did not navigate")
    sentence = _wait(
        browser, lambda d: d.find_element(By.ID, fact.sentence), "no sentence on the page"
    )
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return [arguments[0].matches(':target'), s.backgroundColor, s.outlineStyle];",
        sentence,
    )
    assert style[0], "the sentence is the :target"
    assert style[1] not in ("rgba(0, 0, 0, 0)", "transparent") and style[2] == "solid", style


def test_timeline_shows_the_core_first_and_filters_by_kind_without_script(browser, site_url, kb):
    from selenium.webdriver.common.by import By

    from natokorea_kb.render.views import build_views, core_clusters

    core = core_clusters(kb, build_views(kb))
    browser.get(f"{site_url}timeline/")
    canonical = [f for f in kb.facts if kb.consolidated.is_canonical(f)]
    context = next(f for f in canonical if f.kind == "event" and f.id not in core)
    inside = next(f for f in canonical if f.id in core)
    assert browser.find_element(By.ID, inside.id).is_displayed(), "the core comes first"
    card = browser.find_element(By.ID, context.id)
    assert not card.is_displayed(), "context waits for 'All, with context'"
    browser.find_element(By.CSS_SELECTOR, 'label[for="kb-scope-all"]').click()
    assert card.is_displayed()
    browser.find_element(By.CSS_SELECTOR, 'label[for="kb-show-programme"]').click()
    assert not card.is_displayed()
    programme = next(f for f in kb.facts if f.kind == "programme")
    head = kb.consolidated.canonical.get(programme.id, programme.id)
    assert browser.find_element(By.ID, head).is_displayed()


def test_screenshots_of_home_year_and_entity(browser, site_url, kb, tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    busiest = max(
        {f.date.start[:4] for f in kb.facts},
        key=lambda y: sum(f.date.start[:4] == y for f in kb.facts),
    )
    shots = {"home": "", "year": f"years/{busiest}/", "entity": "countries/south-korea/"}
    for name, url in shots.items():
        browser.get(site_url + url)
        _wait(browser, lambda d: d.execute_script("return document.readyState") == "complete", url)
        assert browser.save_screenshot(str(folder / f"{name}.png"))
    print(f"\nscreenshots: {folder}")
    assert sorted(p.name for p in folder.iterdir()) == ["entity.png", "home.png", "year.png"]


@pytest.fixture(scope="module")
def pdf_site_url(tmp_path_factory) -> Iterator[str]:
    """A small project whose one source is a PDF brought in with ``natokorea-kb add``."""
    from click.testing import CliRunner
    from tests.conftest import CORPUS, copy_project, mkdocs_build, serve
    from tests.pdf_maker import PdfPage, make_pdf

    from natokorea_kb.cli import main as kb_cli

    folder = tmp_path_factory.mktemp("pdf-project")
    corpus = folder / "corpus"
    (corpus / "sources").mkdir(parents=True)
    (corpus / "lexicon.yml").write_bytes((CORPUS / "lexicon.yml").read_bytes())
    (corpus / "sources.yml").write_text("# Sources of the PDF test.\n", encoding="utf-8")
    pages = [
        PdfPage(
            left=["NATO and its partners in Asia", "have worked together for years."], number="7"
        ),
        PdfPage(
            left=[
                "In 2012 NATO and South Korea signed an",
                "Individual Partnership and Cooperation",
                "Programme.",
            ],
            number="8",
        ),
    ]
    pdf = folder / "report.pdf"
    pdf.write_bytes(make_pdf(pages, title="NATO and South Korea"))
    added = CliRunner().invoke(kb_cli, ["add", "--corpus", str(corpus), str(pdf), "--id", "rep"])
    assert added.exit_code == 0, added.output
    project = copy_project(folder, corpus)
    result = mkdocs_build(project)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    with serve(project / "site") as url:
        yield url


def test_a_pdf_fact_cites_its_page_and_links_to_its_sentence(browser, pdf_site_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{pdf_site_url}years/2012/")
    link = browser.find_element(By.CSS_SELECTOR, '.kb-fact .kb-cite a[href*="sources/rep/#s-"]')
    assert link.text.endswith(", p. 2"), link.text
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    _wait(browser, lambda d: d.current_url.endswith(f"#{anchor}"), "did not navigate")
    sentence = _wait(browser, lambda d: d.find_element(By.ID, anchor), "no sentence")
    assert sentence.text.startswith("In 2012 NATO and South Korea signed")
    assert browser.execute_script("return arguments[0].matches(':target')", sentence)
    marker = browser.find_element(By.ID, "p-2")
    assert marker.is_displayed() and marker.text == "p. 2"
    # The page marker stands just before the first sentence of its page.
    follows = "return arguments[0].nextElementSibling === arguments[1]"
    assert browser.execute_script(follows, marker, sentence)
