// Search in the offline copy, opened from disk (file://). Loaded before the theme's bundle (Material's, or
// Zensical's with `ctmanual build --engine zensical`: the same holds for its search worker).
//
// From file:// Material reads the search index from search/search_index.js (the offline
// bundle writes it next to search_index.json), but browsers refuse to start a Web Worker
// from a file, so the search worker never runs. Here `Worker` is replaced, for file://
// pages only, by a hidden same-origin frame that runs the worker script as a page script:
// messages are passed as events, and `importScripts` (the worker loads lunr's language
// stemmers with it, and awaits the result) inserts script elements. Material's worker
// finds the stemmers next to its own script when the page defines `IFrameWorker`.
// Everything is a file of this site; nothing inline, nothing fetched.
(function () {
  if (window.location.protocol !== "file:" || !window.Worker) return;

  function loadScripts(frameWindow, urls) {
    return urls.reduce(function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var script = frameWindow.document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("cannot load " + url)); };
          frameWindow.document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  }

  function FrameWorker(url) {
    var events = new EventTarget();
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    document.body.appendChild(frame);
    var frameWindow = frame.contentWindow;
    if (!frameWindow.document.body) {
      frameWindow.document.appendChild(frameWindow.document.createElement("body"));
    }
    // A worker's messages are copies (structured clones), never shared objects: Zensical's worker changes
    // the query it is sent in place, which would change the page's own state with it.
    frameWindow.postMessage = function (data) {
      var event = new MessageEvent("message", { data: structuredClone(data) });
      events.dispatchEvent(event);
      if (typeof events.onmessage === "function") events.onmessage(event);
    };
    frameWindow.importScripts = function () {
      return loadScripts(frameWindow, Array.prototype.slice.call(arguments));
    };
    var ready = loadScripts(frameWindow, [new URL(url, document.baseURI).href]);

    events.postMessage = function (data) {
      ready.then(function () {
        frameWindow.dispatchEvent(new frameWindow.MessageEvent("message", { data: frameWindow.structuredClone(data) }));
      });
    };
    events.terminate = function () { frame.remove(); };
    return events;
  }

  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
