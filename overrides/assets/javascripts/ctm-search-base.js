// Per-language search, with stemming. Loaded before Material's bundle.
//
// 1. Material loads "search/search_index.json" relative to its configured base.
//    On a page of a non-default language we point that base at the language's
//    own folder, where the build wrote that language's index (see
//    scripts/ctmanual/site/search.py). Result links are relative to it too.
// 2. Material turns every query term into a prefix query ("word*"), and lunr
//    does not stem prefix queries, so an inflected word ("traffickers",
//    "торговцы") would miss its stemmed form in the index. We add each plain
//    term once more as an exact term ("word^1"), which lunr stems with the
//    language's stemmer. Queries using search syntax are left alone.
(function () {
  var meta = document.querySelector('meta[name="ctm-search-base"]');
  var element = document.getElementById("__config");
  if (meta && element) {
    var config = JSON.parse(element.textContent);
    config.base = meta.getAttribute("content");
    element.textContent = JSON.stringify(config);
  }

  function withStems(query) {
    if (/["+\-:^~*]/.test(query)) return query;
    var terms = query.trim().split(/\s+/).filter(Boolean);
    return terms.concat(terms.map(function (term) { return term + "^1"; })).join(" ");
  }

  var NativeWorker = window.Worker;
  if (!NativeWorker) return;
  window.Worker = function (url, options) {
    var worker = new NativeWorker(url, options);
    if (String(url).indexOf("workers/search") === -1) return worker;
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message, transfer) {
      if (message && typeof message.data === "string") {
        message = { type: message.type, data: withStems(message.data) };
      }
      return transfer === undefined ? post(message) : post(message, transfer);
    };
    return worker;
  };
  window.Worker.prototype = NativeWorker.prototype;
})();
