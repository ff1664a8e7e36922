// The batch command's logic without rendering: manifest validation and matrix expansion,
// output names, sharding (with a fake environment), temporary file names, progress text.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "batch/freshness.h"
#include "batch/group_commit.h"
#include "batch/manifest.h"
#include "batch/output_dir.h"
#include "cli/output_file.h"
#include "batch/progress.h"
#include "batch/report.h"
#include "batch/shard.h"

namespace handout {
namespace {

struct Read {
  std::optional<Manifest> manifest;
  std::vector<std::string> errors;  ///< formatted
};

Read read(const std::string& text, const std::string& name = "dir/m.json") {
  Read r;
  DiagSink sink;
  if (auto doc = parse_json_text(name, text, sink)) r.manifest = read_manifest(*doc, sink);
  for (const auto& d : sink.all()) r.errors.push_back(format_diag(d));
  return r;
}

std::string first_error(const std::string& text) {
  const Read r = read(text);
  EXPECT_FALSE(r.manifest) << text;
  return r.errors.empty() ? "" : r.errors.front();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Manifest, JobsResolveAgainstTheManifestFolder) {
  const Read r = read(R"({"jobs": [
    {"articles": ["a/en.json"], "layout": "../layouts/a4.json", "output": "a-en.pdf"},
    {"articles": ["a/en.json", "a/ar.json"], "layout": "/abs/bi.json", "output": "sub/a.pdf"}]})");
  ASSERT_TRUE(r.manifest) << (r.errors.empty() ? "" : r.errors.front());
  ASSERT_EQ(r.manifest->jobs.size(), 2u);
  const BatchJob& a = r.manifest->jobs[0];
  EXPECT_EQ(a.articles, std::vector<std::string>{"dir/a/en.json"});
  EXPECT_EQ(a.layout, "layouts/a4.json");
  EXPECT_EQ(a.output, "a-en.pdf");
  EXPECT_EQ(a.where().line, 2);
  EXPECT_EQ(a.where().pointer, "/jobs/0/output");
  EXPECT_EQ(r.manifest->jobs[1].articles.size(), 2u);
  EXPECT_EQ(r.manifest->jobs[1].layout, "/abs/bi.json");
}

TEST(Manifest, MatrixExpandsTopicsLangsLayouts) {
  const Read r = read(R"({"matrix": {"articles": "content/{topic}/{lang}.json",
    "topics": ["t1", "t2"], "langs": ["en", "ar"],
    "layouts": {"a4": "layouts/a4.json", "letter": "layouts/letter.json"},
    "output": "{topic}-{lang}-{layout}.pdf"}})");
  ASSERT_TRUE(r.manifest) << (r.errors.empty() ? "" : r.errors.front());
  ASSERT_EQ(r.manifest->jobs.size(), 8u);
  EXPECT_EQ(r.manifest->jobs[0].output, "t1-en-a4.pdf");
  EXPECT_EQ(r.manifest->jobs[0].articles.front(), "dir/content/t1/en.json");
  EXPECT_EQ(r.manifest->jobs[1].output, "t1-en-letter.pdf");
  EXPECT_EQ(r.manifest->jobs[1].layout, "dir/layouts/letter.json");
  EXPECT_EQ(r.manifest->jobs[7].output, "t2-ar-letter.pdf");
}

TEST(Manifest, JobsAndMatricesTogether) {
  const Read r = read(R"({"jobs": [{"articles": ["x.json"], "layout": "l.json", "output": "x.pdf"}],
    "matrix": [{"articles": ["{topic}/en.json", "{topic}/ar.json"], "topics": ["a", "b"],
                "layouts": {"bi": "bi.json"}, "output": "{topic}-bi.pdf"}]})");
  ASSERT_TRUE(r.manifest) << (r.errors.empty() ? "" : r.errors.front());
  ASSERT_EQ(r.manifest->jobs.size(), 3u);
  EXPECT_EQ(r.manifest->jobs[2].output, "b-bi.pdf");
  EXPECT_EQ(r.manifest->jobs[2].articles,
            (std::vector<std::string>{"dir/b/en.json", "dir/b/ar.json"}));
}

TEST(Manifest, UnknownKeyIsLocatedWithSuggestion) {
  const std::string e = first_error(
      "{\"jobs\": [\n  {\"articles\": [\"a.json\"], \"layuot\": \"l.json\", \"output\": "
      "\"a.pdf\"}]}");
  EXPECT_TRUE(contains(e, "dir/m.json:2:")) << e;
  EXPECT_TRUE(contains(e, "unknown key \"layuot\"; did you mean \"layout\"?")) << e;
  EXPECT_TRUE(contains(e, "(at /jobs/0/layuot)")) << e;
  EXPECT_TRUE(contains(first_error(R"({"job": []})"), "did you mean \"jobs\"?"));
}

TEST(Manifest, StructuralErrors) {
  EXPECT_TRUE(contains(first_error("{}"), "needs \"jobs\", \"matrix\" or both"));
  EXPECT_TRUE(contains(first_error(R"({"jobs": []})"), "has no jobs"));
  EXPECT_TRUE(contains(first_error(R"({"jobs": {}})"), "expected an array"));
  EXPECT_TRUE(contains(
      first_error(R"({"jobs": [{"articles": ["a", "b", "c"], "layout": "l", "output": "a.pdf"}]})"),
      "one article, or two"));
  EXPECT_TRUE(contains(
      first_error(R"({"jobs": [{"articles": [], "layout": "l", "output": "a.pdf"}]})"), "found 0"));
  EXPECT_TRUE(
      contains(first_error(R"({"jobs": [{"articles": [3], "layout": "l", "output": "a.pdf"}]})"),
               "(at /jobs/0/articles/0)"));
  EXPECT_TRUE(contains(first_error(R"({"jobs": [{"articles": ["a"], "output": "a.pdf"}]})"),
                       "missing required key \"layout\""));
  EXPECT_TRUE(contains(first_error(R"({"matrix": 3})"), "object or a list of objects"));
}

TEST(Manifest, OutputsMustStayInsideTheFolder) {
  auto job = [](const std::string& out) {
    return first_error(R"({"jobs": [{"articles": ["a"], "layout": "l", "output": ")" + out +
                       "\"}]}");
  };
  EXPECT_TRUE(contains(job("/tmp/a.pdf"), "absolute path")) << job("/tmp/a.pdf");
  EXPECT_TRUE(contains(job("../a.pdf"), "has \"..\"")) << job("../a.pdf");
  EXPECT_TRUE(contains(job("x/../../a.pdf"), "must stay inside")) << job("x/../../a.pdf");
  EXPECT_TRUE(contains(job("a//b.pdf"), "empty folder name"));
  EXPECT_TRUE(contains(job(".hidden.pdf"), "starting with"));
  EXPECT_TRUE(contains(job("a.txt"), "does not end in \".pdf\""));
  EXPECT_TRUE(contains(job("report.json"), ".pdf"));
  EXPECT_TRUE(contains(job("a\\\\b.pdf"), "backslash"));
  EXPECT_EQ(check_output_name("en/a-b.PDF"), "");
  // The temporary sibling ".NAME.tmp-hd-HOST-PID-XXXXXX" must fit in 255 bytes.
  EXPECT_EQ(check_output_name(std::string(255 - kTempNameExtra - 3, 'x') + ".pdf").empty(), false);
  EXPECT_EQ(check_output_name(std::string(255 - kTempNameExtra - 4, 'x') + ".pdf"), "");
}

TEST(Manifest, DuplicateOutputsNameBothJobs) {
  const std::string e = first_error(R"({"jobs": [
    {"articles": ["a"], "layout": "l", "output": "a.pdf"},
    {"articles": ["b"], "layout": "l", "output": "a.pdf"}]})");
  EXPECT_TRUE(contains(e, "dir/m.json:3:")) << e;
  EXPECT_TRUE(contains(e, "is also made by the job at 2:")) << e;
  EXPECT_TRUE(contains(e, "/jobs/0/output")) << e;
}

TEST(Manifest, MatrixPatternErrors) {
  auto matrix = [](const std::string& body) {
    return first_error(R"({"matrix": {"layouts": {"a4": "a4.json"}, )" + body + "}}");
  };
  EXPECT_TRUE(contains(
      matrix(
          R"("articles": "{topic}/{language}.json", "topics": ["t"], "langs": ["en"], "output": "{topic}.pdf")"),
      "unknown placeholder \"{language}\""));
  EXPECT_TRUE(contains(
      matrix(
          R"("articles": "{topic}/{language}.json", "topics": ["t"], "langs": ["en"], "output": "{topic}.pdf")"),
      "did you mean \"{lang}\"?"));
  EXPECT_TRUE(
      contains(matrix(R"("articles": "{topic.json", "topics": ["t"], "output": "{topic}.pdf")"),
               "without \"}\""));
  EXPECT_TRUE(contains(
      matrix(
          R"("articles": "{topic}/{lang}.json", "topics": ["t"], "langs": ["en", "ar"], "output": "{topic}.pdf")"),
      "lacks {lang}"));
  EXPECT_TRUE(contains(
      matrix(
          R"("articles": "{topic}/en.json", "topics": ["t"], "langs": ["en", "ar"], "output": "{topic}-{lang}.pdf")"),
      "would read the same article"));
  EXPECT_TRUE(contains(
      matrix(R"("articles": "{topic}/{lang}.json", "topics": ["t"], "output": "{topic}.pdf")"),
      "has no \"langs\""));
  EXPECT_TRUE(contains(
      matrix(R"("articles": "{topic}.json", "topics": ["t", "t"], "output": "{topic}.pdf")"),
      "listed twice"));
  EXPECT_TRUE(
      contains(matrix(R"("articles": "{topic}.json", "topics": ["t"], "output": "/{topic}.pdf")"),
               "absolute path"));
  EXPECT_TRUE(contains(
      matrix(R"("articles": "{topic}.json", "topics": ["t"], "output": "{topic}.pdf", "lang": [])"),
      "did you mean \"langs\"?"));
}

TEST(Manifest, OneReportPerBadMatrix) {
  const Read r = read(R"({"matrix": {"articles": "{topic}.json", "topics": ["a", "b", "c"],
    "layouts": {"x": "x.json"}, "output": "../{topic}.pdf"}})");
  EXPECT_FALSE(r.manifest);
  EXPECT_EQ(r.errors.size(), 1u);
}

// Where a job's parts are written is located only when a diagnostic asks (each job held four
// located copies, source lines included: about 1 KB a job). The locations are those of the
// manifest's text itself, for a late job of a long list as for the first, after the parsed
// document is gone, and for a matrix's escaped layout and brand names.
TEST(Manifest, SitesAreLocatedWhenAskedExactlyAsTheTextSays) {
  std::string text = "{\"jobs\": [\n";
  constexpr int kJobs = 3000;
  for (int i = 0; i < kJobs; ++i) {
    text += "  {\n    \"articles\": [\"t" + std::to_string(i) + ".json\"],\n    \"layout\": \"a4.json\",\n" +
            (i == kJobs - 1 ? "    \"brand\": \"b.json\",\n" : "") + "    \"output\": \"t" + std::to_string(i) +
            ".pdf\"\n  },\n";
  }
  text += "  {\"articles\": [\"x.json\"], \"layout\": \"a4.json\", \"output\": \"x.pdf\"}],\n";
  text += " \"matrix\": {\"articles\": \"{topic}.json\", \"topics\": [\"a\"],\n";
  text += "  \"layouts\": {\"a/b~c\": \"l.json\"}, \"brands\": {\"x/y\": \"b.json\"},\n";
  text += "  \"output\": \"{topic}-{brand}.pdf\"}}\n";
  const Read r = read(text);
  ASSERT_TRUE(r.manifest) << (r.errors.empty() ? "" : r.errors.front());
  ASSERT_EQ(r.manifest->jobs.size(), kJobs + 2u);
  DiagSink sink;
  const auto doc = parse_json_text("dir/m.json", text, sink);
  ASSERT_TRUE(doc);
  auto same = [&](const Location& got, const std::string& pointer) {
    const Location want = doc->locate(pointer);
    EXPECT_EQ(got.file, want.file) << pointer;
    EXPECT_EQ(got.line, want.line) << pointer;
    EXPECT_EQ(got.column, want.column) << pointer;
    EXPECT_EQ(got.pointer, pointer);
    EXPECT_EQ(got.source_line, want.source_line) << pointer;
    EXPECT_EQ(got.source_column, want.source_column) << pointer;
    EXPECT_FALSE(got.source_line.empty()) << pointer;
  };
  const BatchJob& last = r.manifest->jobs[kJobs - 1];
  const std::string p = "/jobs/" + std::to_string(kJobs - 1);
  EXPECT_EQ(last.where().line, 2 + 5 * (kJobs - 1) + 4);
  same(last.where(), p + "/output");
  same(last.sites->article(0), p + "/articles/0");
  same(last.sites->layout(), p + "/layout");
  same(last.sites->brand(), p + "/brand");
  same(r.manifest->jobs[0].where(), "/jobs/0/output");
  const BatchJob& cell = r.manifest->jobs.back();
  same(cell.where(), "/matrix/output");
  same(cell.sites->article(0), "/matrix/articles");
  same(cell.sites->layout(), "/matrix/layouts/a~1b~0c");
  same(cell.sites->brand(), "/matrix/brands/x~1y");
  EXPECT_EQ(cell.sites->file(), "dir/m.json");

  // A diagnostic about a late job's missing article moves to where the manifest names it.
  Diag d;
  d.where = Location{last.articles[0]};
  d.message = "cannot open file";
  locate_in_manifest(last, d);
  same(d.where, p + "/articles/0");
  EXPECT_EQ(d.message, "article \"dir/t" + std::to_string(kJobs - 1) + ".json\": cannot open file");
}

TEST(Shard, Fnv1a64KnownValues) {
  EXPECT_EQ(fnv1a64(""), 14695981039346656037ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
}

struct FakeEnv {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

std::optional<Shard> shard(const ShardFlags& flags, const FakeEnv& env,
                           std::string* error = nullptr) {
  DiagSink sink;
  auto s = resolve_shard(flags, env.lookup(), sink);
  if (error && !sink.all().empty()) *error = format_diag(sink.all().front());
  return s;
}

TEST(Shard, Precedence) {
  FakeEnv env{{{"JOB_COMPLETION_INDEX", "2"}, {"SLURM_ARRAY_TASK_ID", "5"}}};
  EXPECT_EQ(shard({"1/4", ""}, env), (Shard{1, 4}));
  EXPECT_EQ(shard({"", "3"}, env), (Shard{2, 3}));
  EXPECT_EQ(shard({"", ""}, FakeEnv{}), (Shard{0, 1}));
}

TEST(Shard, SlurmArrays) {
  EXPECT_EQ(
      shard({"", ""}, FakeEnv{{{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}}),
      (Shard{3, 4}));
  // A 1-based array (--array=1-4) gives shards 0..3.
  const FakeEnv one_based{{{"SLURM_ARRAY_TASK_ID", "4"},
                           {"SLURM_ARRAY_TASK_COUNT", "4"},
                           {"SLURM_ARRAY_TASK_MIN", "1"}}};
  EXPECT_EQ(shard({"", ""}, one_based), (Shard{3, 4}));
  // --array=0-12:4 gives ids 0, 4, 8, 12.
  const FakeEnv stepped{{{"SLURM_ARRAY_TASK_ID", "8"},
                         {"SLURM_ARRAY_TASK_COUNT", "4"},
                         {"SLURM_ARRAY_TASK_MIN", "0"},
                         {"SLURM_ARRAY_TASK_STEP", "4"}}};
  EXPECT_EQ(shard({"", ""}, stepped), (Shard{2, 4}));
  EXPECT_EQ(shard({"", "8"}, one_based), (Shard{3, 8}));
}

TEST(Shard, BadValuesAreErrors) {
  std::string e;
  EXPECT_FALSE(shard({"4/4", ""}, FakeEnv{}, &e));
  EXPECT_TRUE(contains(e, "--shard: error: shard index 4 is not below the shard count 4")) << e;
  EXPECT_FALSE(shard({"1-4", ""}, FakeEnv{}, &e));
  EXPECT_TRUE(contains(e, "K/N")) << e;
  EXPECT_FALSE(shard({"-1/4", ""}, FakeEnv{}, &e));
  EXPECT_FALSE(shard({"1/0", ""}, FakeEnv{}, &e));
  EXPECT_FALSE(shard({" 1/4", ""}, FakeEnv{}, &e));
  EXPECT_FALSE(shard({"1/4", "5"}, FakeEnv{}, &e));
  EXPECT_TRUE(contains(e, "disagrees")) << e;
  EXPECT_FALSE(shard({"", "4"}, FakeEnv{}, &e));
  EXPECT_TRUE(contains(e, "needs a shard index")) << e;
  EXPECT_FALSE(shard({"", ""}, FakeEnv{{{"JOB_COMPLETION_INDEX", "1"}}}, &e));
  EXPECT_TRUE(contains(e, "JOB_COMPLETION_INDEX: error:")) << e;
  EXPECT_FALSE(shard({"", "4"}, FakeEnv{{{"JOB_COMPLETION_INDEX", "x"}}}, &e));
  EXPECT_FALSE(shard({"", "4"}, FakeEnv{{{"JOB_COMPLETION_INDEX", "4"}}}, &e));
  EXPECT_FALSE(shard({"", ""}, FakeEnv{{{"SLURM_ARRAY_TASK_ID", "1"}}}, &e));
  EXPECT_TRUE(contains(e, "SLURM_ARRAY_TASK_COUNT")) << e;
  EXPECT_FALSE(shard({"", ""},
                     FakeEnv{{{"SLURM_ARRAY_TASK_ID", "0"},
                              {"SLURM_ARRAY_TASK_COUNT", "4"},
                              {"SLURM_ARRAY_TASK_MIN", "1"}}},
                     &e));
}

TEST(Shard, EveryJobInExactlyOneShard) {
  for (std::uint64_t n : {1u, 2u, 3u, 7u}) {
    for (int j = 0; j < 200; ++j) {
      const std::string name = "job-" + std::to_string(j) + ".pdf";
      int hits = 0;
      for (std::uint64_t k = 0; k < n; ++k) hits += in_shard(name, Shard{k, n}) ? 1 : 0;
      EXPECT_EQ(hits, 1) << name;
    }
  }
}

TEST(OutputDir, TempFileNames) {
  EXPECT_TRUE(is_temp_file_name(".a.pdf.tmp-hd-host1-123-Ab12Z9"));
  EXPECT_TRUE(is_temp_file_name(".a.pdf.tmp-hd-host1-123-Ab12Z9", "a.pdf"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf.tmp-hd-host1-123-Ab12Z9", "b.pdf"));
  EXPECT_FALSE(is_temp_file_name("a.pdf.tmp-hd-host1-123-Ab12Z9"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf.tmp-hd-host1-123-Ab12"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf.tmp-hd-host1-12x-Ab12Z9"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf.tmp-hd-host1-123-Ab12!9"));
  EXPECT_FALSE(is_temp_file_name("..tmp-hd-host1-123-Ab12Z9"));
  // Another program's temporary file that merely looks like one (issue 9.14).
  EXPECT_FALSE(is_temp_file_name(".notes.txt.tmp-abc123"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf.tmp-Ab12Z9"));
  EXPECT_FALSE(is_temp_file_name(".a.pdf"));
}

TEST(Progress, Texts) {
  EXPECT_EQ(progress_bar_text(50, 200, 2.0),
            "[######------------------]  50/200  25.0 jobs/s  ETA 6.0 s");
  EXPECT_EQ(progress_line_text(0, 10, 0.0), "batch: 0/10 jobs (0%), -- jobs/s, ETA --");
  EXPECT_EQ(progress_line_text(100, 1000, 10.0),
            "batch: 100/1000 jobs (10%), 10.0 jobs/s, ETA 1:30");
}

TEST(Report, SummaryLineAndName) {
  BatchTotals t;
  t.jobs = 8;
  t.written = 7;
  t.failed = 1;
  t.seconds = 0.414;
  EXPECT_EQ(summary_line(t, Shard{}), "batch: 8 jobs, 7 written, 0 skipped, 1 failed in 0.41 s");
  EXPECT_EQ(summary_line(t, Shard{1, 3}),
            "batch: 8 jobs, 7 written, 0 skipped, 1 failed in 0.41 s (shard 1/3)");
  EXPECT_EQ(report_file_name(Shard{}), "report.json");
  EXPECT_EQ(report_file_name(Shard{1, 3}), "report-1-of-3.json");
}

// The report is written a job at a time (the whole tree of a long batch's jobs took about
// 1 KB a job): the text is the one the whole tree prints, for no jobs, one, and several with
// diagnostics, brands and invalid UTF-8 (replaced), and bidi controls are escaped as before.
TEST(Report, WrittenAJobAtATimeAsTheWholeTreePrintsIt) {
  const Read r = read(R"({"jobs": [
    {"articles": ["a/en.json"], "layout": "l.json", "output": "a.pdf"},
    {"articles": ["a/en.json", "a/ar.json"], "layout": "bi.json", "brand": "b.json", "output": "b.pdf"},
    {"articles": ["c.json"], "layout": "l.json", "output": "c.pdf"}]})");
  ASSERT_TRUE(r.manifest);
  std::vector<const BatchJob*> jobs;
  for (const auto& j : r.manifest->jobs) jobs.push_back(&j);
  std::vector<JobResult> results(3);
  results[0].status = JobStatus::kWritten;
  results[0].pages = 2;
  results[0].bytes = 12345;
  results[0].milliseconds = 12.3456;
  results[1].status = JobStatus::kFailed;
  results[1].diagnostics.push_back(Diag{Severity::kError, Location{"dir/m.json", 3, 7, "/jobs/1/articles/0"},
                                        "article \"a/ar.json\": cannot open file \xff"});
  results[1].diagnostics.push_back(Diag{Severity::kWarning, Location{"x.json", 1, 2, "/title"}, "two"});
  results[2].status = JobStatus::kSkipped;
  const ReportHeader header{"dir/m.json", "out", Shard{}};
  for (std::size_t n : {0u, 1u, 3u}) {
    const std::vector<const BatchJob*> some(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(n));
    const std::vector<JobResult> theirs(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(n));
    const std::string text = report_json(header, some, theirs, count_results(theirs, 1.5));
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    const auto tree = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(tree.dump(2) + "\n", text) << n;
    EXPECT_EQ(tree["jobs"].size(), n);
  }
  const std::string text = report_json(header, jobs, results, count_results(results, 1.5));
  EXPECT_NE(text.find("\"brand\": \"dir/b.json\""), std::string::npos);
  EXPECT_NE(text.find("cannot open file \xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  // A bidi control quoted in a message is escaped.
  results[2].diagnostics.push_back(Diag{Severity::kWarning, Location{"x.json"}, "a\u202Eb"});
  const std::string escaped = report_json(header, jobs, results, count_results(results, 1.5));
  EXPECT_NE(escaped.find("a\\u202eb"), std::string::npos);
  EXPECT_EQ(escaped.find("\u202E"), std::string::npos);
}

// A folder of its own under the system's temporary folder, removed at the end.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string t = (std::filesystem::temp_directory_path() / "handout-group-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entries(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string article_naming(const std::string& picture) {
  return R"({"title": "T", "lang": "en", "blocks": [{"type": "figure", "src": ")" + picture + R"(", "alt": "a"}]})";
}

// The key names the pictures an article's figures use. A batch that names one article in
// many jobs parses it once (per path, size and modification time): the key from that memo
// equals a fresh check's, follows the pictures as they change, and follows the article when
// it is rewritten to name another picture.
TEST(Freshness, PicturesOfAnArticleAreReadOncePerVersionOfTheFile) {
  ScratchDir dir;
  const std::string article = dir.file("a.json");
  write_text(article, article_naming("one.png"));
  BatchJob job;
  job.articles = {article};
  job.layout = std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json";
  job.output = "a.pdf";
  const std::vector<const BatchJob*> jobs{&job};
  const std::string exe = std::string(HANDOUT_SOURCE_DIR) + "/CMakeLists.txt";  // any file with a time
  const FreshnessCheck check(jobs, exe, RenderOptions{});
  const std::string missing = check.key(job);
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(check.key(job), missing);                              // from the memo
  EXPECT_EQ(FreshnessCheck(jobs, exe, RenderOptions{}).key(job), missing);  // and without it
  // The picture appears: the key changes though the article did not.
  write_text(dir.file("one.png"), "png");
  const std::string present = check.key(job);
  EXPECT_NE(present, missing);
  EXPECT_EQ(FreshnessCheck(jobs, exe, RenderOptions{}).key(job), present);
  // The article now names another picture (its size changes): read again.
  write_text(article, article_naming("another.png"));
  const std::string rewritten = check.key(job);
  EXPECT_NE(rewritten, present);
  EXPECT_EQ(FreshnessCheck(jobs, exe, RenderOptions{}).key(job), rewritten);
  // Workers ask at once: each gets the same key.
  std::vector<std::string> keys(4);
  std::vector<std::thread> threads;
  for (auto& k : keys) threads.emplace_back([&] { k = check.key(job); });
  for (auto& t : threads) t.join();
  for (const auto& k : keys) EXPECT_EQ(k, rewritten);
}

TEST(GroupCommit, OutputsTakeTheirNamesOnlyAtCommitOutputBeforeKey) {
  ScratchDir dir;
  GroupCommit group;
  DiagSink sink;
  constexpr auto kLater = PendingOutput::Flush::kByCaller;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string name = "h" + std::to_string(i) + ".pdf";
    auto pdf = PendingOutput::prepare(dir.file(name), "pdf " + std::to_string(i), sink, kLater);
    auto key = PendingOutput::prepare(dir.file("." + name + ".key"), "key\n", sink, kLater);
    ASSERT_TRUE(pdf && key);
    group.add(i, std::move(*pdf), std::move(key));
  }
  // Before the commit: six temporary files, no final name.
  EXPECT_EQ(entries(dir.path), 6u);
  EXPECT_FALSE(std::filesystem::exists(dir.file("h0.pdf")));
  EXPECT_TRUE(group.due(GroupCommit::Clock::now() + std::chrono::seconds(1)));
  group.commit();
  EXPECT_FALSE(group.due(GroupCommit::Clock::now() + std::chrono::seconds(1)));
  EXPECT_EQ(entries(dir.path), 6u);  // the same six files, now under their names
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read_text(dir.file("h" + std::to_string(i) + ".pdf")), "pdf " + std::to_string(i));
    EXPECT_EQ(read_text(dir.file(".h" + std::to_string(i) + ".pdf.key")), "key\n");
  }
  EXPECT_TRUE(group.take_failures().empty());
  EXPECT_TRUE(sink.all().empty());
}

TEST(GroupCommit, ReplacingAnOutputKeepsNoHoldOnTheOldFile) {
  // commit() holds the file it replaces across the rename (so that freeing it happens
  // after the folder is unlocked): the new bytes take the name, and nothing stays open.
  ScratchDir dir;
  auto open_files = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator{});
  };
  const auto before = open_files();
  DiagSink sink;
  constexpr auto kLater = PendingOutput::Flush::kByCaller;
  for (int round = 0; round < 3; ++round) {
    GroupCommit group;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::string name = "h" + std::to_string(i) + ".pdf";
      auto pdf = PendingOutput::prepare(dir.file(name), name + " " + std::to_string(round), sink, kLater);
      auto key = PendingOutput::prepare(dir.file("." + name + ".key"), std::to_string(round), sink, kLater);
      ASSERT_TRUE(pdf && key);
      group.add(i, std::move(*pdf), std::move(key));
    }
    group.commit();
    EXPECT_TRUE(group.take_failures().empty());
    EXPECT_EQ(entries(dir.path), 8u);  // replaced in place: no temporary file left
    for (std::size_t i = 0; i < 4; ++i) {
      const std::string name = "h" + std::to_string(i) + ".pdf";
      EXPECT_EQ(read_text(dir.file(name)), name + " " + std::to_string(round));
      EXPECT_EQ(read_text(dir.file("." + name + ".key")), std::to_string(round));
    }
  }
  EXPECT_EQ(open_files(), before);
  EXPECT_TRUE(sink.all().empty());
}

TEST(GroupCommit, AnOutputWithTheSameBytesIsKeptInPlaceAndMarkedRemade) {
  ScratchDir dir;
  DiagSink sink;
  constexpr auto kLater = PendingOutput::Flush::kByCaller;
  auto inode = [](const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_ino;
  };
  const std::string same = dir.file("same.pdf"), other = dir.file("other.pdf"), moved = dir.file("moved.pdf");
  for (const auto& p : {same, other, moved}) ASSERT_TRUE(write_file_atomically(p, "old bytes", sink));
  const auto old_time = std::filesystem::last_write_time(same) - std::chrono::hours(1);
  std::filesystem::last_write_time(same, old_time);
  const auto same_inode = inode(same), other_inode = inode(other);

  GroupCommit group;
  auto a = PendingOutput::prepare_unless_same(same, "old bytes", sink, kLater);
  auto b = PendingOutput::prepare_unless_same(other, "new bytes", sink, kLater);
  auto c = PendingOutput::prepare_unless_same(moved, "old bytes", sink, kLater);
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(a->temp_path().empty());  // no temporary file: the file holds the bytes
  EXPECT_EQ(a->flush_path(), same);     // but the group flushes its file system
  EXPECT_FALSE(b->temp_path().empty());
  group.add(0, std::move(*a), std::nullopt);
  group.add(1, std::move(*b), std::nullopt);
  group.add(2, std::move(*c), std::nullopt);
  // Another program replaces moved.pdf between the comparison and the commit: the job's
  // bytes are written after all.
  ASSERT_TRUE(write_file_atomically(moved, "their bytes", sink));
  group.commit();
  EXPECT_EQ(read_text(same), "old bytes");
  EXPECT_EQ(inode(same), same_inode);                                // kept in place,
  EXPECT_GT(std::filesystem::last_write_time(same), old_time);       // but marked remade
  EXPECT_EQ(read_text(other), "new bytes");
  EXPECT_NE(inode(other), other_inode);                              // replaced as before
  EXPECT_EQ(read_text(moved), "old bytes");
  EXPECT_TRUE(group.take_failures().empty());
  EXPECT_EQ(entries(dir.path), 3u);  // no temporary file left
  EXPECT_TRUE(sink.all().empty());
}

TEST(GroupCommit, DueBySizeOrAgeAndAFailedRenameFailsOnlyItsJob) {
  ScratchDir dir;
  GroupCommit group(GroupCommit::Limits{2, std::chrono::hours(1)});
  DiagSink sink;
  constexpr auto kLater = PendingOutput::Flush::kByCaller;
  EXPECT_FALSE(group.due(GroupCommit::Clock::now()));
  auto a = PendingOutput::prepare(dir.file("a.pdf"), "a", sink, kLater);
  auto key = PendingOutput::prepare(dir.file(".a.pdf.key"), "k", sink, kLater);
  ASSERT_TRUE(a && key);
  group.add(7, std::move(*a), std::move(key));
  EXPECT_FALSE(group.due(GroupCommit::Clock::now()));  // one job, young
  auto b = PendingOutput::prepare(dir.file("b.pdf"), "b", sink, kLater);
  ASSERT_TRUE(b);
  group.add(8, std::move(*b), std::nullopt);
  EXPECT_TRUE(group.due(GroupCommit::Clock::now()));  // two jobs: the limit
  // a.pdf's name is taken by a folder meanwhile: its rename fails, b's does not.
  std::filesystem::create_directory(dir.file("a.pdf"));
  std::filesystem::create_directory(dir.file("a.pdf/x"));
  group.commit();
  const auto failures = group.take_failures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].first, 7u);
  EXPECT_NE(failures[0].second.message.find("cannot write output"), std::string::npos) << failures[0].second.message;
  EXPECT_EQ(read_text(dir.file("b.pdf")), "b");
  // Nothing of the failed job is left: no key that would call it up to date, no temporary file.
  EXPECT_FALSE(std::filesystem::exists(dir.file(".a.pdf.key")));
  EXPECT_EQ(entries(dir.path), 2u);  // the folder a.pdf and b.pdf
}

}  // namespace
}  // namespace handout
