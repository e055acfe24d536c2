// On a wide screen the filters start open; on a phone they stay folded away.
// Without JavaScript they are a plain disclosure that works the same.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 48em)").matches) return;
  document.querySelectorAll("details[data-facets]").forEach(function (details) {
    details.open = true;
  });
})();
