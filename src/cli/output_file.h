// Writing an output file so that it is either complete or absent: a temporary file in
// the same folder, flushed to disk when it replaces a file, then renamed over the final name. A symbolic link
// as the output keeps its link (the file it points to is replaced); a device or a pipe
// (/dev/null, a FIFO, /dev/stdout) is written directly, never renamed over.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.h"

namespace handout {

/// An output prepared in a temporary file, put in place by commit() or removed by
/// discard() (or the destructor), so several outputs can be put in place together.
class PendingOutput {
 public:
  /// Whether prepare() flushes the temporary file to disk itself (kNow: when it replaces an
  /// existing file; a new name is not flushed), or leaves that to
  /// the caller, who must flush it before commit() (kByCaller: one flush of the file
  /// system for many files, see batch/group_commit.h).
  enum class Flush : bool { kNow, kByCaller };

  /// Writes `bytes` to a temporary file beside `path` (or, for a device or pipe, keeps
  /// them to write at commit). Reports why it cannot, at `path`.
  [[nodiscard]] static std::optional<PendingOutput> prepare(const std::string& path, std::string_view bytes,
                                                            DiagSink& sink, Flush flush = Flush::kNow);
  /// As prepare(), except when the regular file `path` names already holds exactly `bytes`
  /// (a rebuild that makes the same output): then no temporary file is made, and commit()
  /// leaves the file in place and sets its modification time to now, as a replacement would.
  /// Such an output is on disk once its file system is flushed (flush_path(); the bytes may
  /// have been left unflushed by another writer). If another program replaces or changes
  /// the file before commit(), commit() writes the bytes as prepare() would, and flushes
  /// them. Creating and freeing a file per output is what a rebuild spends most kernel time
  /// on (ext4 searches its inode bitmap past recently freed inodes).
  [[nodiscard]] static std::optional<PendingOutput> prepare_unless_same(const std::string& path,
                                                                        std::string_view bytes, DiagSink& sink,
                                                                        Flush flush);
  PendingOutput(PendingOutput&& o) noexcept;
  PendingOutput& operator=(PendingOutput&&) = delete;
  PendingOutput(const PendingOutput&) = delete;
  ~PendingOutput() { discard(); }

  /// Renames the temporary file over the target (or writes the device). Reports failure.
  [[nodiscard]] bool commit(DiagSink& sink);
  /// Removes the temporary file; nothing is left.
  void discard();
  /// The output's name as the user gave it.
  [[nodiscard]] const std::string& path() const { return path_; }
  /// The temporary file (empty for a device or pipe, for a file kept in place, or once
  /// committed or discarded).
  [[nodiscard]] const std::string& temp_path() const { return temp_; }
  /// The file whose bytes must be on disk before commit(): the temporary file, or the file
  /// kept in place (empty for a device or pipe, or once committed or discarded).
  [[nodiscard]] const std::string& flush_path() const { return kept_ ? target_ : temp_; }

 private:
  PendingOutput() = default;
  std::string path_;       ///< as the user named it (for messages)
  std::string target_;     ///< the file that is replaced (a symlink's target)
  std::string temp_;       ///< the temporary file; empty once committed or discarded
  std::string direct_;     ///< bytes for a device or pipe, written at commit; or a kept file's
  bool is_direct_ = false;
  bool kept_ = false;         ///< the target already holds the bytes (prepare_unless_same)
  std::array<long long, 5> kept_as_{};  ///< the kept file's device, inode, size, mtime when compared
};

/// Why writing a PDF to `path` would destroy a file that is not a PDF, or "" when it would
/// not: `path` (or the file a symbolic link there names) is a non-empty regular file whose
/// first KiB holds no "%PDF-" (a translation named by mistake: `-o ar.json`).
[[nodiscard]] std::string replaces_non_pdf(const std::string& path);

/// Writes `bytes` to `path` atomically. On failure reports why and leaves no file.
[[nodiscard]] bool write_file_atomically(const std::string& path, std::string_view bytes,
                                         DiagSink& sink);

/// Writes `bytes` to standard output; reports a failure (a closed pipe, a full disk).
[[nodiscard]] bool write_stdout(std::string_view bytes, DiagSink& sink);

/// Whether `file_name` is a temporary file this tool makes (".NAME.tmp-hd-HOST-PID-XXXXXX"),
/// for NAME = `target` when that is not empty.
[[nodiscard]] bool is_temp_file_name(std::string_view file_name, std::string_view target = {});
/// Whether a temporary file of ours was left by a process that is gone: made on this host
/// by a process id that no longer runs, or on another host more than a day ago.
[[nodiscard]] bool is_stale_temp_file(const std::string& path);
/// Characters the temporary name adds around NAME at most (to check names fit).
inline constexpr std::size_t kTempNameExtra = 1 + 8 + 16 + 1 + 10 + 1 + 6;

}  // namespace handout

namespace handout {

/// When writing `output` would replace one of `inputs` (the same file, by any name or
/// link), a description of that input ("the input \"a.json\""); otherwise "".
[[nodiscard]] std::string output_is_input(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace handout
