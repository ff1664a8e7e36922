// Prints, as JSON, how many structure elements of each role pdf.js's getStructTree()
// reports, summed over the pages of a PDF (an element with content on two pages counts
// twice, so the counts are at least the document's). Usage: node pdfjs_struct.mjs FILE.pdf
// (HANDOUT_PDFJS: the pdfjs-dist folder).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const pdfjs = await import(pathToFileURL(path.join(process.env.HANDOUT_PDFJS, "legacy", "build", "pdf.mjs")).href);
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
const counts = {};
function walk(node) {
  if (!node || typeof node !== "object") return;
  if (node.role && node.role !== "Root") counts[node.role] = (counts[node.role] || 0) + 1;
  for (const c of node.children || []) walk(c);
}
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  walk(await page.getStructTree());
}
process.stdout.write(JSON.stringify(counts));
