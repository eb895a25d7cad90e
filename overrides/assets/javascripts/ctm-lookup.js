// Referral guidance scripts: the lookup and the indicators checklist.
//
// Lookup: choose a country, a situation and (optionally) your role; the matching steps,
// already on the page, are shown. The choice lives in the URL (?country=&situation=&role=) so a
// link can be shared, and the language switcher's links carry it, so switching language keeps
// it (also in the offline copy, whose links end in index.html). Without JavaScript the form
// stays hidden and the table of links below it leads to a static page for every combination.
//
// Checklist: the signs are real checkboxes (tick them, print the page: the ticks print).
// With JavaScript, the steps the ticked signs call for are listed after the checklist, with
// a print and a clear button.
(function () {
  "use strict";
  var fields = ["country", "situation", "role"];

  // The language switcher (Material's `.md-select` of languages): every link gets `query`.
  // Material's own click handler (on the body) would send the reader to the alternate's home
  // when the current URL has a query: the link is followed as written instead.
  function carryQuery(query) {
    // In an offline copy without a published address, another language's entry is no link (no href).
    document.querySelectorAll(".md-header a.md-select__link[hreflang][href]").forEach(function (link) {
      if (!link.dataset.ctmCarry) {
        link.dataset.ctmCarry = "1";
        link.addEventListener("click", function (event) { event.stopPropagation(); });
      }
      var href = link.getAttribute("href");
      var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "";
      var base = href.split("#")[0].split("?")[0];
      link.setAttribute("href", base + (query ? "?" + query : "") + hash);
    });
  }

  function setUpLookup(form) {
    var results = document.querySelectorAll(".ctm-combination");

    function read() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (name) {
        var select = form.elements[name];
        var wanted = params.get(name) || "";
        if (Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
          select.value = wanted;
        }
      });
    }

    function show() {
      var country = form.elements.country.value;
      var situation = form.elements.situation.value;
      var role = form.elements.role.value;
      Array.prototype.forEach.call(results, function (section) {
        var match = section.dataset.country === country && section.dataset.situation === situation;
        section.hidden = !match;
        if (!match) { return; }
        section.querySelectorAll("li[data-role]").forEach(function (step) {
          step.classList.toggle("ctm-my-step", role !== "" && step.dataset.role === role);
          step.classList.toggle("ctm-other-step", role !== "" && step.dataset.role !== role);
        });
        var note = section.querySelector(".ctm-role-note");
        if (note) { note.hidden = role === ""; }
      });
    }

    function query() {
      var params = new URLSearchParams();
      fields.forEach(function (name) {
        if (form.elements[name].value) { params.set(name, form.elements[name].value); }
      });
      return params.toString();
    }

    function write() {
      var q = query();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
      carryQuery(q);
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { write(); show(); });
    read();
    show();
    carryQuery(query());
  }

  function setUpChecklist(summary) {
    var boxes = document.querySelectorAll(".ctm-checklist input[type=checkbox][data-kind]");
    var none = summary.querySelector(".ctm-no-ticks");

    function update() {
      var counts = {};
      var ticked = 0;
      boxes.forEach(function (box) {
        if (box.checked) {
          counts[box.dataset.kind] = (counts[box.dataset.kind] || 0) + 1;
          ticked += 1;
        }
      });
      summary.querySelectorAll(".ctm-ticked-steps li[data-kind]").forEach(function (item) {
        var count = counts[item.dataset.kind] || 0;
        item.hidden = count === 0;
        item.querySelector(".ctm-tick-count").textContent = String(count);
      });
      none.hidden = ticked > 0;
      summary.classList.toggle("ctm-has-ticks", ticked > 0);
    }

    summary.hidden = false;
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    summary.querySelector("[data-ctm-print]").addEventListener("click", function () { window.print(); });
    summary.querySelector("[data-ctm-clear]").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      update();
    });
    update();
  }

  document.querySelectorAll("form[data-ctm-lookup]").forEach(setUpLookup);
  document.querySelectorAll("[data-ctm-ticked]").forEach(setUpChecklist);
})();
