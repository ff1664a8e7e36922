// What VS Code's JSON language service (npm vscode-json-languageservice, the library behind
// VS Code's JSON editing) offers from our schemas: completions at a cursor and hovers.
// Usage: node completions.cjs SOURCE_DIR < cases.json > answers.json
// cases: [{"schema": "layouts/layout.schema.json", "text": "{\"page\": {\"size\": |}}",
//          "ask": "complete" | "hover"}]; "|" marks the cursor (removed from the text).
// answers: per case, the completion labels (quotes stripped) and their documentation, or
// the hover's text.
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.join(__dirname, "..", "node", "node_modules");
const ls = require(path.join(modules, "vscode-json-languageservice"));
const { TextDocument } = require(path.join(modules, "vscode-languageserver-textdocument"));

async function main() {
  const source = process.argv[2];
  const cases = JSON.parse(fs.readFileSync(0, "utf8"));
  const answers = [];
  for (const c of cases) {
    const file = path.join(source, c.schema);
    const uri = "file://" + file;
    const service = ls.getLanguageService({
      workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).href },
      schemaRequestService: (u) => Promise.resolve(fs.readFileSync(u.replace(/^file:\/\//, ""), "utf8")),
    });
    service.configure({ validate: true, schemas: [{ uri, fileMatch: ["*.json"] }] });
    const at = c.text.indexOf("|");
    const text = c.text.slice(0, at) + c.text.slice(at + 1);
    // Beside the schema, as a bundled file is: a "$schema" key resolves against the document.
    const doc = TextDocument.create("file://" + path.join(path.dirname(file), "doc.json"), "json", 1, text);
    const json = service.parseJSONDocument(doc);
    const pos = doc.positionAt(at);
    if (c.ask === "hover") {
      const h = await service.doHover(doc, pos, json);
      const parts = h ? (Array.isArray(h.contents) ? h.contents : [h.contents]) : [];
      answers.push({ hover: parts.map((p) => (typeof p === "string" ? p : p.value)).join("\n") });
    } else {
      const list = await service.doComplete(doc, pos, json);
      const items = (list ? list.items : []).map((i) => ({
        label: i.label.replace(/^"|"$/g, ""),
        documentation: typeof i.documentation === "string" ? i.documentation
          : i.documentation ? i.documentation.value : "",
      }));
      answers.push({ items });
    }
  }
  process.stdout.write(JSON.stringify(answers));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(4);
});
