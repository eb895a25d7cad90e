// Referral lookup: choose a country, a situation and (optionally) your role; the matching steps,
// already on the page, are shown. The choice lives in the URL (?country=&situation=&role=) so a
// link can be shared. Without JavaScript the form stays hidden and the table of links below it
// leads to a static page for every combination.
(function () {
  "use strict";
  function setUp(form) {
    var results = document.querySelectorAll(".ctm-combination");
    var fields = ["country", "situation", "role"];

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

    function write() {
      var params = new URLSearchParams();
      fields.forEach(function (name) {
        if (form.elements[name].value) { params.set(name, form.elements[name].value); }
      });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { write(); show(); });
    read();
    show();
  }
  document.querySelectorAll("form[data-ctm-lookup]").forEach(setUp);
})();
