// The exit statuses of every handout command, distinct by cause (see --help and README).
#pragma once

namespace handout {

inline constexpr int kExitOk = 0;          ///< done (warnings may have been printed)
inline constexpr int kExitJobsFailed = 1;  ///< batch: some jobs failed, the others were written
inline constexpr int kExitRefused = 2;     ///< input refused: the diagnostics say why; nothing written
inline constexpr int kExitOutput = 3;      ///< the output could not be written (or would replace an input)
inline constexpr int kExitInternal = 4;    ///< an internal error (a bug: please report it)
inline constexpr int kExitUsage = 64;      ///< the command line is wrong (EX_USAGE of sysexits.h)

/// The table printed at the end of --help.
inline constexpr const char* kExitCodesHelp =
    "Exit status: 0 done; 1 batch: some jobs failed (the others were written, report.json names them);\n"
    "2 input refused (diagnostics on stderr, nothing written); 3 output could not be written;\n"
    "4 internal error; 64 wrong command line; 130 or 143 batch: stopped by SIGINT or SIGTERM\n"
    "(the jobs under way were finished, report.json names those not run).\n";

}  // namespace handout
