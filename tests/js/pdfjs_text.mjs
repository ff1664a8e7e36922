// Prints the text pdf.js extracts from a PDF, page by page (a form feed after each page),
// the way its text layer and "copy" see it: items in content order, a newline where pdf.js
// marks the end of a line. Usage: node pdfjs_text.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
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
process.stdout.write(out);
