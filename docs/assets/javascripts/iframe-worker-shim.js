/*
 * A Worker for pages opened from disk (file://), where browsers refuse to start real workers:
 * the worker's script runs in a hidden same-origin iframe, and messages go through events.
 *
 * Written for the vn_iso_qms documentation. Material's offline plugin would otherwise add
 * https://unpkg.com/iframe-worker/shim, which needs the network; the site must work offline.
 * Named in mkdocs.yml (extra.polyfills); on http(s) pages it does nothing.
 * Checked by tests/docs/test_browser.py::test_site_opened_from_disk (search from file://).
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  function IframeWorker(url) {
    var worker = this;
    this.onmessage = null;
    this.onerror = null;
    this._listeners = { message: [], error: [] };
    this._queue = [];
    this._ready = false;
    var frame = document.createElement("iframe");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.style.display = "none";
    (document.body || document.documentElement).appendChild(frame);
    var win = frame.contentWindow;
    // The worker's global postMessage answers the page, not the iframe's parent window.
    win.postMessage = function (data) {
      worker._emit("message", { data: data });
    };
    win.importScripts = function () {
      throw new Error("importScripts is not available to a worker opened from disk");
    };
    var script = win.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      worker._ready = true;
      worker._queue.splice(0).forEach(function (data) {
        worker._deliver(data);
      });
    };
    script.onerror = function (event) {
      worker._emit("error", event);
    };
    (win.document.head || win.document.documentElement).appendChild(script);
    this._win = win;
    this._frame = frame;
  }

  IframeWorker.prototype.postMessage = function (data) {
    if (this._ready) {
      this._deliver(data);
    } else {
      this._queue.push(data);
    }
  };

  IframeWorker.prototype._deliver = function (data) {
    var win = this._win;
    setTimeout(function () {
      win.dispatchEvent(new win.MessageEvent("message", { data: data }));
    }, 0);
  };

  IframeWorker.prototype._emit = function (type, event) {
    var worker = this;
    setTimeout(function () {
      var handler = worker["on" + type];
      if (typeof handler === "function") {
        handler.call(worker, event);
      }
      (worker._listeners[type] || []).slice().forEach(function (listener) {
        listener.call(worker, event);
      });
    }, 0);
  };

  IframeWorker.prototype.addEventListener = function (type, listener) {
    (this._listeners[type] = this._listeners[type] || []).push(listener);
  };

  IframeWorker.prototype.removeEventListener = function (type, listener) {
    var listeners = this._listeners[type] || [];
    var at = listeners.indexOf(listener);
    if (at >= 0) {
      listeners.splice(at, 1);
    }
  };

  IframeWorker.prototype.terminate = function () {
    this._frame.remove();
  };

  window.Worker = IframeWorker;
})();
