// Sharding: splitting one manifest's jobs among N independent runs (machines, pods, array
// tasks) without any coordination. A job belongs to shard K of N when the FNV-1a 64-bit
// hash of its output name, modulo N, is K; the hash depends on nothing but the name, so
// every run computes the same split, whatever the job order or the machine.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/diag.h"

namespace handout {

/// Shard `index` of `count` (0 <= index < count).
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  friend bool operator==(const Shard&, const Shard&) = default;
};

/// The most shards a run may be split into (far above any real cluster).
inline constexpr std::uint64_t kMaxShards = 1'000'000;

/// FNV-1a, 64-bit: offset basis 14695981039346656037, prime 1099511628211.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes);

/// True when the job writing `output` belongs to `shard`.
[[nodiscard]] bool in_shard(std::string_view output, const Shard& shard);

/// Looks up an environment variable: null when unset. Injected so tests need no globals.
using EnvLookup = std::function<const char*(const char*)>;

/// What the command line says about sharding.
struct ShardFlags {
  std::string shard;   ///< --shard K/N, or empty
  std::string shards;  ///< --shards N, or empty
};

/// Decides this run's shard, in order of precedence:
///   1. --shard K/N (0-based K);
///   2. JOB_COMPLETION_INDEX as K (a Kubernetes Indexed Job), with N from --shards;
///   3. (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP as K (MIN 0 and
///      STEP 1 when unset: an array 1-N gives K 0..N-1), with N from
///      --shards or else SLURM_ARRAY_TASK_COUNT;
///   4. none: shard 0 of 1, every job.
/// A value that is not a plain whole number, K >= N, N = 0, --shards without an index to
/// go with it, or --shard and --shards disagreeing, is an error (nothing returned).
[[nodiscard]] std::optional<Shard> resolve_shard(const ShardFlags& flags, const EnvLookup& env,
                                                 DiagSink& sink);

}  // namespace handout
