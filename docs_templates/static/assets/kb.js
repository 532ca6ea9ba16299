/* natokorea-kb: small enhancements of the generated pages, served from the site itself.
   - Links marked data-kb-absolute show their full address (a citation names the page
     wherever the site is hosted), and every content link carries its full address in
     data-kb-href, which the print stylesheet prints after the link.
   - Buttons marked data-kb-copy copy the text of the element they name, in one click,
     and say so in the page's language (their data-kb-copied and data-kb-failed).
   - The language switcher (links marked data-kb-edition) keeps the address's #anchor,
     so a reader on a fact card lands on the same card in the other edition.
   Material's instant navigation swaps the page without reloading scripts, so the page
   is prepared again on each of its document$ emissions, and clicks are delegated. */
(function () {
  "use strict";

  function prepare() {
    var content = document.querySelector(".md-content") || document.body;
    content.querySelectorAll("a[data-kb-absolute]").forEach(function (link) {
      link.textContent = link.href;
    });
    content.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href && href.charAt(0) !== "#" && !link.classList.contains("headerlink")) {
        link.setAttribute("data-kb-href", link.href);
      }
    });
    content.querySelectorAll("button[data-kb-copy]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallbackCopy(text);
      });
    }
    return fallbackCopy(text);
  }

  function say(button, message) {
    var label = button.getAttribute("data-kb-label") || button.textContent;
    button.setAttribute("data-kb-label", label);
    button.textContent = message;
    window.setTimeout(function () {
      button.textContent = label;
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var edition = event.target.closest && event.target.closest("a[data-kb-edition]");
    if (edition && location.hash) {
      edition.href = edition.href.split("#")[0] + location.hash;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-kb-copy]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-kb-copy"));
    if (!source) {
      return;
    }
    var text = source.innerText.replace(/\s+/g, " ").trim();
    source.setAttribute("data-kb-copied", text);
    copy(text).then(
      function () {
        say(button, button.getAttribute("data-kb-copied"));
      },
      function () {
        say(button, button.getAttribute("data-kb-failed"));
      }
    );
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(prepare);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
