// Where handout's data (fonts, layouts, hyphenation patterns, schemas, sample content) is:
// found from the program's (or the library's) own location, never from a path compiled in.
#pragma once

#include <string>
#include <vector>

namespace handout {

/// The data folder, `share/handout` beside the installed program or library:
/// for a module at M/bin/handout or M/lib[/<arch>]/libhandout.so, the first of
/// M/bin/share/handout, M/share/handout, ... (up to three folders up) that holds
/// layouts/a4.json; a build tree has build/share/handout. The module is this code's own
/// file (the library, or the program it is linked into), then /proc/self/exe. Then the
/// HANDOUT_DATA_DIR environment variable. Empty when none holds the data.
[[nodiscard]] std::string find_data_dir();

/// Whether `dir` holds handout's data (layouts/a4.json).
[[nodiscard]] bool is_data_dir(const std::string& dir);

/// The bundled layouts in `data_dir`/layouts, by name (the file name without .json),
/// sorted; the schema is not a layout.
[[nodiscard]] std::vector<std::string> bundled_layouts(const std::string& data_dir);

}  // namespace handout
