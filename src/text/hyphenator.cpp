#include "text/hyphenator.h"

#include <hyphen.h>

#include <cstdlib>
#include <filesystem>

#include "core/lang.h"
#include "text/hyph_dict.h"

namespace handout {

Hyphenator::~Hyphenator() = default;

_HyphenDict* Hyphenator::dict_for(const std::string& lang, const std::string& dir) const {
  const std::string path = dir + "/hyph_" + primary_language(lang) + ".dic";
  std::lock_guard lock(mutex_);
  auto it = dicts_.find(path);
  if (it != dicts_.end()) return it->second ? it->second->get() : nullptr;
  std::error_code ec;
  std::unique_ptr<HyphDict> dict;
  if (std::filesystem::exists(path, ec)) {
    HyphDictError error;
    dict = load_hyph_dict(path, error);
    if (!dict) errors_[path] = error;
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
  HyphenDict* dict = dict_for(lang, dir);
  if (!dict) return out;
  std::vector<char> hyphens(bytes.size() + 5, '0');
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  // Two letters before and three after a hyphen, as the dictionary and TeX's US English use.
  const int rc = hnj_hyphen_hyphenate3(dict, bytes.data(), static_cast<int>(bytes.size()),
                                       hyphens.data(), nullptr, &rep, &pos, &cut, 2, 3, 2, 3);
  if (rep) {
    for (std::size_t i = 0; i < bytes.size(); ++i) std::free(rep[i]);
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  if (rc != 0) return out;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (hyphens[i] & 1) out.push_back(i + 1);
  }
  return out;
}

}  // namespace handout
