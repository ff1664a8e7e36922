#include "batch/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <semaphore>
#include <system_error>
#include <thread>

#include "batch/group_commit.h"
#include "cli/output_file.h"
#include "output/deflate_cache.h"
#include "text/shared_shapes.h"

namespace handout {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Engine::render of the job's files, with the articles and layout from `inputs`: the same
// loads in the same order, so the same diagnostics and bytes.
std::optional<RenderResult> render_cached(Engine& engine, const BatchJob& job, InputCache& inputs, DiagSink& sink,
                                          const RenderOptions& options) {
  auto spec = inputs.layout(job.layout, sink, options.limits);
  std::optional<LayoutSpec> branded;
  if (spec && options.brand) branded = apply_brand(*spec, *options.brand);
  std::vector<std::shared_ptr<const Article>> articles;
  bool ok = spec != nullptr;
  for (const auto& path : job.articles) {
    auto article = inputs.article(path, sink, options.limits);
    if (article) articles.push_back(std::move(article));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  std::vector<const Article*> refs;
  for (const auto& a : articles) refs.push_back(a.get());
  return engine.render(refs, branded ? *branded : *spec, sink, options);
}

// Renders the job and hands its files (page previews, the PDF, its freshness key `key`, if
// any), written to temporary names, to `group` as job `index`: the group puts them in place.
void render_and_write(Engine& engine, const BatchJob& job, std::size_t index, const std::string& out_path,
                      const RunSettings& settings, const std::optional<std::string>& key, GroupCommit& group,
                      DiagSink& sink, JobResult& result) {
  // An output that is a link would be written where the link points: not in a batch.
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(out_path, ec))) {
    sink.error(job.where(), "output \"" + job.output + "\" is a symbolic link in the output folder; remove it");
    return;
  }
  if (const std::string why = replaces_non_pdf(out_path); !why.empty()) {
    sink.error(job.where(), "output \"" + job.output + "\": " + why);
    return;
  }
  // Exactly what `handout render` does, so the bytes are the same. A brand file is small;
  // its logo, like every picture, is decoded once per process (core/image's cache).
  RenderOptions options = settings.render;
  std::optional<Brand> brand;
  if (!job.brand.empty()) {
    brand = load_brand(job.brand, sink, options.limits);
    if (!brand) return;
    options.brand = &*brand;
  }
  options.keep_page_items = settings.thumbnail_dpi > 0;
  auto rendered = settings.inputs ? render_cached(engine, job, *settings.inputs, sink, options)
                                  : engine.render(job.articles, job.layout, sink, options);
  if (!rendered || sink.failed()) return;
  constexpr auto kLater = PendingOutput::Flush::kByCaller;
  // The previews go before the PDF, so that a failure leaves no PDF.
  std::vector<PendingOutput> files;
  if (settings.thumbnail_dpi > 0) {
    std::optional<PagePainter> own;
    PagePainter& painter = settings.painter ? *settings.painter : own.emplace(engine.fonts());
    const fs::path pdf(out_path);
    auto previews = prepare_previews(rendered->document, painter, pdf.parent_path().string(), pdf.stem().string(),
                                     settings.thumbnail_dpi, sink, kLater);
    if (!previews) return;
    files = std::move(*previews);
  }
  // A rebuild that makes the same bytes keeps the file (see PendingOutput::prepare_unless_same).
  auto pdf = PendingOutput::prepare_unless_same(out_path, rendered->pdf, sink, kLater);
  if (!pdf) return;
  files.push_back(std::move(*pdf));
  group.add(index, std::move(files), key ? FreshnessCheck::prepare_record(*key, out_path, kLater) : std::nullopt);
  result.status = JobStatus::kWritten;
  result.pages = rendered->document.pages.size();
  result.bytes = rendered->pdf.size();
}

// Makes job `index`: skips it when `freshness` says its output is up to date (null: never
// skip), else renders it as `handout render` would and hands its files to `group` (its
// result says written; the group's failures say otherwise). Never throws.
JobResult run_job(Engine& engine, const BatchJob& job, std::size_t index, const RunSettings& settings,
                  const FreshnessCheck* freshness, GroupCommit& group) {
  const auto start = Clock::now();
  JobResult result;
  DiagSink sink;
  sink.set_strict(settings.strict);
  const std::string out_path = (fs::path(settings.out_dir) / job.output).string();
  try {
    // Up to date, and its thumbnails made when they are asked for.
    const bool thumbnails_ready =
        settings.thumbnail_dpi == 0 ||
        fs::exists(fs::path(out_path).parent_path() / preview_file_name(fs::path(out_path).stem().string(), 0));
    // The key of the inputs as they are before the render reads them: one edited while the
    // job runs is then newer than its key, and the next run makes the job again.
    std::optional<std::string> key;
    if (freshness) key = freshness->key(job);
    if (key && !settings.force && thumbnails_ready && FreshnessCheck::up_to_date(*key, out_path)) {
      result.status = JobStatus::kSkipped;
      std::error_code ec;
      const auto size = fs::file_size(out_path, ec);
      if (!ec) result.bytes = size;
    } else {
      render_and_write(engine, job, index, out_path, settings, key, group, sink, result);
    }
  } catch (const std::exception& e) {
    // Out of memory on a huge input, say: this job fails, the others go on.
    result.status = JobStatus::kFailed;
    sink.error(job.where(), std::string("internal error: ") + e.what());
  }
  result.diagnostics = sink.all();
  for (auto& d : result.diagnostics) locate_in_manifest(job, d);
  result.milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return result;
}

}  // namespace

std::vector<JobResult> run_jobs(Engine& engine, const std::vector<const BatchJob*>& jobs,
                                const RunSettings& settings, const FreshnessCheck* freshness,
                                Progress& progress) {
  const std::size_t n = jobs.size();
  std::vector<JobResult> results(n);
  std::atomic<std::size_t> next{0};
  std::counting_semaphore<> finished(0);
  InputCache inputs;
  GroupCommit group;
  // What one worker shaped, the others take instead of shaping it again (a topic in every
  // layout, both languages of a bilingual job): told on a miss of a worker's own cache.
  SharedShapes shared;
  auto worker = [&] {
    // Each worker keeps its own shaping cache: no lock on the hot path, and the same
    // paragraphs (a topic in several layouts, a rebuild) are shaped once per worker.
    // 16 MiB of shaped runs and as much of paragraphs hold some 75 handouts' (the 55 bundled
    // jobs fill 0.9 and 11.6 MiB), far more than a matrix's layouts of one topic reuse; with
    // the 64 MiB default each, a batch of distinct articles (a clinic's whole library) grew
    // every worker by some 170 MB before the bounds were reached.
    ShapeCache cache{16u << 20, 4u << 20};
    if (settings.threads > 1 && n > 1) cache.share(&shared);
    // Likewise its deflated page content and object streams: a document made again (the
    // same handout under several names, a rebuild) is not compressed again.
    DeflateCache deflated;
    const DeflateCache::Use use_deflated(&deflated);
    RunSettings mine = settings;
    mine.render.shape_cache = &cache;
    if (!mine.inputs) mine.inputs = &inputs;
    // And its own painter: FreeType faces and rendered glyphs are not shared between threads.
    std::optional<PagePainter> painter;
    if (settings.thumbnail_dpi > 0) mine.painter = &painter.emplace(engine.fonts());
    for (;;) {
      if (settings.interrupted && settings.interrupted->load(std::memory_order_relaxed) != 0) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      // Each worker writes only its own slots; join() publishes them to this thread.
      results[i] = run_job(engine, *jobs[i], i, mine, freshness, group);
      finished.release();
    }
  };
  const std::size_t count = std::min<std::size_t>(std::max(settings.threads, 1u), n);
  std::vector<std::thread> pool;
  pool.reserve(count);
  for (std::size_t t = 0; t < count; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // the system will not give us more threads: go on with those we have
    }
  }
  if (pool.empty()) worker();

  // This thread draws the progress and puts the finished outputs in place, a group at a
  // time, while the workers render.
  const auto wait = std::min(progress.poll_interval(), GroupCommit::Limits{}.max_wait);
  progress.update(0, Clock::now());
  for (std::size_t done = 0; done < n;) {
    if (finished.try_acquire_for(wait)) ++done;
    if (group.due(Clock::now())) group.commit();
    progress.update(done, Clock::now());
    // Interrupted: once the jobs started have finished (a worker that took one just now is
    // waited for below).
    if (settings.interrupted && settings.interrupted->load(std::memory_order_relaxed) != 0 &&
        done >= std::min(next.load(std::memory_order_relaxed), n)) {
      break;
    }
  }
  for (auto& t : pool) t.join();
  group.commit();
  for (std::size_t i = std::min(next.load(), n); i < n; ++i) results[i].status = JobStatus::kNotRun;
  for (auto& [i, diag] : group.take_failures()) {
    results[i].status = JobStatus::kFailed;
    results[i].pages.reset();
    results[i].bytes.reset();
    results[i].diagnostics.push_back(std::move(diag));
  }
  progress.finish();
  return results;
}

}  // namespace handout
