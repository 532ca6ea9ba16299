/* natokorea-kb explorer: filter the facts in the browser, with no server.
   Reads data/explore/index.json, then only the chunks of the smallest group the filters
   allow (the facts naming one entity, carrying one topic, of one source, or all facts
   in the chosen years), a few at a time; see src/natokorea_kb/explore.py for the data.
   The filters live in the page's query string, so a filtered view is a link to share.
   Acts only on a page holding #kb-explorer; Material's instant navigation swaps pages
   without reloading scripts, so it starts on each document$ emission. Every word it
   writes comes from the page (data-messages, the edition's catalog), and each row
   carries its date and title per edition (date_<lang>, title_<lang>, title_lang_<lang>). */
(function () {
  "use strict";

  var BUDGET = 2000; // rows fetched per step before asking to load more
  var SHOWN = 100; // facts listed before "show more"
  var F = {}; // row field name -> position, from the index

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /* A message of the page's catalog, its {slots} filled; plural forms by "count". */
  function say(messages, key, values) {
    var forms = messages[key] || { other: key };
    var text = values && values.count === 1 && forms.one ? forms.one : forms.other;
    return text.replace(/\{([a-z_]+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function readState(params, index) {
    var has = function (key) { return params.has(key); };
    var list = function (key) {
      return (params.get(key) || "").split(",").filter(Boolean);
    };
    var fresh = Array.from(params.keys()).length === 0;
    var years = index.years.map(function (y) { return y[0]; });
    return {
      entity: fresh ? index.focus.slice() : list("entity"),
      topic: list("topic"),
      kind: params.get("kind") || "",
      source: params.get("source") || "",
      skind: params.get("skind") || "",
      lang: params.get("lang") || "",
      from: has("from") ? parseInt(params.get("from"), 10) : years[0],
      to: has("to") ? parseInt(params.get("to"), 10) : years[years.length - 1],
      disputed: params.get("disputed") === "1",
      corroborated: params.get("corroborated") === "1"
    };
  }

  function writeState(state, index) {
    var params = new URLSearchParams();
    var years = index.years.map(function (y) { return y[0]; });
    params.set("entity", state.entity.join(","));
    if (state.topic.length) { params.set("topic", state.topic.join(",")); }
    ["kind", "source", "skind", "lang"].forEach(function (key) {
      if (state[key]) { params.set(key, state[key]); }
    });
    if (state.from !== years[0]) { params.set("from", state.from); }
    if (state.to !== years[years.length - 1]) { params.set("to", state.to); }
    if (state.disputed) { params.set("disputed", "1"); }
    if (state.corroborated) { params.set("corroborated", "1"); }
    var query = params.toString().replace(/%2C/g, ",");
    history.replaceState(history.state, "", location.pathname + "?" + query);
  }

  /* The group to fetch: the one with the fewest rows in the chosen years. */
  function plan(state, index) {
    if (state.source) {
      return { name: "source/" + state.source, chunks: null };
    }
    var names = state.entity.map(function (e) { return "entity/" + e; })
      .concat(state.topic.map(function (t) { return "topic/" + t; }));
    if (!names.length) { names = ["all"]; }
    var best = null;
    names.forEach(function (name) {
      var chunks = index.chunks[name] || [];
      var wanted = [];
      var rows = 0;
      chunks.forEach(function (chunk, i) {
        if (chunk[1] >= state.from && chunk[0] <= state.to) {
          wanted.push(i + 1);
          rows += chunk[2];
        }
      });
      if (best === null || rows < best.rows) {
        best = { name: name, chunks: wanted, rows: rows };
      }
    });
    return best;
  }

  function matches(row, state, index, sources, skip) {
    var year = parseInt(row[F.start].slice(0, 4), 10);
    var endYear = parseInt(row[F.end].slice(0, 4), 10);
    if (skip !== "years" && (endYear < state.from || year > state.to)) { return false; }
    if (skip !== "kind" && state.kind && index.kinds[row[F.kind]] !== state.kind) { return false; }
    if (skip !== "lang" && state.lang && row[F.language] !== state.lang) { return false; }
    if (skip !== "source" && state.source && row[F.source] !== state.source) { return false; }
    var meta = sources[row[F.source]] || ["", "", ""];
    if (skip !== "skind" && state.skind && meta[1] !== state.skind) { return false; }
    if (skip !== "flags" && state.disputed && !(row[F.flags] & 1)) { return false; }
    if (skip !== "flags" && state.corroborated && !(row[F.flags] & 2)) { return false; }
    var ents = row[F.entities].map(function (i) { return index.entities[i][0]; });
    var tops = row[F.topics].map(function (i) { return index.topics[i][0]; });
    var all = function (wanted, have) {
      return wanted.every(function (w) { return have.indexOf(w) >= 0; });
    };
    return all(state.entity, ents) && all(state.topic, tops);
  }

  function Explorer(root) {
    this.root = root;
    this.base = new URL(root.getAttribute("data-root"), location.href);
    this.files = new URL(root.getAttribute("data-files"), location.href);
    this.language = root.getAttribute("data-language");
    this.focusTitle = root.getAttribute("data-focus-title");
    this.messages = JSON.parse(root.getAttribute("data-messages"));
    this.form = root.querySelector("form");
    this.status = root.querySelector("#kb-explorer-status");
    this.results = root.querySelector("#kb-explorer-results");
    this.more = root.querySelector("#kb-explorer-more");
    this.loadMore = root.querySelector("#kb-explorer-load");
    this.rows = [];
    this.sources = {};
    this.limit = SHOWN;
    this.loaded = null;
  }

  Explorer.prototype.fetchJSON = function (path) {
    return fetch(new URL(path, this.files)).then(function (response) {
      if (!response.ok) { throw new Error(path + ": " + response.status); }
      return response.json();
    });
  };

  Explorer.prototype.start = function () {
    var self = this;
    var indexUrl = this.root.getAttribute("data-index");
    fetch(indexUrl).then(function (r) { return r.json(); }).then(function (index) {
      self.index = index;
      index.fields.forEach(function (name, i) { F[name] = i; });
      self.state = readState(new URLSearchParams(location.search), index);
      self.syncForm();
      self.form.addEventListener("change", function () { self.fromForm(); });
      self.form.addEventListener("submit", function (event) { event.preventDefault(); });
      self.root.querySelector("#kb-explorer-core").addEventListener("click", function () {
        self.reset(index.focus.slice());
      });
      self.root.querySelector("#kb-explorer-clear").addEventListener("click", function () {
        self.reset([]);
      });
      self.loadMore.addEventListener("click", function () { self.fetchMore(); });
      self.more.addEventListener("click", function () {
        self.limit += SHOWN;
        self.render();
      });
      var finder = self.root.querySelector("#kb-entity-find");
      finder.addEventListener("input", function () { self.renderCounts(); });
      self.load();
    }).catch(function (error) {
      self.status.textContent = say(self.messages, "load_error", { error: error.message });
    });
  };

  Explorer.prototype.reset = function (entities) {
    var years = this.index.years.map(function (y) { return y[0]; });
    this.state = {
      entity: entities, topic: [], kind: "", source: "", skind: "", lang: "",
      from: years[0], to: years[years.length - 1], disputed: false, corroborated: false
    };
    this.syncForm();
    this.load();
  };

  Explorer.prototype.syncForm = function () {
    var state = this.state;
    var form = this.form;
    form.querySelectorAll("input[name=entity]").forEach(function (box) {
      box.checked = state.entity.indexOf(box.value) >= 0;
    });
    form.querySelectorAll("input[name=topic]").forEach(function (box) {
      box.checked = state.topic.indexOf(box.value) >= 0;
    });
    ["kind", "skind", "lang"].forEach(function (name) {
      form.querySelectorAll("input[name=" + name + "]").forEach(function (radio) {
        radio.checked = radio.value === state[name];
      });
    });
    form.elements.from.value = String(state.from);
    form.elements.to.value = String(state.to);
    form.elements.disputed.checked = state.disputed;
    form.elements.corroborated.checked = state.corroborated;
    this.setSourceOptions();
  };

  Explorer.prototype.fromForm = function () {
    var form = this.form;
    var checked = function (name) {
      return Array.from(form.querySelectorAll("input[name=" + name + "]:checked"))
        .map(function (box) { return box.value; });
    };
    var radio = function (name) {
      var box = form.querySelector("input[name=" + name + "]:checked");
      return box ? box.value : "";
    };
    var from = parseInt(form.elements.from.value, 10);
    var to = parseInt(form.elements.to.value, 10);
    var before = this.plan;
    this.state = {
      entity: checked("entity"), topic: checked("topic"), kind: radio("kind"),
      source: form.elements.source.value, skind: radio("skind"), lang: radio("lang"),
      from: Math.min(from, to), to: Math.max(from, to),
      disputed: form.elements.disputed.checked, corroborated: form.elements.corroborated.checked
    };
    var next = plan(this.state, this.index);
    if (before && next.name === before.name && sameChunks(next, before)) {
      this.limit = SHOWN;
      writeState(this.state, this.index);
      this.render();
    } else {
      this.load();
    }
  };

  function sameChunks(a, b) {
    return JSON.stringify(a.chunks) === JSON.stringify(b.chunks);
  }

  Explorer.prototype.load = function () {
    writeState(this.state, this.index);
    this.plan = plan(this.state, this.index);
    this.rows = [];
    this.sources = {};
    this.limit = SHOWN;
    this.pending = this.plan.chunks === null ? null : this.plan.chunks.slice();
    this.status.textContent = say(this.messages, "loading");
    this.fetchMore();
  };

  Explorer.prototype.fetchMore = function () {
    var self = this;
    var myPlan = this.plan;
    var paths = [];
    if (this.pending === null) {
      paths = ["explore/" + myPlan.name + ".json"];
      this.pending = [];
    } else {
      var rows = 0;
      while (this.pending.length && (rows === 0 || rows < BUDGET)) {
        var number = this.pending.shift();
        rows += this.index.chunks[myPlan.name][number - 1][2];
        paths.push("explore/" + myPlan.name + "/" + number + ".json");
      }
    }
    Promise.all(paths.map(function (p) {
      return self.fetchJSON(p).catch(function () { return { rows: [], sources: {} }; });
    })).then(function (parts) {
      if (myPlan !== self.plan) { return; } // the filters changed meanwhile
      parts.forEach(function (part) {
        self.rows = self.rows.concat(part.rows);
        Object.assign(self.sources, part.sources);
      });
      self.setSourceOptions();
      self.render();
    });
  };

  Explorer.prototype.setSourceOptions = function () {
    var select = this.form.elements.source;
    var state = this.state;
    var counts = {};
    var self = this;
    this.rows.forEach(function (row) {
      if (matches(row, state, self.index, self.sources, "source")) {
        counts[row[F.source]] = (counts[row[F.source]] || 0) + 1;
      }
    });
    var ids = Object.keys(counts).sort();
    if (state.source && ids.indexOf(state.source) < 0) { ids.unshift(state.source); }
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, say(this.messages, "any_source")));
    ids.forEach(function (id) {
      var meta = self.sources[id];
      var label = say(self.messages, meta ? "source_option" : "source_option_bare", {
        id: id, title: meta ? meta[0] : "", count: counts[id] || 0
      });
      select.appendChild(el("option", { value: id }, label));
    });
    select.value = state.source;
  };

  Explorer.prototype.render = function () {
    var self = this;
    var state = this.state;
    var index = this.index;
    var hits = this.rows.filter(function (row) {
      return matches(row, state, index, self.sources, "");
    });
    var clusters = {};
    var order = [];
    hits.forEach(function (row) {
      var key = row[F.cluster];
      if (!clusters[key]) { clusters[key] = []; order.push(key); }
      clusters[key].push(row);
    });
    order.sort(function (a, b) {
      var ra = clusters[a][0];
      var rb = clusters[b][0];
      return (ra[F.start] + ra[F.end] + a).localeCompare(rb[F.start] + rb[F.end] + b);
    });
    this.results.textContent = "";
    order.slice(0, this.limit).forEach(function (key) {
      self.results.appendChild(self.line(clusters[key]));
    });
    this.more.hidden = order.length <= this.limit;
    var left = this.pending ? this.pending.length : 0;
    this.loadMore.hidden = left === 0;
    var m = this.messages;
    var facts = say(m, "facts", { count: order.length });
    var statements = say(m, "statements", { count: hits.length });
    this.status.textContent = left
      ? say(m, "status_partial", {
        facts: facts, statements: statements, loaded: say(m, "statements", { count: this.rows.length })
      })
      : say(m, "status", { facts: facts, statements: statements });
    this.renderCounts();
  };

  Explorer.prototype.line = function (rows) {
    var row = rows[0];
    var index = this.index;
    var item = el("li", { "class": "kb-fact kb-kind-" + index.kinds[row[F.kind]] });
    var lang = this.language;
    var m = this.messages;
    item.appendChild(el("span", { "class": "kb-date" }, row[F["date_" + lang]]));
    item.appendChild(document.createTextNode(" · "));
    item.appendChild(el("span", { "class": "kb-kind" }, say(m, "kinds." + index.kinds[row[F.kind]])));
    item.appendChild(document.createTextNode(" · "));
    var card = new URL(row[F.card] + "#" + row[F.cluster], this.base);
    var titleLang = row[F["title_lang_" + lang]];
    var link = el("a", { href: card.href }, row[F["title_" + lang]]);
    if (titleLang !== lang) { link.setAttribute("lang", titleLang); }
    item.appendChild(link);
    if (row[F.flags] & 4) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", { "class": "kb-core-mark" }, this.focusTitle));
    }
    var sources = el("span", { "class": "kb-line-sources" });
    sources.appendChild(document.createTextNode(" ("));
    var self = this;
    rows.slice(0, 5).forEach(function (r, i) {
      if (i) { sources.appendChild(document.createTextNode("; ")); }
      var page = index.urls.source.replace("{source}", r[F.source]);
      var href = new URL(page + "#" + r[F.sentence], self.base).href;
      sources.appendChild(el("a", { href: href }, say(m, "row_source", {
        source: r[F.source], sentence: r[F.sentence]
      })));
    });
    if (rows.length > 5) {
      sources.appendChild(document.createTextNode("; " + say(m, "more", { count: rows.length - 5 })));
    }
    if (row[F.flags] & 1) { sources.appendChild(document.createTextNode("; " + say(m, "disputed"))); }
    sources.appendChild(document.createTextNode(")"));
    item.appendChild(sources);
    return item;
  };

  /* Counts beside each filter: how many matching statements each value would leave. */
  Explorer.prototype.renderCounts = function () {
    var self = this;
    var state = this.state;
    var index = this.index;
    var tally = function (skip, key) {
      var counts = {};
      self.rows.forEach(function (row) {
        if (!matches(row, state, index, self.sources, skip)) { return; }
        [].concat(key(row)).forEach(function (value) {
          counts[value] = (counts[value] || 0) + 1;
        });
      });
      return counts;
    };
    var entities = tally("", function (row) {
      return row[F.entities].map(function (i) { return index.entities[i][0]; });
    });
    var topics = tally("", function (row) {
      return row[F.topics].map(function (i) { return index.topics[i][0]; });
    });
    var kinds = tally("kind", function (row) { return index.kinds[row[F.kind]]; });
    var langs = tally("lang", function (row) { return row[F.language]; });
    var skinds = tally("skind", function (row) {
      return (self.sources[row[F.source]] || ["", ""])[1];
    });
    var flags = tally("flags", function (row) {
      return (row[F.flags] & 1 ? ["disputed"] : []).concat(row[F.flags] & 2 ? ["corroborated"] : []);
    });
    var find = (this.root.querySelector("#kb-entity-find").value || "").toLowerCase();
    this.form.querySelectorAll("[data-kb-count]").forEach(function (label) {
      var facet = label.getAttribute("data-kb-facet");
      var value = label.getAttribute("data-kb-count");
      var table = { entity: entities, topic: topics, kind: kinds, lang: langs, skind: skinds, flag: flags }[facet];
      var count = table[value] || 0;
      if (facet === "kind" || facet === "lang" || facet === "skind") {
        if (value === "") {
          count = Object.keys(table).reduce(function (sum, k) { return sum + table[k]; }, 0);
        }
      }
      label.querySelector(".kb-count").textContent = "(" + count + ")";
      var box = label.querySelector("input");
      if (facet === "entity" || facet === "topic") {
        var named = label.textContent.toLowerCase().indexOf(find) >= 0 || facet === "topic";
        label.hidden = !(box.checked || (count > 0 && named));
      }
    });
  };

  function init() {
    var root = document.getElementById("kb-explorer");
    if (root && !root.getAttribute("data-kb-ready")) {
      root.setAttribute("data-kb-ready", "1");
      root.querySelector(".kb-explorer-js").hidden = false;
      new Explorer(root).start();
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
