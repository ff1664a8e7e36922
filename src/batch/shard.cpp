#include "batch/shard.h"

namespace handout {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

bool in_shard(std::string_view output, const Shard& shard) {
  return fnv1a64(output) % shard.count == shard.index;
}

namespace {

/// A plain whole number from 0 to `max`: digits only, no sign, no spaces.
std::optional<std::uint64_t> whole_number(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

class ShardResolver {
 public:
  ShardResolver(const EnvLookup& env, DiagSink& sink) : env_(env), sink_(sink) {}

  /// A number read from the command line or the environment; reports when it is bad.
  std::optional<std::uint64_t> number(const std::string& source, std::string_view text,
                                      std::uint64_t max, const char* what) {
    auto n = whole_number(text, max);
    if (!n) {
      fail(source, "\"" + std::string(text) + "\" is not " + what + " (a whole number from 0 to " +
                       std::to_string(max) + ")");
    }
    return n;
  }

  /// The shard count: at least 1.
  std::optional<std::uint64_t> count(const std::string& source, std::string_view text) {
    auto n = number(source, text, kMaxShards, "a shard count");
    if (n && *n == 0) {
      fail(source, "the shard count must be at least 1");
      return std::nullopt;
    }
    return n;
  }

  std::optional<Shard> make(const std::string& source, std::uint64_t index, std::uint64_t n) {
    if (index >= n) {
      fail(source, "shard index " + std::to_string(index) + " is not below the shard count " +
                       std::to_string(n) + " (indexes are 0-based)");
      return std::nullopt;
    }
    return Shard{index, n};
  }

  /// An environment variable, or null when unset or empty.
  const char* var(const char* name) const {
    const char* v = env_(name);
    return v && *v ? v : nullptr;
  }

  void fail(const std::string& source, std::string message) {
    sink_.error(Location{source, 0, 0, ""}, std::move(message));
  }

 private:
  const EnvLookup& env_;
  DiagSink& sink_;
};

std::optional<Shard> from_flag(ShardResolver& r, const ShardFlags& flags) {
  const std::size_t slash = flags.shard.find('/');
  if (slash == std::string::npos) {
    r.fail("--shard", "\"" + flags.shard + "\" is not of the form K/N, e.g. 0/4");
    return std::nullopt;
  }
  const auto k = r.number("--shard", std::string_view(flags.shard).substr(0, slash), kMaxShards,
                          "a shard index");
  const auto n = r.count("--shard", std::string_view(flags.shard).substr(slash + 1));
  if (!k || !n) return std::nullopt;
  if (!flags.shards.empty()) {
    const auto m = r.count("--shards", flags.shards);
    if (!m) return std::nullopt;
    if (*m != *n) {
      r.fail("--shards", flags.shards + " disagrees with --shard " + flags.shard);
      return std::nullopt;
    }
  }
  return r.make("--shard", *k, *n);
}

std::optional<Shard> from_slurm(ShardResolver& r, const ShardFlags& flags, const char* id) {
  const auto k = r.number("SLURM_ARRAY_TASK_ID", id, UINT32_MAX, "an array task id");
  std::optional<std::uint64_t> min = 0;
  if (const char* m = r.var("SLURM_ARRAY_TASK_MIN")) {
    min = r.number("SLURM_ARRAY_TASK_MIN", m, UINT32_MAX, "an array task id");
  }
  std::optional<std::uint64_t> step = 1;
  if (const char* st = r.var("SLURM_ARRAY_TASK_STEP")) {
    step = r.count("SLURM_ARRAY_TASK_STEP", st);
  }
  std::optional<std::uint64_t> n;
  if (!flags.shards.empty()) {
    n = r.count("--shards", flags.shards);
  } else if (const char* c = r.var("SLURM_ARRAY_TASK_COUNT")) {
    n = r.count("SLURM_ARRAY_TASK_COUNT", c);
  } else {
    r.fail("SLURM_ARRAY_TASK_ID", "is set but SLURM_ARRAY_TASK_COUNT is not; pass --shards N");
    return std::nullopt;
  }
  if (!k || !min || !step || !n) return std::nullopt;
  if (*k < *min || (*k - *min) % *step != 0) {
    r.fail("SLURM_ARRAY_TASK_ID", std::to_string(*k) + " is not SLURM_ARRAY_TASK_MIN " +
                                      std::to_string(*min) + " plus a multiple of the step " +
                                      std::to_string(*step));
    return std::nullopt;
  }
  return r.make("SLURM_ARRAY_TASK_ID", (*k - *min) / *step, *n);
}

}  // namespace

std::optional<Shard> resolve_shard(const ShardFlags& flags, const EnvLookup& env, DiagSink& sink) {
  ShardResolver r(env, sink);
  if (!flags.shard.empty()) return from_flag(r, flags);
  if (const char* index = r.var("JOB_COMPLETION_INDEX")) {
    if (flags.shards.empty()) {
      r.fail("JOB_COMPLETION_INDEX",
             "is set (a Kubernetes Indexed Job) but --shards N is not given; pass --shards with "
             "the Job's completions, or --shard 0/1 to run every job");
      return std::nullopt;
    }
    const auto k = r.number("JOB_COMPLETION_INDEX", index, kMaxShards, "a completion index");
    const auto n = r.count("--shards", flags.shards);
    if (!k || !n) return std::nullopt;
    return r.make("JOB_COMPLETION_INDEX", *k, *n);
  }
  if (const char* id = r.var("SLURM_ARRAY_TASK_ID")) return from_slurm(r, flags, id);
  if (!flags.shards.empty()) {
    r.fail("--shards",
           "needs a shard index: --shard K/N, JOB_COMPLETION_INDEX or "
           "SLURM_ARRAY_TASK_ID");
    return std::nullopt;
  }
  return Shard{};
}

}  // namespace handout
