/* The editors' workspace in the admin (loaded on every admin page, deferred).
 *
 * 1. A warning before leaving a change form with unsaved changes. Saving does not
 *    warn; the Preview button (which opens another tab) keeps the form "unsaved".
 *    (A browser shows its own wording; pages may not set the text.)
 * 2. Accessible names the admin's widgets lack: the autocomplete boxes (select2)
 *    and the inputs of table-style inlines, which sit under a column heading
 *    instead of a <label>.
 */
(function () {
  "use strict";

  function formState(form) {
    const parts = [];
    new FormData(form).forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken") return;
      parts.push(key + "=" + (value instanceof File ? value.name + ":" + value.size : value));
    });
    return parts.join("&");
  }

  function guardUnsavedChanges() {
    if (!document.body.classList.contains("change-form")) return;
    const form = document.querySelector("#content-main form[id$='_form']");
    if (!form) return;
    // Changed means: the person typed or chose something (a trusted event), or the
    // form's data differs from what the page started with (select2, inline rows).
    // Scripts setting up widgets fire events too; those are not trusted.
    // A form sent back with errors holds changes that were not saved.
    let touched = Boolean(document.querySelector("#content-main .errornote"));
    let initial = null;
    const touch = function (event) { if (event.isTrusted) touched = true; };
    form.addEventListener("input", touch);
    form.addEventListener("change", touch);
    const snapshot = function () { initial = formState(form); };
    if (window.django && window.django.jQuery) {
      window.django.jQuery(function () { window.setTimeout(snapshot, 0); });
    } else {
      snapshot();
    }
    let leaving = false;
    form.addEventListener("submit", function (event) {
      const submitter = event.submitter;
      if (submitter && submitter.formTarget === "_blank") return;  // Preview: still unsaved
      leaving = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (leaving || initial === null) return;
      if (!touched && formState(form) === initial) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function labelFor(select) {
    if (!select.id) return null;
    const label = document.querySelector("label[for='" + CSS.escape(select.id) + "']");
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label;
  }

  function labelAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const label = labelFor(select);
      const name = label ? label.textContent.replace(/[:*]\s*$/, "").trim() : select.name;
      const selection = container.querySelector(".select2-selection");
      if (selection) {
        const rendered = container.querySelector(".select2-selection__rendered");
        const ids = [label ? label.id : null, rendered && rendered.id ? rendered.id : null];
        if (label) selection.setAttribute("aria-labelledby", ids.filter(Boolean).join(" "));
        else selection.setAttribute("aria-label", name);
      }
      // The chosen items of a multiple choice: a <ul> that also holds a <span>.
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "none");
        list.querySelectorAll(":scope > li").forEach(function (item) {
          item.setAttribute("role", "none");
        });
      });
      // A text-less "textbox" inside the combobox; the combobox itself carries the value.
      container.querySelectorAll(".select2-selection__rendered[role='textbox']").forEach(
        function (rendered) {
          rendered.removeAttribute("role");
          rendered.removeAttribute("aria-readonly");
        }
      );
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-label", name);
      });
    });
  }

  function labelDropdownSearch() {
    // The search box of an open single-choice dropdown (appended to <body>).
    document.querySelectorAll(".select2-container--open .select2-search__field").forEach(
      function (field) {
        if (field.hasAttribute("aria-label")) return;
        const owner = document.querySelector(
          ".select2-container--open .select2-selection[aria-labelledby]"
        );
        const label = owner && document.getElementById(
          owner.getAttribute("aria-labelledby").split(" ")[0]
        );
        field.setAttribute("aria-label", label ? label.textContent.trim() : "Search");
      }
    );
  }

  function columnName(table, cell) {
    const column = [...cell.classList].find(function (name) { return name.startsWith("field-"); });
    if (!column) return null;
    const heading = table.querySelector("thead th.column-" + CSS.escape(column.slice(6)));
    return heading ? heading.textContent.trim() : null;
  }

  function labelTabularInlines(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
        const rowName = " (" + (index + 1) + ")";
        row.querySelectorAll("td").forEach(function (cell) {
          const fields = cell.querySelectorAll(
            "input:not([type='hidden']), select, textarea"
          );
          let name = cell.classList.contains("delete") ? "Delete" : columnName(table, cell);
          if (!name) return;
          cell.dataset.label = name;  // shown above the field on a phone (CSS)
          fields.forEach(function (field, part) {
            if (field.labels && field.labels.length) return;
            if (field.closest(".select2")) return;
            let text = name;
            if (fields.length > 1) {
              text += field.classList.contains("vTimeField") ? ", time" : ", date";
            }
            field.setAttribute("aria-label", text + rowName);
          });
        });
      });
    });
  }

  function fixTooltips(root) {
    // The two-box picker (filter_horizontal) names its search icons with aria-label
    // on a bare <span>; as an image the label is allowed.
    root.querySelectorAll(".selector .help-tooltip[aria-label]:not([role])").forEach(
      function (icon) { icon.setAttribute("role", "img"); }
    );
  }

  function labelAll(root) {
    labelAutocompletes(root);
    labelTabularInlines(root);
    labelDropdownSearch();
    fixTooltips(root);
  }

  guardUnsavedChanges();
  // select2 builds and rebuilds its markup (on start, on each choice, in new inline
  // rows): label whatever is there after each change to the page.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.setTimeout(function () {
      pending = false;
      labelAll(document);
    }, 0);
  }
  // The admin builds some widgets on "load" (the two-box picker); after that first
  // full pass the page says so (the browser tests wait for it).
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      labelAll(document);
      document.documentElement.dataset.workspaceLabelled = "true";
    }, 0);
  });
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  if (window.django && window.django.jQuery) {
    // After the admin's own ready handlers (which start select2).
    window.django.jQuery(schedule);
  } else {
    schedule();
  }
})();
