#include "cli/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string_view>

extern char** environ;

namespace handout {

namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::optional<ProcessResult> run_process(const std::vector<std::string>& argv, double timeout_seconds,
                                         std::size_t max_output, bool& missing,
                                         const std::vector<std::string>& env) {
  missing = false;
  // This process's environment, with `env` replacing (or adding) its variables.
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) {
    const std::string_view var(*e);
    const auto name = var.substr(0, var.find('=') + 1);
    bool replaced = false;
    for (const auto& v : env) replaced = replaced || std::string_view(v).substr(0, v.find('=') + 1) == name;
    if (!replaced) envp.push_back(*e);
  }
  for (const auto& v : env) envp.push_back(const_cast<char*>(v.c_str()));
  envp.push_back(nullptr);
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return std::nullopt;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close_fd(out_pipe[0]);
    close_fd(out_pipe[1]);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close_fd(out_pipe[1]);
  close_fd(err_pipe[1]);
  if (rc != 0) {
    missing = rc == ENOENT;
    close_fd(out_pipe[0]);
    close_fd(err_pipe[0]);
    return std::nullopt;
  }

  ProcessResult result;
  constexpr std::size_t kMaxErr = 64 * 1024;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buffer[65536];
  while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      int& fd = i == 0 ? out_pipe[0] : err_pipe[0];
      if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        close_fd(fd);
        continue;
      }
      std::string& into = i == 0 ? result.out : result.err;
      if (i == 1 && into.size() >= kMaxErr) continue;
      into.append(buffer, static_cast<std::size_t>(got));
    }
    if (result.out.size() > max_output) {
      result.too_much_output = true;
      break;
    }
  }
  close_fd(out_pipe[0]);
  close_fd(err_pipe[0]);
  if (result.timed_out || result.too_much_output) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace handout
