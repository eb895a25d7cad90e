// Per-language search. Material loads "search/search_index.json" relative to
// its configured base; on a page of a non-default language we point that base
// at the language's own folder, where the build wrote that language's index
// (see scripts/ctmanual/site/search.py). Result links are relative to it too.
(function () {
  var meta = document.querySelector('meta[name="ctm-search-base"]');
  var element = document.getElementById("__config");
  if (!meta || !element) return;
  var config = JSON.parse(element.textContent);
  config.base = meta.getAttribute("content");
  element.textContent = JSON.stringify(config);
})();
