// `handout import`: a Word document, a web page or Markdown notes into an article. pandoc
// (run as a separate process when it is installed) reads the document into its JSON
// syntax tree; this maps that tree onto the article format and warns, with the position
// in the source, about everything the format cannot hold.
//
// The mapping (docs/authoring.md says the same for authors):
// - the document's title (its metadata, else its first level-1 heading; for a web page
//   its first level-1 heading, else its <title>) is the title;
//   other headings keep their level (deeper than 3 becomes 3);
// - paragraphs keep bold, italic and links (http, https, mailto, tel); a span with a
//   lang attribute keeps its language;
// - bulleted and numbered lists become lists; an item "Term: text" (the term up to 60
//   characters, before a colon and a space, often in bold) becomes a term item; a
//   definition list becomes a list of term items;
// - tables keep their header row (a table without one uses its first row), caption and
//   column alignment;
// - a block quote becomes a callout; a first line in bold ("**Important:** ...") is its title;
// - a "Questions" section (a heading with "question", "FAQ" or "أسئلة" in it) becomes a
//   FAQ: each paragraph ending with "?" (or "؟") is a question, the paragraphs after it
//   its answer;
// - a PNG or JPEG picture with a description becomes a figure block (after the block it
//   stood in when it was inside a line of text);
// - a list inside a list item becomes a list of its own after the item, except inside a
//   numbered item with items after it, whose text it is joined to (the numbers stay), as
//   to a table cell's or a quote's text;
// - dropped with a warning: other pictures, footnotes, code, raw HTML, rules, cells spanning
//   several rows or columns.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diag.h"
#include "core/json_doc.h"

namespace handout {

struct ImportOptions {
  std::string input;   ///< .docx, .odt, .html, .md, ...
  std::string output;  ///< the article JSON
  std::string lang;    ///< the article's language (else the document's own, if it says)
  std::string from;    ///< pandoc's input format; empty: from the file's extension
  std::string pandoc = "pandoc";
  bool force = false;  ///< replace an existing output file
  InputLimits limits;
};

/// pandoc's reader for a file name's extension, or "" when it is not one we know.
[[nodiscard]] std::string pandoc_format_for(const std::string& path);

/// Maps a pandoc JSON syntax tree to an article (as JSON). `source` names the document in
/// warnings; with `page_title_is_h1` (web pages, whose <title> names a browser tab) the
/// first level-1 heading is the title even when the metadata has one. Nothing (with an
/// error) when there is nothing to import. `picture`, when given, maps a picture's path as
/// pandoc wrote it (its extracted media) to a figure's `src` beside the article, or to
/// nothing when the picture cannot be used (then it is dropped with a warning). `media_name`
/// maps any picture pandoc extracted (PNG or not) to its path from the article's folder, for
/// warnings; nothing for others.
using PictureMap = std::function<std::optional<std::string>(const std::string&)>;
[[nodiscard]] std::optional<nlohmann::ordered_json> article_from_pandoc(const nlohmann::json& ast,
                                                                        const std::string& lang,
                                                                        const std::string& source,
                                                                        bool page_title_is_h1, DiagSink& sink,
                                                                        const PictureMap& picture = {},
                                                                        const PictureMap& media_name = {});

/// Runs the command: pandoc, the mapping, a check that the result is a valid article,
/// and an atomic write. Reports to `sink`; returns the exit status (cli/exit_codes.h): 0
/// written, 2 refused (the document, or an article that exists), 3 the article could not be
/// written (a missing folder, a full disk). Nothing is written unless 0.
[[nodiscard]] int run_import(const ImportOptions& options, DiagSink& sink);

}  // namespace handout
