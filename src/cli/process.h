// Running a helper program (pandoc) as a separate process, capturing what it prints.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace handout {

struct ProcessResult {
  int exit_status = -1;  ///< the exit status, or -1 when it was killed
  std::string out;       ///< what it wrote to stdout (at most the limit)
  std::string err;       ///< what it wrote to stderr (at most 64 KiB)
  bool timed_out = false;
  bool too_much_output = false;
};

/// Runs `argv` (argv[0] looked up on PATH) with stdin from /dev/null. Kills it after
/// `timeout_seconds` or once it has written more than `max_output` bytes. Nothing when
/// the program cannot be started; `missing` is then set when it is not installed.
/// `env` ("NAME=value") is set in its environment on top of this process's.
[[nodiscard]] std::optional<ProcessResult> run_process(const std::vector<std::string>& argv, double timeout_seconds,
                                                       std::size_t max_output, bool& missing,
                                                       const std::vector<std::string>& env = {});

}  // namespace handout
