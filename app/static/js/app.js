// Small glue for htmx: show server errors as a toast instead of silently doing nothing.
document.addEventListener("htmx:responseError", function (event) {
  var area = document.getElementById("toast-area");
  if (!area) return;
  var xhr = event.detail.xhr;
  var box = document.createElement("div");
  box.className = "toast show align-items-center border-0";
  box.setAttribute("role", "alert");
  var body = document.createElement("div");
  body.className = "toast-body";
  // The server sends an escaped HTML fragment for errors; fall back to the status line.
  var contentType = xhr.getResponseHeader("Content-Type") || "";
  if (contentType.indexOf("text/html") === 0 && xhr.responseText.length < 4000) {
    body.innerHTML = xhr.responseText;
  } else {
    body.textContent = xhr.status + " " + xhr.statusText;
  }
  box.appendChild(body);
  area.appendChild(box);
  setTimeout(function () { box.remove(); }, 8000);
});
document.addEventListener("htmx:sendError", function () {
  var area = document.getElementById("toast-area");
  if (!area) return;
  var box = document.createElement("div");
  box.className = "toast show text-bg-danger";
  box.setAttribute("role", "alert");
  box.innerHTML = '<div class="toast-body">' + (document.documentElement.lang === "en"
    ? "The server cannot be reached. Check the connection and try again."
    : "Không kết nối được máy chủ. Kiểm tra kết nối và thử lại.") + "</div>";
  area.appendChild(box);
  setTimeout(function () { box.remove(); }, 8000);
});
// A GET form (the dossier filters) sends every field, blank or not. Drop the blank ones so the URL that
// hx-push-url puts in the address bar stays short and matches the server's own links: a bookmark then
// reads /dossiers/?q=dang+thi+hong rather than ?q=dang+thi+hong&campaign=&award=&state=&unit=.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.verb !== "get" || event.detail.elt.tagName !== "FORM") return;
  var data = event.detail.formData;
  var blank = {};
  data.forEach(function (value, key) {
    if (!(key in blank)) blank[key] = true;
    if (value !== "") blank[key] = false;
  });
  Object.keys(blank).forEach(function (key) {
    if (blank[key]) data.delete(key);
  });
});
// hx-confirm only guards htmx requests; a plain form (one that posts and follows the redirect) asks
// with data-confirm instead, before anything is sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// The Content-Security-Policy allows no inline handlers (onclick=…), so the two small behaviours that
// used them are declared with data attributes: a "select all" checkbox names the boxes it ticks
// (data-select-all="<selector>"), and a select with data-autosubmit sends its form when changed.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (!field.getAttribute) return;
  var selector = field.getAttribute("data-select-all");
  if (selector) {
    document.querySelectorAll(selector).forEach(function (box) { box.checked = field.checked; });
  }
  if (field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
});
// The nominee picker of the dossier form (templates/registry/_picker*.html). Without this script its
// buttons submit the form and the server fills the fields; with it a "Choose" fills them in the page
// (the record's values in data-pick, the hidden record id included) and the officer saves as usual.
(function () {
  function picked() { return document.getElementById("nominee-picked"); }
  function clearList() {
    var results = document.getElementById("picker-results");
    if (results) results.innerHTML = "";
    var offer = document.getElementById("duplicate-offer");
    if (offer) offer.remove();
  }
  function unpick(form) {
    ["nominee_person_id", "nominee_collective_id"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) field.value = "";
    });
    if (picked()) picked().hidden = true;
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var choose = event.target.closest("[data-pick]");
    if (choose && choose.form) {
      event.preventDefault();
      var form = choose.form;
      var values = JSON.parse(choose.getAttribute("data-pick"));
      Object.keys(values).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value !== undefined) field.value = values[name];
      });
      var box = picked();
      if (box) {
        box.querySelector("[data-picked-label]").textContent = choose.getAttribute("data-pick-label");
        box.querySelector("[data-picked-detail]").textContent = choose.getAttribute("data-pick-detail");
        box.hidden = false;
      }
      clearList();
      // The duplicate-dossier check listens for a change of the name (hx-trigger on the form).
      var name = form.elements.namedItem("nominee_name");
      if (name) name.dispatchEvent(new Event("change", { bubbles: true }));
      if (box) box.querySelector("[data-unpick]").focus();
      return;
    }
    var clear = event.target.closest("[data-unpick]");
    if (clear && clear.form) {
      event.preventDefault();
      unpick(clear.form);
      var search = document.getElementById("picker_q");
      if (search) search.focus();
    }
  });
  // Another nominee kind: the record picked (a person, a collective) is not of it any more.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.name === "nominee_kind" && field.form && field.form.id === "dossier-form") {
      unpick(field.form);
      clearList();
    }
  });
  // In the search box Enter searches now (it would submit the form) and Down moves to the first result.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-picker-search")) return;
    if (event.key === "Enter") {
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(field, "search");
    } else if (event.key === "ArrowDown") {
      var first = document.querySelector("#picker-results [data-pick]");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
// The navbar's notification bell: its unread count, loaded with the page and refreshed every 45 s (in script,
// not hx-trigger, so that a page that has finished polling carries no hx-trigger).
document.addEventListener("DOMContentLoaded", function () {
  var bell = document.getElementById("bell");
  if (!bell || !window.htmx) return;
  var url = bell.getAttribute("data-count-url");
  var refresh = function () { htmx.ajax("GET", url, {target: bell, swap: "innerHTML"}); };
  refresh();
  setInterval(function () { if (!document.hidden) refresh(); }, 45000);
});
// A wide table scrolls inside its .table-responsive box (phones): keyboard users can scroll it only if the box
// takes the focus (WCAG 2.1.1), and a screen reader then needs its name. So a box that overflows becomes a
// focusable, named group (its table's caption or aria-label, else the nearest heading before it), and stops
// being one when it fits again: re-checked whenever its size changes and on content htmx swaps in.
(function () {
  function headingBefore(box) {
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        var heading = /^H[1-6]$/.test(prev.tagName) ? prev : prev.querySelector("h1, h2, h3, h4, h5, h6, legend");
        if (heading && heading.textContent.trim()) return heading.textContent.trim();
      }
    }
    return document.title;
  }
  function nameOf(box) {
    var table = box.querySelector("table");
    if (table && table.caption && table.caption.textContent.trim()) return table.caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    return headingBefore(box);
  }
  function mark(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); box.setAttribute("data-scroll-focus", ""); }
      // A group, not a region: a landmark would repeat the name of the section around it.
      if (!box.hasAttribute("role")) box.setAttribute("role", "group");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) box.setAttribute("aria-label", nameOf(box));
    } else if (box.hasAttribute("data-scroll-focus")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-scroll-focus");
    }
  }
  var observer = window.ResizeObserver && new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { mark(entry.target); });
  });
  function scan(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      mark(box);
      if (observer) observer.observe(box);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt.parentElement || document); });
})();
// The navigation bar says which section the page is in: aria-current="page" (and Bootstrap's .active, for the
// eye) on the link whose address is the longest start of this page's; done here so that links added to the
// bar later are covered too.
document.addEventListener("DOMContentLoaded", function () {
  var path = window.location.pathname, best = null;
  document.querySelectorAll("#mainnav a.nav-link[href]").forEach(function (link) {
    var href = link.getAttribute("href");
    var matches = href === path || (href !== "/" && path.indexOf(href.replace(/\/?$/, "/")) === 0);
    if (matches && (!best || href.length > best.getAttribute("href").length)) best = link;
  });
  if (best) {
    best.setAttribute("aria-current", "page");
    best.classList.add("active");
  }
});
