// html-validate configuration for the pages prongsai writes. Until November 2026 the pages were
// minified by minify-html, whose output is valid HTML but not in the style the recommended preset
// asks for; the rules below stay relaxed since a site's own templates may write that style too.
// What is turned off or relaxed here is a rule of style or a recommendation that valid HTML or
// ARIA may not follow, each with its reason; every rule about validity stays an error.
export default {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // minify-html drops quotes where HTML allows it (`class=tags`).
    "attr-quotes": "off",
    // ... writes void elements as `<br>` and boolean attributes as `checked`.
    "void-style": "off",
    // ... writes the doctype in lower case (`<!doctype html>`), which HTML allows.
    "doctype-style": "off",
    "attribute-boolean-style": "off",
    "attribute-empty-style": "off",
    // ... drops attributes equal to their default, such as `type=submit` on <button>.
    "no-implicit-button-type": "off",
    "no-implicit-input-type": "off",
    // ... may leave out optional end tags (`</p>`, `</li>`), which HTML allows.
    "no-implicit-close": "off",
    // ... writes a bare `&` where HTML allows it (`Q&A`, never `&amp;` spelt out).
    "no-raw-characters": ["error", { relaxed: true }],
    "unrecognized-char-ref": "off",
    // The Markdown renderer aligns table columns with `style="text-align: right"` (valid HTML).
    "no-inline-style": "off",
    // `aria-label` on an element whose role may be named (a list, a table) is valid ARIA.
    "aria-label-misuse": ["error", { allowAnyNamable: true }],
    // `<div role=region aria-labelledby=…>` is valid and means the same as a named <section>
    // (the theme writes <section>; templates of a site may write either).
    "prefer-native-element": ["error", { exclude: ["region"] }],
    // Heading ids made from Thai headings hold Thai letters: valid HTML (no space, not empty).
    "valid-id": ["error", { relaxed: true }],
    // A recommendation on line breaking inside telephone links written in record bodies (the
    // theme's own telephone links use no-break spaces), not a validity rule.
    "tel-non-breaking": "off",
    // Thai page titles with the organisation's name are often longer than 70 characters.
    "long-title": "off",
  },
};
