// The manual page (handout.1) and the bash completion of the command, made from the
// commands and options the program declares, so that neither can fall behind them: the build
// runs `handout help --man` and `handout help --bash-completion` (CMakeLists.txt) and installs
// what they print. Only src/cli/main.cpp includes this (through usage.h).
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/utf.h"

namespace handout::manual {

/// `text` made safe for roff: backslashes and hyphens as roff writes them, a line that
/// would start with a control character ('.' or '\'') protected, and characters beyond
/// ASCII ("×") as groff's \[uXXXX] escapes (troff reads bytes, not UTF-8).
inline std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char32_t c : utf8_to_utf32(text)) {
    if (c >= 0x80) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(c));
      out += buf;
    } else if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      if (line_start && (c == '.' || c == '\'')) out += "\\&";
      out += static_cast<char>(c);
    }
    line_start = c == '\n';
  }
  return out;
}

/// What an option's value is, from its CLI11 type name ("TEXT", "UINT:UINT in [1 - 2]",
/// "TEXT:{text,json}"): a placeholder for the synopsis and what it accepts, if that is said.
struct ValueShape {
  std::string placeholder;
  std::string accepted;
};

inline ValueShape value_shape(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const std::string base = type.substr(0, type.find(':'));
  ValueShape shape;
  if (base == "INT" || base == "UINT") {
    shape.placeholder = "N";
  } else if (base == "FLOAT") {
    shape.placeholder = "NUMBER";
  } else {
    shape.placeholder = "VALUE";
  }
  const auto colon = type.find(':');
  if (colon == std::string::npos) return shape;
  std::string rest = type.substr(colon + 1);
  if (!rest.empty() && rest.front() == '{' && rest.back() == '}') {
    rest = rest.substr(1, rest.size() - 2);
    std::replace(rest.begin(), rest.end(), ',', '|');
    shape.accepted = "one of: " + rest;
    return shape;
  }
  if (const auto in = rest.find(" in ["); in != std::string::npos && rest.back() == ']') {
    std::string range = rest.substr(in + 5, rest.size() - in - 6);
    if (const auto dash = range.find(" - "); dash != std::string::npos) range.replace(dash, 3, " to ");
    shape.accepted = "from " + range;
    return shape;
  }
  shape.accepted = "one of: " + rest;
  return shape;
}

// A flag has no type name ("--strict"); an option that takes a value has one ("TEXT").
inline bool takes_value(const CLI::Option& opt) { return !opt.get_type_name().empty(); }

/// The options of a command the manual and the completion list (not -h/--help, said once).
inline std::vector<const CLI::Option*> listed_options(const CLI::App& cmd) {
  std::vector<const CLI::Option*> out;
  for (const CLI::Option* opt : cmd.get_options()) {
    if (opt->get_positional() || opt->get_lnames() == std::vector<std::string>{"help"}) continue;
    out.push_back(opt);
  }
  return out;
}

inline std::vector<const CLI::Option*> positionals(const CLI::App& cmd) {
  std::vector<const CLI::Option*> out;
  for (const CLI::Option* opt : cmd.get_options()) {
    if (opt->get_positional()) out.push_back(opt);
  }
  return out;
}

inline std::string option_names(const CLI::Option& opt, bool bold) {
  std::string out;
  auto add = [&](const std::string& name) {
    if (!out.empty()) out += ", ";
    out += bold ? "\\fB" + roff(name) + "\\fR" : name;
  };
  for (const auto& s : opt.get_snames()) add("-" + s);
  for (const auto& l : opt.get_lnames()) add("--" + l);
  return out;
}

/// The manual page, in roff (man macros).
inline std::string man_page(const CLI::App& app, std::string_view version, std::string_view exit_codes) {
  std::string m;
  m += ".TH HANDOUT 1 \"\" \"handout " + roff(version) + "\" \"User Commands\"\n";
  m += ".SH NAME\nhandout \\- typeset patient handouts (JSON article and layout) into print\\-ready PDF\n";
  m += ".SH SYNOPSIS\n";
  m += ".B handout\n.I command\n.RI [ options ]\n.RI [ files ]\n.br\n";
  m += ".B handout help\n.RI [ command ]\n.br\n.B handout \\-\\-version\n";
  m += ".SH DESCRIPTION\n";
  m += ".B handout\nturns a structured article (JSON) and a layout (JSON) into a print\\-ready PDF patient handout\n"
       "or brochure, in English and Arabic (shaped, right to left), one language at a time or both together.\n"
       "Its PDFs are tagged and accessible (PDF/UA\\-1) and archival (PDF/A\\-2a) unless asked otherwise.\n"
       "Bad input is refused with a message naming the file, line:column and JSON pointer, and no output.\n";
  m += ".SH COMMANDS\n";
  for (const CLI::App* cmd : app.get_subcommands({})) {
    std::string synopsis = "handout " + cmd->get_name() + " [options]";
    for (const CLI::Option* p : positionals(*cmd)) {
      synopsis += " " + p->get_name();
      if (p->get_expected_max() > 1) synopsis += "...";
    }
    m += ".SS \"" + roff(synopsis) + "\"\n";
    m += roff(cmd->get_description()) + ".\n";
    for (const CLI::Option* p : positionals(*cmd)) {
      m += ".TP\n.I " + roff(p->get_name()) + "\n" + roff(p->get_description()) + ".\n";
    }
    for (const CLI::Option* opt : listed_options(*cmd)) {
      m += ".TP\n" + option_names(*opt, true);
      std::string what = opt->get_description();
      if (takes_value(*opt)) {
        const ValueShape shape = value_shape(*opt);
        m += " \\fI" + shape.placeholder + "\\fR";
        if (!shape.accepted.empty()) what += " (" + shape.accepted + ")";
      }
      if (opt->get_required()) what += " Required.";
      m += "\n" + roff(what) + (what.empty() || what.back() == '.' || what.back() == ')' ? "" : ".") + "\n";
    }
  }
  m += ".SH OPTIONS\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nPrint the commands (or, after a command, its options) and exit.\n";
  m += ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\nPrint the version and exit.\n";
  m += ".SH EXIT STATUS\n" + roff(exit_codes);
  m += ".SH ENVIRONMENT\n";
  m += ".TP\n.B HANDOUT_DATA_DIR\nThe data folder (layouts, fonts, the article template, brands), when it is not\n"
       ".I ../share/handout\nbeside the program.\n";
  m += ".TP\n.B SOURCE_DATE_EPOCH\nThe creation date written into the PDF (seconds since 1970), for reproducible output.\n";
  m += ".TP\n.B NO_COLOR\nWhen set, diagnostics on a terminal are not coloured.\n";
  m += ".TP\n.BR JOB_COMPLETION_INDEX \", \" SLURM_ARRAY_TASK_ID\nWith \\fBbatch \\-\\-shards\\fR N: which shard this process "
       "runs.\n";
  m += ".SH FILES\n.TP\n.I /usr/share/handout/layouts/\nThe bundled layouts (\\fIa4.json\\fR is the default), their "
       "hyphenation patterns and schema.\n";
  m += ".TP\n.I /usr/share/handout/content/\nThe article schema, the template \\fBhandout new\\fR copies, and sample "
       "articles.\n";
  m += ".TP\n.I /usr/share/handout/fonts/\nThe bundled fonts (SIL Open Font License).\n";
  m += ".TP\n.I /usr/share/handout/brands/\nExample clinic brands for \\fB\\-\\-brand\\fR.\n";
  m += ".SH EXAMPLES\n.nf\n";
  m += roff("handout render content/knee/en.json -o knee-en.pdf\n"
            "handout render content/knee/en.json content/knee/ar.json \\\n"
            "    --layout /usr/share/handout/layouts/bilingual-parallel.json -o knee.pdf\n"
            "handout validate content/knee/*.json\n"
            "handout new knee --langs en,ar\n"
            "handout watch content/knee/en.json -o knee.pdf --png preview\n"
            "handout batch manifest.json --out-dir out -j2\n"
            "handout serve --listen 127.0.0.1:8080\n");
  m += ".fi\n";
  m += ".SH SEE ALSO\nThe authoring guide (\\fIauthoring.md\\fR: every block kind, translations, the common "
       "mistakes),\nevery key of articles, layouts, brands and manifests (\\fIreference.md\\fR),\n"
       "the batch reference (\\fIbatch.md\\fR) and the service's deployment notes (\\fIdeploy.md\\fR), in\n"
       ".I /usr/share/doc/handout/\n(the project's \\fIdocs/\\fR folder).\n";
  return m;
}

/// A bash completion for the command (commands, each command's options, the values of
/// options that take one of a few words, folders for options that name a folder, files
/// otherwise), to install as share/bash-completion/completions/handout.
inline std::string bash_completion(const CLI::App& app) {
  auto quoted = [](const std::string& s) { return "'" + s + "'"; };  // names hold no quote
  std::string commands;
  for (const CLI::App* cmd : app.get_subcommands({})) commands += (commands.empty() ? "" : " ") + cmd->get_name();
  std::string s;
  s += "# bash completion for handout (made by `handout help --bash-completion`)\n";
  s += "_handout() {\n";
  s += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  s += "  local commands=" + quoted(commands + " help") + "\n";
  s += "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n";
  s += "    COMPREPLY=($(compgen -W \"$commands --help --version\" -- \"$cur\")); return\n  fi\n";
  s += "  local options='' words='' folder=''\n";
  s += "  case ${COMP_WORDS[1]} in\n";
  s += "    help) [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\")); return ;;\n";
  for (const CLI::App* cmd : app.get_subcommands({})) {
    std::string names = "--help";
    std::string values;
    for (const CLI::Option* opt : listed_options(*cmd)) {
      std::vector<std::string> all;
      for (const auto& sn : opt->get_snames()) all.push_back("-" + sn);
      for (const auto& ln : opt->get_lnames()) all.push_back("--" + ln);
      for (const auto& n : all) names += " " + n;
      if (!takes_value(*opt)) continue;
      std::string pattern;
      for (const auto& n : all) pattern += (pattern.empty() ? "" : "|") + n;
      const ValueShape shape = value_shape(*opt);
      const std::string description = opt->get_description();
      if (shape.accepted.rfind("one of: ", 0) == 0) {
        std::string choices = shape.accepted.substr(8);
        std::replace(choices.begin(), choices.end(), '|', ' ');
        values += "        " + pattern + ") words=" + quoted(choices) + " ;;\n";
      } else if (shape.placeholder != "VALUE") {
        values += "        " + pattern + ") return ;;\n";  // a number: nothing to offer
      } else if (description.find("older") != std::string::npos) {
        values += "        " + pattern + ") folder=1 ;;\n";
      } else {
        values += "        " + pattern + ") ;;\n";  // a file
      }
    }
    s += "    " + cmd->get_name() + ")\n      options=" + quoted(names) + "\n";
    if (!values.empty()) s += "      case $prev in\n" + values + "        *) prev='' ;;\n      esac\n";
    else s += "      prev=''\n";
    s += "      ;;\n";
  }
  s += "    *) return ;;\n  esac\n";
  s += "  if [ -n \"$words\" ]; then COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")); return; fi\n";
  s += "  if [ -n \"$folder\" ]; then COMPREPLY=($(compgen -d -- \"$cur\")); return; fi\n";
  s += "  if [ -z \"$prev\" ] && [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$options\" -- \"$cur\")); return; fi\n";
  s += "  COMPREPLY=($(compgen -f -- \"$cur\"))\n";
  s += "}\n";
  s += "complete -o filenames -o bashdefault -F _handout handout\n";
  return s;
}

}  // namespace handout::manual
