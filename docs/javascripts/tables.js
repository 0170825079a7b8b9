// Sorting and filtering for the property table (functions/properties/). The page embeds,
// per function, one sort key per column and its boolean property flags as JSON
// (symacts/site/table.py), so nothing is parsed back out of the rendered cells.
(function () {
  "use strict";

  // null (unknown) sorts last in both directions; booleans as 1/0; text numeric-aware.
  function compareKeys(a, b) {
    if (typeof a === "boolean") a = a ? 1 : 0;
    if (typeof b === "boolean") b = b ? 1 : 0;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function setup() {
    const data = document.getElementById("sa-proptable-data");
    const table = document.querySelector(".sa-proptable table");
    if (!data || !table || table.dataset.saReady) return;
    table.dataset.saReady = "1";
    const payload = JSON.parse(data.textContent);
    const tbody = table.tBodies[0];
    const rows = Array.from(tbody.rows).map((tr, index) => {
      const name = tr.cells[0].textContent.trim();
      const entry = payload.rows[name] || { keys: [], flags: [] };
      const text = (tr.cells[0].textContent + " " + tr.cells[1].textContent).toLowerCase();
      return { tr, index, keys: entry.keys, flags: new Set(entry.flags), text };
    });
    const root = table.closest(".sa-proptable").parentElement;
    const box = root.querySelector(".sa-filter");
    const checks = Array.from(root.querySelectorAll("input[data-flag]"));
    const count = root.querySelector(".sa-count");

    function applyFilter() {
      const words = (box ? box.value : "").toLowerCase().split(/\s+/).filter(Boolean);
      const wanted = checks.filter((c) => c.checked).map((c) => c.dataset.flag);
      let shown = 0;
      for (const r of rows) {
        const ok =
          words.every((w) => r.text.includes(w)) && wanted.every((f) => r.flags.has(f));
        r.tr.hidden = !ok;
        if (ok) shown += 1;
      }
      if (count) count.textContent = `${shown} of ${rows.length} functions`;
    }

    const headers = Array.from(table.tHead.rows[0].cells);
    let sorted = { column: -1, direction: 1 };

    function sortBy(column) {
      const direction = sorted.column === column ? -sorted.direction : 1;
      sorted = { column, direction };
      rows.sort((a, b) => {
        const x = a.keys[column];
        const y = b.keys[column];
        if (x === null || x === undefined) return y === null || y === undefined ? a.index - b.index : 1;
        if (y === null || y === undefined) return -1;
        return direction * compareKeys(x, y) || a.index - b.index;
      });
      for (const r of rows) tbody.appendChild(r.tr);
      headers.forEach((th, i) => {
        th.setAttribute(
          "aria-sort",
          i === column ? (direction > 0 ? "ascending" : "descending") : "none",
        );
      });
    }

    headers.forEach((th, i) => {
      th.classList.add("sa-sortable");
      th.tabIndex = 0;
      th.title = "Sort by this column (again to reverse)";
      th.setAttribute("aria-sort", "none");
      th.addEventListener("click", () => sortBy(i));
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(i);
        }
      });
    });
    if (box) box.addEventListener("input", applyFilter);
    for (const c of checks) c.addEventListener("change", applyFilter);
    applyFilter();
  }

  // Material's instant navigation replaces the page without a load event: document$
  // emits for every page shown; without Material's bundle, fall back to the DOM event.
  if (window.document$) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
