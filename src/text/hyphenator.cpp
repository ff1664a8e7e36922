#include "text/hyphenator.h"

#include "core/lib_hyphen.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>

#include "core/lang.h"
#include "core/mapped_file.h"
#include "text/hyph_dict.h"

namespace handout {

// Written at build time by tools/hyph_precompile.cpp (generated/hyph_bundled.cpp).
extern const BundledHyphDict kBundledHyphDicts[];
extern const std::size_t kBundledHyphDictCount;

namespace {

// The bundled dictionary whose file `text` is, if any: it was checked and built when
// handout was built, so it is neither checked nor built again.
const BundledHyphDict* bundled_dictionary(std::string_view text) {
  std::uint64_t hash = 0;
  bool hashed = false;
  for (std::size_t i = 0; i < kBundledHyphDictCount; ++i) {
    const BundledHyphDict& b = kBundledHyphDicts[i];
    if (b.text_size != text.size()) continue;
    if (!hashed) hash = hyph_text_hash(text), hashed = true;
    if (b.text_hash == hash) return &b;
  }
  return nullptr;
}

}  // namespace

Hyphenator::~Hyphenator() = default;

const std::optional<Diag>& Hyphenator::problem_locked(const std::string& path) const {
  auto it = checked_.find(path);
  if (it != checked_.end()) return it->second;
  std::optional<Diag> problem;
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const auto size = regular ? std::filesystem::file_size(path, ec) : 0;
  if (!regular || ec || size > kMaxDictionaryBytes) {
    problem = Diag{Severity::kError, Location{path, 0, 0, ""},
                   !regular || ec ? "cannot read the hyphenation dictionary (not a regular file)"
                      : "hyphenation dictionary of " + std::to_string(size) + " bytes is over the limit of " +
                            std::to_string(kMaxDictionaryBytes)};
  } else {
    // Mapped, not read into a string: the bundled dictionary is only hashed, so it is neither
    // copied nor zeroed first (read, the English one cost 0.1 M instructions of zeroing and
    // about 25 page faults in every render, Arabic too). No more than the size found within
    // the limit above (the file may have grown since); empty as a read that gets nothing.
    const MappedFile file(path);
    const std::string_view text = file.text().substr(0, static_cast<std::size_t>(size));
    if (const BundledHyphDict* b = bundled_dictionary(text)) {
      bundled_[path] = b;
    } else if (auto p = check_hyphenation_dictionary(text)) {
      problem = Diag{Severity::kError, Location{path, p->line, p->column, ""},
                     "malformed hyphenation dictionary: " + p->message};
    } else {
      sound_texts_[path] = std::string(text);  // built from this text when first used
    }
  }
  return checked_.emplace(path, std::move(problem)).first->second;
}

bool Hyphenator::check_dir(const std::string& dir, DiagSink& sink) const {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("hyph_", 0) == 0 && e.path().extension() == ".dic") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  bool ok = true;
  std::lock_guard lock(mutex_);
  for (const auto& path : paths) {
    if (const auto& problem = problem_locked(path)) {
      sink.add(*problem);
      ok = false;
    }
  }
  return ok;
}

const HyphImage* Hyphenator::image_for(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = images_.find(path);
  if (it == images_.end()) {
    std::optional<HyphImage> image;
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec) && !problem_locked(path)) {
      if (auto b = bundled_.find(path); b != bundled_.end()) {
        image = HyphImage::open(std::string_view(reinterpret_cast<const char*>(b->second->image), b->second->image_size));
      }
    }
    it = images_.emplace(path, std::move(image)).first;
  }
  return it->second ? &*it->second : nullptr;
}

_HyphenDict* Hyphenator::dict_for(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = dicts_.find(path);
  if (it != dicts_.end()) return it->second ? it->second->get() : nullptr;
  std::error_code ec;
  std::unique_ptr<HyphDict> dict;
  // Only a dictionary that passed the check is built, from the text that was checked (read
  // once; the builder skips the checks the text passed).
  if (std::filesystem::is_regular_file(path, ec) && !problem_locked(path)) {
    if (auto b = bundled_.find(path); b != bundled_.end()) {
      dict = hyph_dict_from_image(std::string_view(reinterpret_cast<const char*>(b->second->image), b->second->image_size));
    } else if (auto text = sound_texts_.find(path); text != sound_texts_.end()) {
      HyphDictError error;
      dict = build_hyph_dict(text->second, path, error, /*checked=*/true);
      sound_texts_.erase(text);
    }
  }
  HyphenDict* d = dict ? dict->get() : nullptr;
  dicts_[path] = std::move(dict);
  return d;
}

std::vector<std::size_t> Hyphenator::points(const std::u32string& word, const std::string& lang,
                                            const std::string& dir) const {
  std::vector<std::size_t> out;
  // Short words are never worth breaking; the bundled dictionaries are for
  // unaccented Latin letters, where one byte is one character.
  if (word.size() < 5 || word.size() > 60) return out;
  std::string bytes;
  for (char32_t c : word) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c < 'a' || c > 'z') return out;
    bytes.push_back(static_cast<char>(c));
  }
  const std::string path = dir + "/hyph_" + primary_language(lang) + ".dic";
  // Two letters before and three after a hyphen, as the dictionary and TeX's US English use.
  constexpr int kLeft = 2, kRight = 3;
  std::vector<char> hyphens;
  // A bundled dictionary is walked in its image; libhyphen's structure is built only for
  // another file, or for a word the image leaves to it.
  const HyphImage* image = image_for(path);
  if (!image || !image->hyphenate(bytes, kLeft, kRight, hyphens)) {
    HyphenDict* dict = dict_for(path);
    if (!dict || libhyphen_hyphenate(dict, bytes, kLeft, kRight, hyphens) != 0) return out;
  }
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (hyphens[i] & 1) out.push_back(i + 1);
  }
  return out;
}

}  // namespace handout
