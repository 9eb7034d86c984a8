// Names for two of the admin's script-built controls, which Django leaves unnamed for screen
// readers (axe: aria-input-field-name, aria-prohibited-attr). Loaded on every admin page by
// templates/admin/base_site.html; runs after the admin's own scripts have built them.
(() => {
  "use strict";

  // An autocomplete box (select2) is named by its chosen value only, so an empty one has no
  // name at all: name it by the label of the <select> it stands in for, then the value.
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      if (!label.id) {
        label.id = `${select.id}_label`;
      }
      const selection = container.querySelector(".select2-selection");
      const rendered = container.querySelector(".select2-selection__rendered");
      if (selection) {
        const value = rendered && rendered.id ? ` ${rendered.id}` : "";
        selection.setAttribute("aria-labelledby", label.id + value);
      }
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id);
      }
      container.querySelectorAll(".select2-search__field").forEach((search) => {
        search.setAttribute("aria-labelledby", label.id);
      });
    });
  }

  // The two-box chooser (filter_horizontal) puts its help on an icon as aria-label, which a
  // plain <span> may not carry: the icon is an image with that text as its name.
  function nameChooserIcons(root) {
    root.querySelectorAll(".selector .help-tooltip[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  function nameAll(root) {
    nameAutocompletes(root);
    nameChooserIcons(root);
  }

  window.addEventListener("load", () => setTimeout(() => nameAll(document), 0));
  document.addEventListener("formset:added", (event) => {
    setTimeout(() => nameAll(event.target), 0);
  });
})();
