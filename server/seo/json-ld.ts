/**
 * JSON for a `<script type="application/ld+json">` data block. The block is raw text to the HTML
 * parser: `</script>` or `<!--` inside a value would end or confuse it, and HTML entities are not
 * decoded there, so Handlebars' escaping cannot be used. Instead every `<`, `>` and `&` becomes a
 * JSON `\u` escape (the same string to a JSON parser), as do U+2028/U+2029 (line breaks to older
 * JavaScript parsers that treat JSON as script). The output contains none of `<>&`, so it is safe
 * anywhere in an HTML document.
 */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
