// A table wider than the screen scrolls inside its own box (site.css); this makes that box reachable by
// keyboard and named for screen readers, only where it scrolls. The page works without it: a pointer or
// touch scrolls the box all the same.
(function () {
  function label(box) {
    var table = box.tagName === "TABLE" ? box : box.querySelector("table");
    var caption = table && table.querySelector("caption");
    var heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) {
      heading = heading.previousElementSibling;
    }
    return (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Table";
  }
  function mark() {
    var boxes = document.querySelectorAll("main .table-box, main table");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.tagName === "TABLE" && box.parentElement.classList.contains("table-box")) {
        continue;
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        if (box.tagName !== "TABLE") {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label(box));
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    }
  }
  window.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
