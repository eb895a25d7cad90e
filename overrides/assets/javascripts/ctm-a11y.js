// Tables wider than the screen scroll sideways inside the box Material wraps them in
// (.md-typeset__scrollwrap). A box that scrolls must be reachable by keyboard (WCAG 2.1.1; axe
// scrollable-region-focusable), so a box that scrolls gets tabindex="0", the role "group" and a name
// (the heading above the table); a box that does not scroll stays out of the tab order.
// Loaded after Material's bundle: document$ emits once the page's components (tables included) are mounted.
(function () {
  function heading(wrap) {
    for (var node = wrap.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.replace(/¶$/, "").trim();
    }
    var title = document.querySelector(".md-content h1");
    return title ? title.textContent.replace(/¶$/, "").trim() : document.title;
  }

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "group");
        wrap.setAttribute("aria-label", heading(wrap));
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
})();
