// Prints the text pdf.js extracts from a PDF, page by page (a form feed after each page),
// the way its text layer and "copy" see it: items in content order, a newline where pdf.js
// marks the end of a line. Usage: node pdfjs_text.mjs FILE.pdf
// With several files (node pdfjs_text.mjs A.pdf B.pdf ...) it prints one JSON object that
// maps each file name to its text: one node process for many PDFs.
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

async function textOf(file) {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  let out = "";
  for (let p = 1; p <= doc.numPages; ++p) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (item.str !== undefined) out += item.str;
      if (item.hasEOL) out += "\n";
    }
    out += "\n\f";
  }
  await doc.destroy();
  return out;
}

const files = process.argv.slice(2);
if (files.length === 1) {
  process.stdout.write(await textOf(files[0]));
} else {
  const all = {};
  for (const f of files) all[f] = await textOf(f);
  process.stdout.write(JSON.stringify(all));
}
