// The site search: Pagefind's index (pagefind/, written by natokorea_kb/searchindex.py)
// behind Material's header search dialog, the search page's filters, and the
// highlighting of the words searched for on the page a result leads to.
//
// Pagefind keeps one index per language and stems a language's words with the stemmer
// compiled into that language's WebAssembly. One JavaScript realm holds one such module
// (the first it loads), so each language with a stemmer of its own gets a realm of its
// own: the page's language (English) in Pagefind's web worker, Turkish on the main
// thread. A language without a stemmer of its own (Hangul is kept as written) is merged
// into the first. Results of all of them are merged by score, as Pagefind merges
// indexes itself, and their filter counts are added up.
//
// Loaded once as an ES module; with Material's instant navigation the header stays and
// the per-page work (highlighting, the search page) runs again on every page (document$).

const scope = globalThis.__md_scope || new URL("./", document.baseURI);
const HIGHLIGHT = "highlight";
let settings = {};
let strings = {};
let bundle = new URL("pagefind/", scope);
let OPTIONS = { highlightParam: HIGHLIGHT };
let ignored = new Set();

let loading = null;
/** The search's rules and words (assets/kb-search.json, made from the project's
 * resource files by natokorea_kb/search.py), read once, when a search first starts. */
function loadSettings() {
  loading ||= fetch(new URL("kb-search.json", import.meta.url))
    .then((response) => response.json())
    .then((loaded) => {
      settings = loaded;
      strings = loaded.strings || {};
      bundle = new URL(loaded.bundle, scope);
      ignored = new Set(loaded.ignored || []);
      OPTIONS = {
        excerptLength: 24,
        highlightParam: HIGHLIGHT,
        ranking: { ...loaded.ranking, metaWeights: loaded.metaWeights },
      };
    });
  return loading;
}

const esc = (text) =>
  String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const say = (key, n) => (strings[key] || key).replace("{n}", n);

/** The query as Pagefind should read it: I and İ folded here, since Pagefind lower-cases
 * with the reader's locale, where Turkish turns "ITTIFAK" into "ıttıfak". */
export function foldQuery(term) {
  const folds = settings.queryFolds || {};
  return [...term].map((c) => folds[c] ?? c).join("");
}

let instances = null;

/** The Pagefind instances, one per stemmer, made once. */
export function pagefind() {
  instances ||= (async () => {
    await loadSettings();
    const response = await fetch(new URL("pagefind-entry.json", bundle));
    if (!response.ok) throw new Error(`no search index at ${bundle}`);
    const entry = await response.json();
    const languages = entry.languages;
    const codes = Object.keys(languages).sort();
    const html = document.documentElement;
    const pageLanguage = html.getAttribute("lang") || "en";
    const primary = codes.includes(pageLanguage)
      ? pageLanguage
      : codes.reduce((a, b) => (languages[b].page_count > languages[a].page_count ? b : a));
    const module = await import(new URL("pagefind.js", bundle).href);
    await module.options({ ...OPTIONS, basePath: bundle.pathname, baseUrl: scope.pathname });
    await module.init();
    const made = [module];
    // mergeIndex skips an index at the primary's own address ("the same index"), so
    // merged indexes are named by their full address and results keep the site's path.
    const merged = { ...OPTIONS, baseUrl: scope.pathname };
    let realms = 0;
    for (const code of codes) {
      if (code === primary) continue;
      const wasm = languages[code].wasm;
      if (!wasm || wasm === languages[primary].wasm) {
        await module.mergeIndex(bundle.href, { ...merged, language: code });
        continue;
      }
      // createInstance takes its language from <html lang>, whatever it is told.
      html.setAttribute("lang", code);
      let instance;
      try {
        instance =
          realms++ === 0
            ? module.createInstance({ ...OPTIONS, basePath: bundle.pathname, baseUrl: scope.pathname, noWorker: true })
            : (await import(new URL(`pagefind.js?realm=${code}`, bundle).href)).createInstance({
                ...OPTIONS,
                basePath: bundle.pathname,
                baseUrl: scope.pathname,
              });
      } finally {
        html.setAttribute("lang", pageLanguage);
      }
      await instance.init();
      made.push(instance);
    }
    return made;
  })();
  return instances;
}

function addCounts(target, counts) {
  for (const [filter, values] of Object.entries(counts || {}))
    for (const [value, n] of Object.entries(values)) {
      target[filter] ||= {};
      target[filter][value] = (target[filter][value] || 0) + n;
    }
  return target;
}

async function searchAll(term, options) {
  const all = await Promise.all((await pagefind()).map((i) => i.search(term, options)));
  return {
    results: all.flatMap((s) => s.results).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)),
    filters: all.reduce((t, s) => addCounts(t, s.filters), {}),
  };
}

/** The words of a query worth searching: folded, question and function words left out
 * unless nothing else is left. */
export function queryWords(term) {
  const words = foldQuery(term).split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => !ignored.has(w.toLocaleLowerCase("en")));
  return kept.length ? kept : words;
}

/** Search every index; results by score, filter counts added up. Pagefind finds what
 * holds every word; when that is fewer than three results, the results of the query
 * without one of its words follow, so a question worded unlike any fact still finds it. */
export async function search(term, options = {}) {
  await loadSettings();
  if (term === null) return searchAll(null, options);
  const words = queryWords(term);
  const found = await searchAll(words.join(" "), options);
  if (found.results.length >= 3 || words.length < 2) return found;
  const seen = new Set(found.results.map((r) => r.id));
  const looser = await Promise.all(words.map((_, i) => searchAll(words.filter((__, j) => j !== i).join(" "), options)));
  const extra = looser
    .flatMap((s) => s.results)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .filter((r) => !seen.has(r.id) && seen.add(r.id));
  const counts = found.results.length ? found.filters : looser.reduce((t, s) => addCounts(t, s.filters), {});
  return { results: [...found.results, ...extra], filters: counts };
}

/** Every filter value with its number of records. */
export async function filters() {
  const all = await Promise.all((await pagefind()).map((i) => i.filters()));
  return all.reduce(addCounts, {});
}

/** An excerpt as HTML: Pagefind's text escaped, its <mark> kept. */
function excerptHtml(excerpt) {
  const text = String(excerpt || "")
    .replace(/<mark>/g, "\u0001")
    .replace(/<\/mark>/g, "\u0002");
  const plain = new DOMParser().parseFromString(`<p>${text}</p>`, "text/html").body.textContent;
  return esc(plain).replace(/\u0001/g, "<mark>").replace(/\u0002/g, "</mark>");
}

/** One result in Material's result markup: what it is, its title, a marked excerpt.
 * What it is, its kind and its sources are filter values: shown, not searched. */
export function resultHtml(data) {
  const meta = data.meta || {};
  const filters = data.filters || {};
  const type = (filters.type || [])[0] || "";
  const sources = filters.source || [];
  const cited = sources.length > 1 ? say("sources", sources.length) : sources.length ? say("source", sources[0]) : "";
  const line = [type, meta.date, type === "Fact" ? (filters.kind || [])[0] : "", cited].filter(Boolean).join(" · ");
  return `<li class="md-search-result__item"><a href="${esc(data.url)}" class="md-search-result__link" tabindex="-1" data-kb-type="${esc(type)}">
<article class="md-search-result__article md-typeset"><p class="kb-result-line">${esc(line)}</p>
<h1>${esc(meta.label || meta.title || data.url)}</h1><p>${excerptHtml(data.excerpt)}</p></article></a></li>`;
}

// ---------------------------------------------------------------- the header dialog

const toggle = () => document.getElementById("__search");
const input = () => document.querySelector("[data-kb-search=query]");
const output = () => document.querySelector("[data-kb-search=result]");
const SHOWN = 10;
const REOPEN_AFTER = 400; // ms after a close before focusing the box opens the dialog again

function openDialog() {
  const box = toggle();
  if (box && !box.checked) {
    box.checked = true;
    box.dispatchEvent(new Event("change"));
  }
  input()?.focus();
  pagefind().catch(() => {});
}

let closedAt = -Infinity;
function closeDialog() {
  closedAt = performance.now();
  const box = toggle();
  if (box?.checked) {
    box.checked = false;
    box.dispatchEvent(new Event("change"));
  }
  input()?.blur();
}

let latest = 0;
async function showResults(term) {
  const mine = ++latest;
  await loadSettings();
  if (mine !== latest) return;
  const area = output();
  const meta = area.querySelector(".md-search-result__meta");
  const list = area.querySelector(".md-search-result__list");
  const more = area.querySelector(".kb-search-more");
  if (!term.trim()) {
    meta.textContent = say("initial");
    list.innerHTML = "";
    more.hidden = true;
    return;
  }
  meta.textContent = say("loading");
  await new Promise((resolve) => setTimeout(resolve, 100)); // typing on: wait for the last key
  if (mine !== latest) return;
  let found;
  try {
    found = await search(term);
  } catch (error) {
    meta.textContent = say("offline");
    return;
  }
  const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  if (mine !== latest) return;
  const n = found.results.length;
  meta.textContent = n === 0 ? say("none") : n === 1 ? say("results_one") : say("results_many", n);
  list.innerHTML = data.map(resultHtml).join("");
  more.hidden = n === 0;
  more.textContent = say("more");
  more.href = `${new URL(settings.page, scope).href}?q=${encodeURIComponent(term)}`;
}

function dialogLinks() {
  return [...output().querySelectorAll(".md-search-result__link, .kb-search-more:not([hidden])")];
}

function wireDialog() {
  const box = input();
  if (!box || box.dataset.kbWired) return;
  box.dataset.kbWired = "1";
  // a focus that lands just after Esc (a deferred one, under load) does not reopen it
  box.addEventListener("focus", () => performance.now() - closedAt > REOPEN_AFTER && openDialog());
  box.addEventListener("input", () => showResults(box.value));
  box.form.addEventListener("reset", () => setTimeout(() => showResults(""), 0));
  box.form.addEventListener("submit", (event) => {
    event.preventDefault();
    dialogLinks()[0]?.click();
  });
  output().addEventListener("click", (event) => {
    if (event.target.closest("a")) closeDialog();
  });
  // Focus waits a tick for Material's own change handler; a dialog closed in
  // that tick (Esc right after "s") must stay closed, so check again then. A dialog
  // Material closes (it does 125 ms after every navigation) lets go of the focus, or
  // the next "s" would be typed into a hidden box.
  toggle()?.addEventListener("change", () => {
    setTimeout(() => {
      if (toggle().checked) box.focus();
      else if (document.activeElement === box) box.blur();
    }, 0);
  });
}

const typing = (el) => el && (el.isContentEditable || /^(input|textarea|select)$/i.test(el.tagName));

// Material binds "/", "s" and "f" in its own search, which is not started here.
document.addEventListener(
  "keydown",
  (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (!toggle()?.checked) {
      if (["/", "s", "f"].includes(event.key) && !typing(document.activeElement)) {
        event.preventDefault();
        event.stopPropagation();
        openDialog();
        input()?.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      closeDialog();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const stops = [input(), ...dialogLinks()];
      const at = stops.indexOf(document.activeElement);
      const next = Math.max(0, Math.min(stops.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      stops[next]?.focus();
      event.preventDefault();
    }
  },
  true,
);

// ------------------------------------------------------------- the search page

async function searchPage(root) {
  await loadSettings();
  const form = root.querySelector("form");
  const box = form.querySelector("input[name=q]");
  const facets = root.querySelector("[data-kb-search=facets]");
  const status = root.querySelector("[data-kb-search=status]");
  const list = root.querySelector("[data-kb-search=results]");
  const order = settings.filters || [];
  const params = new URLSearchParams(location.search);
  box.value = params.get("q") || "";
  const chosen = {};
  for (const name of order) if (params.getAll(name).length) chosen[name] = params.getAll(name);
  root.hidden = false;
  let every;
  try {
    every = await filters();
  } catch (error) {
    status.textContent = say("offline");
    return;
  }
  let mine = 0;
  async function update() {
    const now = ++mine;
    const term = box.value.trim() || null;
    const active = Object.fromEntries(
      Object.entries(chosen)
        .filter(([, values]) => values.length)
        .map(([name, values]) => [name, { any: values }]),
    );
    const query = new URLSearchParams();
    if (term) query.set("q", term);
    for (const [name, values] of Object.entries(chosen)) for (const v of values) query.append(name, v);
    history.replaceState(history.state, "", `?${query}`.replace(/\?$/, location.pathname));
    status.textContent = say("loading");
    const found = await search(term, { filters: active });
    const data = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
    if (now !== mine) return;
    const counts = found.filters || {};
    facets.innerHTML = order
      .filter((name) => every[name])
      .map((name) => {
        const values = Object.keys(every[name])
          .filter((v) => (chosen[name] || []).includes(v) || counts[name]?.[v])
          .sort((a, b) => (counts[name]?.[b] || 0) - (counts[name]?.[a] || 0) || a.localeCompare(b))
          .slice(0, 40);
        if (!values.length) return "";
        const boxes = values
          .map((v) => {
            const on = (chosen[name] || []).includes(v) ? " checked" : "";
            return `<label><input type="checkbox" data-kb-filter="${esc(name)}" value="${esc(v)}"${on}> ${esc(v)} <span class="kb-count">${counts[name]?.[v] || 0}</span></label>`;
          })
          .join("");
        return `<fieldset data-kb-facet="${esc(name)}"><legend>${esc(say(`filter.${name}`))}</legend>${boxes}</fieldset>`;
      })
      .join("");
    const n = found.results.length;
    status.textContent = n === 0 ? say("none") : n === 1 ? say("results_one") : say("results_many", n);
    list.innerHTML = data.map(resultHtml).join("");
  }
  root.addEventListener("change", (event) => {
    const tick = event.target.closest("input[data-kb-filter]");
    if (!tick) return;
    const values = (chosen[tick.dataset.kbFilter] ||= []);
    if (tick.checked) values.push(tick.value);
    else values.splice(values.indexOf(tick.value), 1);
    update();
  });
  root.querySelector("[data-kb-search=clear]")?.addEventListener("click", () => {
    for (const name of Object.keys(chosen)) delete chosen[name];
    update();
  });
  let timer;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  await update();
}

// ------------------------------------------------ every page: highlight, search page

let highlighter = null;

async function highlight() {
  const params = new URLSearchParams(location.search);
  if (!params.has(HIGHLIGHT)) return;
  highlighter ||= import(new URL("pagefind-highlight.js", bundle).href);
  await highlighter;
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  new globalThis.PagefindHighlight({
    highlightParam: HIGHLIGHT,
    markContext: target || document.querySelector("article") || document.body,
    addStyles: false,
  });
  if (target) {
    target.classList.add("kb-search-target");
    target.scrollIntoView({ block: "center" });
  }
}

function onPage() {
  wireDialog();
  const page = document.querySelector("[data-kb-search=page]");
  if (page) searchPage(page);
  highlight().catch(() => {});
}

if (globalThis.document$?.subscribe) globalThis.document$.subscribe(onPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
else onPage();
