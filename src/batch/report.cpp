#include "batch/report.h"

#include <algorithm>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <nlohmann/json.hpp>

#include "core/diag.h"

namespace handout {

namespace {

using Json = nlohmann::ordered_json;  // keys in the order written, for people reading it

const char* status_name(JobStatus s) {
  switch (s) {
    case JobStatus::kWritten:
      return "written";
    case JobStatus::kSkipped:
      return "skipped";
    case JobStatus::kFailed:
      return "failed";
    case JobStatus::kNotRun:
      return "not-run";
  }
  return "failed";
}

double round_to(double value, double step) { return std::round(value / step) * step; }

Json diag_json(const Diag& d) {
  Json j;
  j["file"] = d.where.file;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  j["pointer"] = d.where.pointer;
  j["severity"] = severity_name(d.severity);
  j["message"] = d.message;
  return j;
}

Json job_json(const BatchJob& job, const JobResult& r) {
  Json j;
  j["output"] = job.output;
  j["articles"] = job.articles;
  j["layout"] = job.layout;
  if (!job.brand.empty()) j["brand"] = job.brand;
  j["status"] = status_name(r.status);
  j["pages"] = r.pages ? Json(*r.pages) : Json(nullptr);
  j["bytes"] = r.bytes ? Json(*r.bytes) : Json(nullptr);
  j["milliseconds"] = round_to(r.milliseconds, 0.001);
  Json diags = Json::array();
  for (const auto& d : r.diagnostics) diags.push_back(diag_json(d));
  j["diagnostics"] = std::move(diags);
  return j;
}

}  // namespace

BatchTotals count_results(const std::vector<JobResult>& results, double seconds) {
  BatchTotals t;
  t.jobs = results.size();
  t.seconds = seconds;
  for (const auto& r : results) {
    switch (r.status) {
      case JobStatus::kWritten:
        ++t.written;
        break;
      case JobStatus::kSkipped:
        ++t.skipped;
        break;
      case JobStatus::kFailed:
        ++t.failed;
        break;
      case JobStatus::kNotRun:
        ++t.not_run;
        break;
    }
  }
  return t;
}

std::string summary_line(const BatchTotals& t, const Shard& shard) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", t.seconds);
  std::string line = "batch: " + std::to_string(t.jobs) + " jobs, " + std::to_string(t.written) +
                     " written, " + std::to_string(t.skipped) + " skipped, " +
                     std::to_string(t.failed) + " failed in " + seconds + " s";
  if (t.signal != 0) {
    line += "; interrupted by " + std::string(t.signal == SIGINT ? "SIGINT" : t.signal == SIGTERM ? "SIGTERM" : "a signal") +
            ": " + std::to_string(t.not_run) + " not run";
  }
  if (shard.count > 1) {
    line += " (shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) + ")";
  }
  return line;
}

std::string report_file_name(const Shard& shard) {
  if (shard.count <= 1) return "report.json";
  return "report-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".json";
}

std::string report_json(const ReportHeader& header, const std::vector<const BatchJob*>& jobs,
                        const std::vector<JobResult>& results, const BatchTotals& totals) {
  Json root;
  root["manifest"] = header.manifest;
  root["out_dir"] = header.out_dir;
  root["shard"] = Json{{"index", header.shard.index}, {"count", header.shard.count}};
  root["jobs_total"] = totals.jobs;
  root["written"] = totals.written;
  root["skipped"] = totals.skipped;
  root["failed"] = totals.failed;
  if (totals.signal != 0) {
    root["not_run"] = totals.not_run;
    root["interrupted"] = totals.signal == SIGINT ? "SIGINT" : totals.signal == SIGTERM ? "SIGTERM" : "signal";
  }
  root["seconds"] = round_to(totals.seconds, 0.001);
  root["jobs"] = Json::array();
  // Invalid UTF-8 in a path or message must not abort the report; replace it. Bidi controls
  // quoted from an article are escaped (json_safe).
  auto dump = [](const Json& j) { return json_safe(j.dump(2, ' ', false, Json::error_handler_t::replace)); };
  std::string out = dump(root);
  const std::size_t count = std::min(jobs.size(), results.size());
  if (count == 0) return out + "\n";
  // The jobs are written one at a time, as the whole tree would print them (indented two
  // levels): the tree of a long batch's jobs took about 1 KB a job (100 MB for 100,000).
  constexpr std::string_view kEmpty = "[]\n}";
  out.resize(out.size() - kEmpty.size());
  out += "[\n";
  for (std::size_t i = 0; i < count; ++i) {
    const std::string job = dump(job_json(*jobs[i], results[i]));
    out += "    ";
    for (char c : job) {
      out += c;
      if (c == '\n') out += "    ";
    }
    out += i + 1 < count ? ",\n" : "\n";
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace handout
