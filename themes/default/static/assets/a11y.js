// prongsai default theme: remember the text size and contrast chosen in the page header.
// The controls work without this file (CSS :has() on the radio buttons and the checkbox);
// this file only keeps the choice from page to page (localStorage) and sets classes on <html>
// for browsers without :has().
(function () {
  "use strict";
  var KEY = "prongsai-a11y";
  var root = document.documentElement;
  var sizes = document.querySelectorAll('input[name="a11y-size"]');
  var contrast = document.getElementById("a11y-contrast");

  // A Markdown table wider than its column scrolls inside itself (style.css): make it
  // focusable then, so that it can be scrolled with the keyboard.
  var tables = document.querySelectorAll(".prose table");
  function scrollables() {
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].scrollWidth > tables[i].clientWidth + 1) {
        tables[i].tabIndex = 0;
      } else {
        tables[i].removeAttribute("tabindex");
      }
    }
  }
  if (tables.length) {
    scrollables();
    window.addEventListener("resize", scrollables);
  }

  if (!sizes.length || !contrast) {
    return;
  }

  function read() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return v && typeof v === "object" ? v : {};
    } catch (e) {
      return {};
    }
  }

  function write(v) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(v));
    } catch (e) {
      // Storage may be off (private mode): the choice then lasts for this page only.
    }
  }

  function current() {
    var size = "0";
    for (var i = 0; i < sizes.length; i++) {
      if (sizes[i].checked) {
        size = sizes[i].value;
      }
    }
    return { size: size, contrast: contrast.checked };
  }

  // Writes only what differs, so that a page with the default setting is not restyled.
  function set(el, on) {
    if (el.checked !== on) {
      el.checked = on;
    }
  }
  function mark(name, on) {
    if (root.classList.contains(name) !== on) {
      root.classList.toggle(name, on);
    }
  }
  function apply(v) {
    var size = String(v.size || "0");
    for (var i = 0; i < sizes.length; i++) {
      set(sizes[i], sizes[i].value === size);
      mark("a11y-size-" + sizes[i].value, sizes[i].value === size && size !== "0");
    }
    set(contrast, v.contrast === true);
    mark("a11y-contrast", v.contrast === true);
  }

  function changed() {
    var v = current();
    apply(v);
    write(v);
    scrollables();
  }

  apply(read());
  for (var i = 0; i < sizes.length; i++) {
    sizes[i].addEventListener("change", changed);
  }
  contrast.addEventListener("change", changed);
  // Another tab changed the setting.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY) {
      apply(read());
      scrollables();
    }
  });
})();
