#include "cli/new_topic.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "core/lang.h"
#include "engine/data_dir.h"

namespace handout {

namespace {

namespace fs = std::filesystem;

bool valid_topic(const std::string& topic) {
  if (topic.empty() || topic.size() > 80 || topic.front() == '-') return false;
  for (char c : topic) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// The schema a template names with a relative "$schema" ("../article.schema.json"), which an
// editor resolves from the article's folder: empty when it names none, or an address.
std::string relative_schema(const std::string& text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) return {};
  const auto it = doc.find("$schema");
  if (it == doc.end() || !it->is_string()) return {};
  const std::string ref = it->get<std::string>();
  if (ref.empty() || ref.find("://") != std::string::npos || fs::path(ref).is_absolute()) return {};
  return ref;
}

}  // namespace

int new_topic(const NewTopicOptions& options, std::vector<std::string>& written, DiagSink& sink) {
  if (!valid_topic(options.topic)) {
    sink.error(Location{}, "topic \"" + options.topic +
                               "\" is not a folder name of lower-case letters, digits and hyphens (e.g. knee-injection)");
    return kExitRefused;
  }
  const fs::path content = options.content_dir;
  std::error_code ec;
  if (fs::exists(content, ec) && !fs::is_directory(content, ec)) {
    sink.error(Location{options.content_dir, 0, 0, ""}, "is not a folder: give the content folder with --content");
    return kExitRefused;
  }
  // The project's own template (content/_template), else the one installed with handout
  // (its data folder: share/handout beside the program, or HANDOUT_DATA_DIR).
  fs::path templates = content / "_template";
  if (!fs::is_directory(templates, ec)) {
    const std::string data = find_data_dir();
    if (!data.empty() && fs::is_directory(fs::path(data) / "content" / "_template", ec)) {
      templates = fs::path(data) / "content" / "_template";
    }
  }
  const fs::path topic_dir = content / options.topic;
  // Check everything first, so that nothing is written when one language fails.
  std::vector<std::pair<fs::path, std::string>> files;
  for (const auto& lang : options.langs) {
    const fs::path tmpl = templates / (lang + ".json");
    if (!is_plausible_language_tag(lang) || !fs::is_regular_file(tmpl, ec)) {
      std::string have;
      for (fs::directory_iterator it(templates, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".json") have += (have.empty() ? "" : ", ") + it->path().stem().string();
      }
      sink.error(Location{tmpl.string(), 0, 0, ""},
                 "no template for language \"" + lang + "\"" + (have.empty() ? "" : " (there are: " + have + ")"));
      return kExitRefused;
    }
    const fs::path target = topic_dir / (lang + ".json");
    if (std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == target; })) {
      // "--langs en,en" wrote en.json twice and listed it twice as made.
      sink.error(Location{}, "language \"" + lang + "\" is given twice in --langs");
      return kExitRefused;
    }
    if (fs::exists(target, ec)) {
      sink.error(Location{target.string(), 0, 0, ""}, "already exists; not overwritten");
      return kExitRefused;
    }
    std::ifstream in(tmpl, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      sink.error(Location{tmpl.string(), 0, 0, ""}, "cannot read the template");
      return kExitRefused;
    }
    files.emplace_back(target, text.str());
  }
  // The schema the articles name, where an editor looks for it (completion and checks as the
  // author types): a content folder made outside the project (an installed handout) had
  // none, and editors reported "../article.schema.json" missing. Copied from beside the
  // template when the topic's folder would not find it; an existing one is left alone.
  std::vector<std::pair<fs::path, std::string>> schemas;
  for (const auto& [target, text] : files) {
    const std::string ref = relative_schema(text);
    if (ref.empty()) continue;
    const fs::path wanted = (target.parent_path() / ref).lexically_normal();
    const fs::path source = (templates / ref).lexically_normal();
    if (fs::exists(wanted, ec) || !fs::is_regular_file(source, ec)) continue;
    if (std::any_of(schemas.begin(), schemas.end(), [&](const auto& s) { return s.first == wanted; })) continue;
    std::ifstream in(source, std::ios::binary);
    std::stringstream schema;
    schema << in.rdbuf();
    if (!in) continue;  // the articles work without it
    schemas.emplace_back(wanted, schema.str());
  }
  // What this run makes is removed again when a later step fails (a full disk): a half topic
  // (its articles, an empty picture) made the next run refuse with "already exists".
  const fs::path own_images = topic_dir / "images";
  struct Undo {
    std::vector<fs::path> files, folders;  // folders last made first
    bool keep = false;
    ~Undo() {
      if (keep) return;
      std::error_code e;
      for (const auto& f : files) fs::remove(f, e);
      for (const auto& d : folders) fs::remove_all(d, e);
    }
  } undo;
  const bool had_content = fs::exists(content, ec), had_topic = fs::exists(topic_dir, ec),
             had_images = fs::exists(own_images, ec);
  if (!had_topic) undo.folders.push_back(had_content ? topic_dir : content);
  fs::create_directories(topic_dir, ec);
  if (ec) {
    sink.error(Location{topic_dir.string(), 0, 0, ""}, "cannot make the folder: " + ec.message());
    return kExitOutput;
  }
  const auto fail = [&] {
    written.clear();
    sink.error(Location{topic_dir.string(), 0, 0, ""}, "nothing of the topic was kept");
    return kExitOutput;
  };
  for (const auto& [target, text] : files) {
    if (!write_file_atomically(target.string(), text, sink)) return fail();
    undo.files.push_back(target);
    written.push_back(target.string());
  }
  for (const auto& [target, text] : schemas) {
    if (!write_file_atomically(target.string(), text, sink)) return fail();
    undo.files.push_back(target);
    written.push_back(target.string());
  }
  // The template's pictures (its figure's example), unless the topic has its own already.
  const fs::path images = templates / "images";
  if (fs::is_directory(images, ec)) {
    if (!had_images) undo.folders.insert(undo.folders.begin(), own_images);
    fs::copy(images, own_images, fs::copy_options::recursive | fs::copy_options::skip_existing, ec);
    if (ec) {
      sink.error(Location{own_images.string(), 0, 0, ""}, "cannot copy the template's pictures: " + ec.message());
      return fail();
    }
    written.push_back(own_images.string() + "/");
  }
  undo.keep = true;
  return kExitOk;
}

}  // namespace handout
