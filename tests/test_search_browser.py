"""The site search in a real browser: the ranking test set, the header dialog, filters,
Turkish and Korean queries, what a query downloads, and re-indexing under ``mkdocs serve``.

The built site is served by a plain static server (the ``site_url`` fixture, or
``bench.searching.counting_server`` where bytes are counted), as a reader's host or
``python3 -m http.server`` would serve it. The ranking set is ``tests/search/queries.yml``;
its hit rate (a right result among the first three) and mean reciprocal rank are printed
and may not fall below ``tests/search/ratchet.yml``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import defaultdict

import pytest
import yaml
from bench.searching import ask, cold_payload, counting_server, load_queries, result_key, score
from tests.conftest import BROWSER_WAIT, MKDOCS_ENV, ROOT, copy_project, requested

pytestmark = pytest.mark.browser

QUERIES = ROOT / "tests" / "search" / "queries.yml"
RATCHET = ROOT / "tests" / "search" / "ratchet.yml"
TARGET_HIT_RATE = 0.90  # issue 16
MAX_QUERY_BYTES = 400_000  # issue 16: per query, as the site is served


def _wait(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, BROWSER_WAIT).until(condition, message)


def _dialog_open_and_focused(driver) -> bool:
    return driver.execute_script(
        "return document.getElementById('__search').checked"
        " && document.activeElement.matches('[data-kb-search=query]')"
    )


def _press_until_open(driver, key: str, tries: int = 3) -> None:
    """Press ``key`` until the dialog is open and stays open.

    Material closes the search 125 ms after each navigation or hash target (its bundle:
    ``merge(location$, target$).pipe(delay(125))``), so a key pressed in that window, as a
    test presses it right after a page appears, is undone; a reader a moment later is not.
    """
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    for _ in range(tries):
        ActionChains(driver).send_keys(key).perform()
        try:
            WebDriverWait(driver, BROWSER_WAIT / tries).until(_dialog_open_and_focused)
        except TimeoutException:
            continue
        time.sleep(0.3)  # past Material's delayed close
        if _dialog_open_and_focused(driver):
            return
    state = driver.execute_script(
        "return [document.getElementById('__search').checked,"
        " document.activeElement.outerHTML.slice(0, 120)]"
    )
    raise AssertionError(f"{key!r} did not open the dialog in {tries} presses: open, focus {state}")


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _open(driver, url: str) -> None:
    """Load ``url`` and let Material's delayed close after a navigation (125 ms) pass, so
    the next step opening the search is not undone by it."""
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", url)
    time.sleep(0.2)


def _dialog_results(driver, query: str, done: str = "result") -> list[str]:
    """Type ``query`` into the header's search box; the result links it shows once its
    count (a text holding ``done``) is shown."""
    from selenium.webdriver.common.keys import Keys

    box = _css(driver, "[data-kb-search=query]")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys(query)
    meta = _css(driver, "[data-kb-search=result] .md-search-result__meta")
    _wait(driver, lambda d: done in meta.text, f"no results for {query!r}: {meta.text}")
    links = driver.find_elements("css selector", "[data-kb-search=result] a.md-search-result__link")
    return [a.get_attribute("href") for a in links]


# ------------------------------------------------------------------------ the ranking set


def test_the_ranking_set(browser, site_url, kb):
    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    assert {"english", "turkish", "ascii-turkish", "korean", "question", "event"} <= {
        q.kind for q in queries
    }
    known = {f.id for f in kb.facts}
    assert [r for q in queries for r in q.right if r.startswith("f-") and r not in known] == []
    # A fact's card shows its cluster: any statement of the cluster names the card.
    heads = kb.consolidated.canonical
    rights = [tuple(heads.get(r, r) for r in q.right) for q in queries]
    _open(browser, site_url)
    answers = ask(browser, [q.text for q in queries])
    scores = score(answers, rights)
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    for query, rank in zip(queries, scores.ranks, strict=True):
        by_kind[query.kind].append(rank)
    print(f"\nsearch ranking set: {scores.hits}/{scores.total} with a right result in the top 3")
    print(f"  hit rate {scores.hit_rate:.3f}, MRR {scores.mrr:.3f}")
    for kind, ranks in sorted(by_kind.items()):
        hits = sum(1 for r in ranks if r is not None and r <= 3)
        print(f"  {kind}: {hits}/{len(ranks)}")
    misses = [
        f"{q.text!r} → {[result_key(u) for u in a['urls'][:3]]}"
        for q, a, rank in zip(queries, answers, scores.ranks, strict=True)
        if rank is None or rank > 3
    ]
    for miss in misses:
        print(f"  missed: {miss}")
    ratchet = yaml.safe_load(RATCHET.read_text(encoding="utf-8"))
    assert scores.hit_rate >= max(TARGET_HIT_RATE, ratchet["hit_rate"]), misses
    assert scores.mrr >= ratchet["mrr"], misses


def test_turkish_typed_any_way_finds_the_same(browser, site_url):
    _open(browser, site_url)
    pairs = [
        ("küresel ortak", "kuresel ortak"),
        ("küresel ortak", "KÜRESEL ORTAK"),
        ("Kore Savaşı", "Kore Savasi"),
        ("İttifak", "ITTIFAK"),
        ("İttifak", "ittifak"),
        ("ortaklık", "ortaklik"),
    ]
    answers = ask(browser, [q for pair in pairs for q in pair], shown=50)
    for (written, typed), first, second in zip(pairs, answers[::2], answers[1::2], strict=True):
        assert first["total"] > 0, written
        assert (
            set(first["urls"]) - set(second["urls"]) == set() or first["total"] == second["total"]
        ), f"{typed!r} finds less than {written!r}"


def test_turkish_stemming_and_hangul(browser, site_url):
    _open(browser, site_url)
    stemmed, hangul = ask(browser, ["küresel ortaklar", "윤석열"], shown=20)
    assert any(
        "küresel ortak" in t.lower() or "global partner" in t.lower() for t in stemmed["titles"]
    )
    assert "people/yoon-suk-yeol/" in [result_key(u) for u in hangul["urls"]]


def test_nothing_hidden_leaks_into_excerpts(browser, site_url, kb):
    """Folded spellings are searched, never shown: no excerpt holds a word its text lacks."""
    _open(browser, site_url)
    queries = ["kuresel ortaklari", "Kore Savasi", "ittifak", "ortaklik", "arasinda"]
    folded_only = {"ortaklari", "savasi", "arasinda", "ortaklik", "antlasmasi"}
    for answer in ask(browser, queries, shown=20):
        for excerpt in answer["excerpts"]:
            words = set(excerpt.replace("<mark>", " ").replace("</mark>", " ").lower().split())
            assert not words & folded_only, excerpt


def test_an_event_query_puts_its_fact_above_the_hub_pages(browser, site_url):
    _open(browser, site_url)
    for answer in ask(
        browser, ["IPCP 2012", "Madrid zirvesi 2022", "Güney Kore küresel ortak 2008"]
    ):
        first = result_key(answer["urls"][0])
        assert "#f-" in first or first.startswith("disagreements/"), (answer["query"], first)


# ------------------------------------------------------------------------ the header dialog


def test_the_header_dialog_by_keyboard_and_the_highlighted_card(browser, site_url):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url + "timeline/")
    _press_until_open(browser, "/")
    # closed by Material (as after a navigation): the box lets go of the focus, so a
    # second "/" opens the dialog rather than typing into a hidden box
    browser.execute_script("document.getElementById('__search').click()")
    _wait(browser, lambda d: not _dialog_open_and_focused(d), "closed by Material")
    assert not browser.execute_script(
        "return document.activeElement.matches('[data-kb-search=query]')"
    )
    _press_until_open(browser, "/", tries=1)
    links = _dialog_results(browser, "Riga Summit 2006")
    assert links and "#f-" in links[0]
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    first = browser.switch_to.active_element
    assert first.get_attribute("href") == links[0]
    first.send_keys(Keys.ENTER)  # through Material's instant navigation
    anchor = links[0].rsplit("#", 1)[1]
    _wait(browser, lambda d: d.current_url.endswith("#" + anchor), "did not go to the card")
    _wait(
        browser,
        lambda d: d.find_elements("css selector", f"#{anchor} mark.pagefind-highlight"),
        "no marks",
    )
    card = browser.find_element("id", anchor)
    assert "kb-search-target" in card.get_attribute("class")
    assert not browser.execute_script("return document.getElementById('__search').checked")
    _press_until_open(browser, "s")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    _wait(
        browser,
        lambda d: not d.execute_script("return document.getElementById('__search').checked"),
        "Esc",
    )


def test_the_dialog_on_a_phone_in_dark_mode(browser, site_url):
    size = browser.get_window_size()
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    browser.set_window_size(390, 844)
    try:
        _open(browser, site_url)
        browser.execute_script("localStorage.clear()")
        _open(browser, site_url)
        assert browser.execute_script("return document.body.dataset.mdColorScheme") == "slate"
        _css(browser, "label.md-header__button[for=__search]").click()
        links = _dialog_results(browser, "South Korea")
        assert links
        inner = _css(browser, ".md-search__inner")
        assert inner.size["width"] >= 380, "the dialog fills a phone's screen"
        item = _css(browser, ".md-search-result__item")
        colour = browser.execute_script("return getComputedStyle(arguments[0]).color", item)
        assert colour != "rgba(0, 0, 0, 0.87)", "text follows the dark scheme"
        ROOT.joinpath("tests", "screenshots").mkdir(exist_ok=True)
        browser.save_screenshot(str(ROOT / "tests" / "screenshots" / "search-phone-dark.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        browser.set_window_size(size["width"], size["height"])
        browser.execute_script("localStorage.clear()")


# ------------------------------------------------------------------------ the search page


def test_filters_with_counts_on_the_search_page(browser, site_url):
    _open(browser, site_url + "search/?q=partner")
    status = _css(browser, "[data-kb-search=status]")
    _wait(browser, lambda d: "result" in status.text, "the search page did not search")
    before = int(status.text.split()[0])
    turkish = _css(browser, 'input[data-kb-filter="language"][value="Turkish"]')
    shown_count = int(turkish.find_element("xpath", "..").text.split()[-1])
    assert 0 < shown_count < before
    turkish.click()
    _wait(browser, lambda d: status.text.split()[0] == str(shown_count), "filter not applied")
    assert "language=Turkish" in browser.current_url, "the filters live in the address"
    kinds = browser.find_elements("css selector", "[data-kb-search=results] a[data-kb-type]")
    assert {k.get_attribute("data-kb-type") for k in kinds} == {"Fact"}
    # The address reproduces the view.
    _open(browser, browser.current_url)
    _wait(
        browser,
        lambda d: _css(d, "[data-kb-search=status]").text.startswith(str(shown_count)),
        "reload",
    )
    assert _css(browser, 'input[data-kb-filter="language"][value="Turkish"]').is_selected()
    # Every filter the issue names is offered on an empty query.
    _open(browser, site_url + "search/")
    _wait(browser, lambda d: "result" in _css(d, "[data-kb-search=status]").text, "no listing")
    offered = {
        f.get_attribute("data-kb-facet")
        for f in browser.find_elements("css selector", "[data-kb-facet]")
    }
    assert {
        "type",
        "kind",
        "decade",
        "year",
        "entity",
        "topic",
        "source",
        "source kind",
        "language",
    } <= offered


def test_no_request_to_another_host_and_none_for_lunr(browser, site_url):
    requested(browser)
    _open(browser, site_url)
    ask(browser, ["NATO zirvesi", "윤석열"])
    _open(browser, site_url + "search/?q=Riga")
    _wait(browser, lambda d: "result" in _css(d, "[data-kb-search=status]").text, "search page")
    seen = requested(browser)
    assert [u for u in seen if not u.startswith((site_url, "data:", "blob:"))] == []
    assert not [u for u in seen if "search_index" in u or "workers/search" in u]
    assert any("pagefind" in u for u in seen)


def test_a_query_downloads_less_than_400_kb(browser, built_site):
    """Cold: a fresh page, nothing cached; bytes as a compressing host (GitHub Pages) sends
    them, and as sent uncompressed. The benchmark measures the same at 5,000 sources."""
    with counting_server(built_site) as server:
        for query in (
            "IPCP 2012",
            "küresel ortak",
            "NATO",
            "when did South Korea become a global partner",
        ):
            payload = cold_payload(browser, server, server.url, query)
            assert payload.requests and payload.by_kind.get("wasm")
            assert payload.sent <= MAX_QUERY_BYTES, payload
            assert payload.raw <= MAX_QUERY_BYTES, payload


# ---------------------------------------------------------------- mkdocs serve re-indexes


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_reindexes_after_a_corpus_edit(browser, tmp_path):
    project = copy_project(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**MKDOCS_ENV, "SITE_URL": url},
    )
    try:
        served = tmp_path / "serve.log"
        deadline = time.monotonic() + 120
        while "Serving on" not in served.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, served.read_text()
            time.sleep(0.5)
        _open(browser, url)
        assert ask(browser, ["Zanzibarprotokol"])[0]["total"] == 0
        source = project / "corpus" / "sources" / "002.txt"
        with source.open("a", encoding="utf-8") as text:
            text.write("\n\nIn 2019 NATO and South Korea signed the Zanzibarprotokol agreement.\n")
        builds = served.read_text().count("search index:")
        while served.read_text().count("search index:") == builds and time.monotonic() < deadline:
            assert server.poll() is None, served.read_text()
            time.sleep(0.5)
        _open(browser, url)
        answer = ask(browser, ["Zanzibarprotokol"])[0]
        assert answer["total"] >= 1, served.read_text()[-2000:]
        assert result_key(answer["urls"][0]).startswith("years/2019/#f-002-")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert os.path.exists(tmp_path / "serve.log")


def test_the_turkish_edition_searches_in_turkish(browser, site_url):
    _open(browser, site_url + "tr/")
    links = _dialog_results(browser, "küresel ortak", done="sonuç")
    assert links and all(link.startswith(site_url + "tr/") for link in links), links[:3]
    lines = browser.find_elements("css selector", "[data-kb-search=result] .kb-result-line")
    assert {line.text.split(" · ")[0] for line in lines} & {"Olgu", "Konu", "Anlaşmazlık"}
