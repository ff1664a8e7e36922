#include "cli/watch.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "batch/freshness.h"
#include "cli/output_file.h"
#include "preview/preview.h"

namespace handout {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// The absolute, symlink-free form of a path (the file need not exist).
fs::path canonical_form(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : p;
}

class Watcher {
 public:
  Watcher(const WatchOptions& options, std::ostream& err) : options_(options), err_(err) {}

  int run() {
    // Signals arrive on a descriptor, so that a render is never cut in half.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
    if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0) return fail("cannot block signals");
    Fd signal_fd(signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
    Fd notify_fd(inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (signal_fd.get() < 0 || notify_fd.get() < 0) return fail("cannot watch files");
    notify_ = notify_fd.get();

    render();
    for (;;) {
      pollfd fds[2] = {{signal_fd.get(), POLLIN, 0}, {notify_, POLLIN, 0}};
      // A folder of an input that does not exist (moved or deleted while watched, or not
      // made yet) cannot be watched: it is looked for twice a second, and once it is there
      // and watched, what it holds is rendered.
      const int ready = ::poll(fds, 2, missing_folders_ ? kLookForFoldersMs : -1);
      if (ready < 0) {
        if (errno == EINTR) continue;
        return fail("cannot wait for changes");
      }
      if (fds[0].revents & POLLIN) break;
      if (ready == 0) {
        if (!watch_inputs()) continue;
      } else if (!(fds[1].revents & POLLIN) || !drain_events()) {
        continue;
      }
      // Wait until the inputs have been quiet for a moment: a save is often several events.
      for (;;) {
        pollfd more[2] = {{signal_fd.get(), POLLIN, 0}, {notify_, POLLIN, 0}};
        const int n = ::poll(more, 2, options_.settle_ms);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (more[0].revents & POLLIN) return stop();
        drain_events();
      }
      render();
    }
    return stop();
  }

 private:
  int fail(const std::string& what) {
    err_ << "handout watch: error: " << what << ": " << std::strerror(errno) << "\n";
    return 2;
  }

  int stop() {
    err_ << "watch: stopped\n";
    return 0;
  }

  // Reads every pending event; true if one of them names an input.
  bool drain_events() {
    alignas(inotify_event) char buffer[16384];
    bool relevant = false;
    for (;;) {
      const ssize_t n = ::read(notify_, buffer, sizeof buffer);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        if (e->mask & IN_Q_OVERFLOW) {
          relevant = true;  // events were lost: render to be safe
          continue;
        }
        const auto dir = dirs_.find(e->wd);
        if (dir == dirs_.end()) continue;
        // The folder itself was moved or deleted: its watch now follows the moved folder, or
        // is gone. Its inputs are missing now (the render says so), and the folder is looked
        // for again under its name.
        if (e->mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED)) {
          if (!(e->mask & IN_IGNORED)) inotify_rm_watch(notify_, e->wd);
          watched_.erase(dir->second);
          dirs_.erase(dir);
          relevant = true;
          continue;
        }
        if (e->len == 0) continue;
        if (inputs_.contains(dir->second / e->name)) relevant = true;
      }
    }
    return relevant;
  }

  // Watches the folder of every input (once per folder); true if it watches one more.
  bool watch_inputs() {
    bool added = false;
    missing_folders_ = false;
    for (const fs::path& input : inputs_) {
      const fs::path dir = input.parent_path();
      if (watched_.contains(dir)) continue;
      const int wd = inotify_add_watch(notify_, dir.c_str(),
                                       IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                           IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF | IN_ONLYDIR);
      if (wd < 0) {
        // A folder that does not exist (yet): the render reported its inputs missing.
        missing_folders_ = missing_folders_ || errno == ENOENT || errno == ENOTDIR;
        continue;
      }
      watched_.insert(dir);
      dirs_[wd] = dir;
      added = true;
    }
    return added;
  }

  void render() {
    const auto start = Clock::now();
    DiagSink sink;
    sink.set_strict(options_.strict);
    // A new engine each time: a font file that changed must be read again.
    Engine engine;
    RenderOptions render_options = options_.render;
    render_options.creation_time = parse_source_date_epoch(std::getenv("SOURCE_DATE_EPOCH"), sink);
    auto result = engine.render(options_.articles, options_.layout, sink, render_options);
    bool ok = result && !sink.failed();
    if (ok && !options_.png_dir.empty()) {
      // One painter for every render: the glyphs of fonts whose bytes did not change are
      // drawn once (it files them by the font's bytes), the rest anew.
      if (painter_) {
        painter_->use_fonts(engine.fonts());
      } else {
        painter_.emplace(engine.fonts());
      }
      ok = write_previews(result->document, *painter_, options_.png_dir, fs::path(options_.output).stem().string(),
                          options_.dpi, sink);
      painter_->let_go_of_fonts();  // the engine, its fonts and pictures go at the end of this render
    }
    if (ok) {
      if (const std::string why = replaces_non_pdf(options_.output); !why.empty()) {
        sink.error(Location{options_.output, 0, 0, ""}, "cannot write output: " + why);
        ok = false;
      }
    }
    if (ok) ok = write_file_atomically(options_.output, result->pdf, sink);

    // What to watch: the articles and the layout always; what the layout names when it
    // can be read; the pictures drawn and every font read.
    for (const auto& a : options_.articles) inputs_.insert(canonical_form(a));
    inputs_.insert(canonical_form(options_.layout));
    if (auto files = FreshnessCheck::layout_inputs(options_.layout, options_.render.limits)) {
      for (const auto& f : *files) inputs_.insert(canonical_form(f));
    }
    for (std::size_t i = 0; i < engine.fonts().size(); ++i) {
      inputs_.insert(canonical_form(engine.fonts().face(static_cast<FontId>(i)).path));
    }
    if (result) {
      for (const auto& page : result->document.pages) {
        for (const auto& item : page.items) {
          const auto* im = std::get_if<ImageItem>(&item);
          if (im && im->image) inputs_.insert(canonical_form(im->image->file));
        }
      }
    }
    watch_inputs();

    print_diagnostics(err_, sink, options_.format);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (ok) {
      err_ << "watch: wrote " << options_.output << " (" << result->document.pages.size() << " page"
           << (result->document.pages.size() == 1 ? "" : "s") << ", " << ms << " ms)";
      if (!options_.png_dir.empty()) err_ << " and its previews in " << options_.png_dir;
      err_ << "; watching " << inputs_.size() << " files\n";
    } else {
      err_ << "watch: " << options_.output
           << (rendered_once_ ? " kept from the last good render" : " not written")
           << "; fix the errors above and save again\n";
    }
    rendered_once_ = rendered_once_ || ok;
    err_.flush();
  }

  const WatchOptions& options_;
  std::ostream& err_;
  int notify_ = -1;
  std::set<fs::path> inputs_;
  std::set<fs::path> watched_;
  std::map<int, fs::path> dirs_;
  /// Whether the folder of an input could not be watched because it does not exist.
  bool missing_folders_ = false;
  static constexpr int kLookForFoldersMs = 500;
  bool rendered_once_ = false;
  std::optional<PagePainter> painter_;
};

}  // namespace

int run_watch(const WatchOptions& options, std::ostream& err) { return Watcher(options, err).run(); }

}  // namespace handout
