/**
 * A Markdown text as a small standalone HTML page (no script, no network), for the reference's
 * changelog page. It knows what CHANGELOG.md uses: headings, paragraphs, `- ` lists (with
 * continuation lines), code spans, **bold** and links; everything else is text, escaped.
 */

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One line's inline Markdown as HTML: code spans first (their content stays literal). */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.startsWith("`") && part.endsWith("`") && part.length > 1
        ? `<code>${escape(part.slice(1, -1))}</code>`
        : escape(part)
            .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
            .replace(
              /\[([^\]]+)\]\(([^)\s]+)\)/g,
              (_, label: string, href: string) =>
                `<a href="${/^(https?:|#|[\w./-]+$)/.test(href) ? href : "#"}">${label}</a>`,
            ),
    )
    .join("");
}

/** The HTML of `markdown`'s blocks. */
export function markdownToHtml(markdown: string): string {
  const html: string[] = [];
  let paragraph: string[] = [];
  let item: string[] | undefined;
  let inList = false;
  const flush = () => {
    if (item) html.push(`<li>${inline(item.join(" "))}</li>`);
    item = undefined;
    if (paragraph.length) html.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const closeList = () => {
    flush();
    if (inList) html.push("</ul>");
    inList = false;
  };
  for (const line of markdown.split("\n")) {
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) {
      closeList();
      const level = heading[1]!.length;
      html.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (line.startsWith("- ")) {
      flush();
      if (!inList) html.push("<ul>");
      inList = true;
      item = [line.slice(2).trim()];
    } else if (line.trim() === "") {
      if (inList) closeList();
      else flush();
    } else if (item) item.push(line.trim());
    else paragraph.push(line.trim());
  }
  closeList();
  return html.join("\n");
}

/** A whole page: `title`, a link back, and `markdown`'s HTML, styled to read. */
export function markdownPage(title: string, markdown: string, back: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body { font: 16px/1.55 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
code { font: 0.9em ui-monospace, monospace; background: #f2f2f2; padding: 0 0.2em; border-radius: 3px; }
h1, h2, h3 { line-height: 1.2; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
li { margin: 0.35rem 0; }
</style>
</head>
<body>
<p><a href="${escape(back)}">← The reference</a></p>
${markdownToHtml(markdown)}
</body>
</html>
`;
}
