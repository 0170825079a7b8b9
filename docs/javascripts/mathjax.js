// MathJax configuration for pymdownx.arithmatex (generic mode); MathJax itself is served
// from the site (assets/mathjax), never from a CDN.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    enableMenu: false,
  },
  // Each formula carries its own glyphs: instant navigation replaces the page body, which
  // would take a document-wide glyph cache with it.
  svg: { fontCache: "local" },
};

// Material's instant navigation swaps pages without reloading. MathJax typesets the first
// page when it starts; each later page is typeset here, queued on MathJax's own promise.
let firstPage = true;
document$.subscribe(() => {
  if (firstPage) {
    firstPage = false;
    return;
  }
  MathJax.startup.promise = MathJax.startup.promise.then(() => {
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});
