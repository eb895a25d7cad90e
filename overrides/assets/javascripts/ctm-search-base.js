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
//    language's stemmer. Queries using search syntax are left alone. A term
//    written with "ё" also goes as written with "е" (Russian text often has
//    "е" for "ё"); the index holds the "е" forms of its "ё" words (search.py).
// 3. Material reads the search box on "keyup" only, so text that arrives
//    without a key being released (pasted, dictated, autocompleted, typed
//    through an input method or an on-screen keyboard, which is how most
//    Cyrillic reaches a phone) was never searched. Every "input" event is
//    passed on to it as a keyup of the box (repeats of the same text are
//    ignored by Material).
(function () {
  var meta = document.querySelector('meta[name="ctm-search-base"]');
  var element = document.getElementById("__config");
  if (meta && element) {
    var config = JSON.parse(element.textContent);
    config.base = meta.getAttribute("content");
    element.textContent = JSON.stringify(config);
  }

  function forward(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input[data-md-component='search-query']")) return;
    if (event.type === "input" && event.isComposing) return;  // the word is not finished yet
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", forward, true);
  document.addEventListener("compositionend", forward, true);

  function withStems(query) {
    if (/["+\-:^~*]/.test(query)) return query;
    var terms = query.trim().split(/\s+/).filter(Boolean);
    var exact = [];
    terms.forEach(function (term) {
      exact.push(term + "^1");
      var plain = term.replace(/ё/g, "е").replace(/Ё/g, "Е");
      if (plain !== term) exact.push(plain + "^1");
    });
    return terms.concat(exact).join(" ");
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
