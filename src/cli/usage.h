// Command-line mistakes named in plain words: an unknown command or option, with the
// closest real one suggested ("did you mean"), and `handout help [COMMAND]`. Only
// src/cli/main.cpp includes this (it sees CLI11; the engine library does not).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.h"
#include "cli/manual.h"
#include "core/json_reader.h"

namespace handout {

struct CommandLineProblem {
  std::string message;          ///< what is wrong, for a usage error
  bool help_requested = false;  ///< `handout help [COMMAND]`: print `help`, exit 0
  std::string help;
};

namespace usage_detail {

inline std::vector<std::string> option_names(const CLI::App* cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : cmd->get_options()) {
    for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    for (const auto& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

inline std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  std::string guess = did_you_mean(word, views);
  return guess.empty() ? std::string() : "; did you mean \"" + guess + "\"?";
}

}  // namespace usage_detail

/// Looks at the command line before CLI11 parses it. Returns a problem to report (or
/// help to print), or nothing when CLI11 should go ahead.
inline std::optional<CommandLineProblem> check_command_line(CLI::App& app, int argc, char** argv) {
  using namespace usage_detail;
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  auto command_list = [&] {
    std::string out;
    for (const auto& c : commands) out += (out.empty() ? "" : ", ") + c;
    return out;
  };
  if (argc < 2) {
    return CommandLineProblem{"a command is needed: " + command_list() + " (or help)", false, ""};
  }
  const std::string first = argv[1];
  if (first == "help") {
    // What the build installs (cli/manual.h): the manual page and the bash completion.
    if (argc == 3 && std::string_view(argv[2]) == "--man") {
      return CommandLineProblem{"", true, manual::man_page(app, HANDOUT_VERSION, kExitCodesHelp)};
    }
    if (argc == 3 && std::string_view(argv[2]) == "--bash-completion") {
      return CommandLineProblem{"", true, manual::bash_completion(app)};
    }
    // "handout help --help": the help, as "handout help" gives it (it was "no command").
    if (argc == 3 && (std::string_view(argv[2]) == "--help" || std::string_view(argv[2]) == "-h")) {
      return CommandLineProblem{"", true, app.help()};
    }
    if (argc > 2) {
      for (CLI::App* sub : app.get_subcommands({})) {
        // As `handout CMD --help` prints it: "Usage: handout CMD ..." (it was "Usage: CMD").
        if (sub->get_name() == argv[2]) return CommandLineProblem{"", true, sub->help(app.get_name())};
      }
      return CommandLineProblem{"no command \"" + std::string(argv[2]) + "\"" + suggestion(argv[2], commands) +
                                    " (commands: " + command_list() + ")",
                                false, ""};
    }
    return CommandLineProblem{"", true, app.help()};
  }
  CLI::App* cmd = nullptr;
  if (!first.empty() && first[0] != '-') {
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == first) cmd = sub;
    }
    if (!cmd) {
      return CommandLineProblem{"unknown command \"" + first + "\"" + suggestion(first, commands) +
                                    " (commands: " + command_list() + ")",
                                false, ""};
    }
  }
  std::vector<std::string> known = option_names(&app);
  if (cmd) {
    for (auto& n : option_names(cmd)) known.push_back(std::move(n));
  }
  for (int i = cmd ? 2 : 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) continue;
    std::string name = arg.substr(0, arg.find('='));
    // "-ofile" and "-j2": a short option with its value attached.
    if (name[1] != '-' && name.size() > 2) name = name.substr(0, 2);
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string where = cmd ? " for \"" + cmd->get_name() + "\"" : "";
    if (!cmd) {
      // An option of a command given before the command, or no command at all.
      for (CLI::App* sub : app.get_subcommands({})) {
        const auto sub_names = option_names(sub);
        if (std::find(sub_names.begin(), sub_names.end(), name) != sub_names.end()) {
          return CommandLineProblem{"\"" + name + "\" is an option of a command; write the command first, e.g. handout " +
                                        sub->get_name() + " ... " + name,
                                    false, ""};
        }
      }
    }
    return CommandLineProblem{"unknown option \"" + name + "\"" + where + suggestion(name, known), false, ""};
  }
  return std::nullopt;
}

}  // namespace handout
