// Progressive enhancement for the case list: ticking a filter updates the results without a
// reload. Without JavaScript the form's "Apply filters" button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }
  var pending = null;

  // On a narrow screen the panel starts folded (facets with a choice stay open), so the results
  // are near the top; without JavaScript every facet stays open and a link skips past them.
  if (window.matchMedia("(max-width: 48em)").matches) {
    form.querySelectorAll("details.facet").forEach(function (details) {
      if (!details.querySelector("input:checked")) { details.open = false; }
    });
  }

  function urlFor(formElement) {
    var params = new URLSearchParams(new FormData(formElement));
    var query = params.toString();
    return formElement.action + (query ? "?" + query : "");
  }

  function updatePanel(newDocument) {
    // Counts and ticks change in place, so focus and open sections stay where the reader left them.
    newDocument.querySelectorAll("#filter-form input[type=checkbox]").forEach(function (input) {
      var current = document.getElementById(input.id);
      if (!current) { return; }
      current.checked = input.checked;
      current.disabled = input.disabled;  // an option that would give no case cannot be ticked
      var newLabel = newDocument.querySelector('label[for="' + input.id + '"]');
      var label = document.querySelector('label[for="' + input.id + '"]');
      if (newLabel && label) { label.innerHTML = newLabel.innerHTML; }
    });
    newDocument.querySelectorAll("#filter-form summary").forEach(function (summary, index) {
      var current = document.querySelectorAll("#filter-form summary")[index];
      if (current) { current.innerHTML = summary.innerHTML; }
    });
  }

  function updateResults(newDocument) {
    var newResults = newDocument.getElementById("results");
    var status = document.getElementById("result-count");
    var newStatus = newDocument.getElementById("result-count");
    if (!newResults || !status || !newStatus) { return false; }
    // Keep the live region element itself so screen readers announce the new count.
    Array.prototype.slice.call(results.children).forEach(function (child) {
      if (child !== status) { results.removeChild(child); }
    });
    Array.prototype.slice.call(newResults.children).forEach(function (child) {
      if (child.id === "result-count") {
        results.appendChild(status);
      } else {
        results.appendChild(document.importNode(child, true));
      }
    });
    status.innerHTML = newStatus.innerHTML;
    return true;
  }

  function refresh(url) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    return fetch(url, { signal: pending.signal, headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var newDocument = new DOMParser().parseFromString(html, "text/html");
        updatePanel(newDocument);
        if (!updateResults(newDocument)) { window.location.assign(url); }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { window.location.assign(url); }
      })
      .finally(function () { results.removeAttribute("aria-busy"); });
  }

  form.addEventListener("change", function (event) {
    if (!event.target.matches("input[type=checkbox]")) { return; }
    var url = urlFor(form);
    window.history.pushState({ rallying: true }, "", url);
    refresh(url);
  });

  window.addEventListener("popstate", function () {
    refresh(window.location.href);
  });
})();
