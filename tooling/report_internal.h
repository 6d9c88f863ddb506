// Shared between the report's files: what report_data.cc reads from the
// run's summary and hands to report_texts.cc, which re-reads the inputs.
#ifndef SHABIH_TOOLING_REPORT_INTERNAL_H_
#define SHABIH_TOOLING_REPORT_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "shabih/corpus.h"
#include "shabih/normalize.h"
#include "tooling/report.h"

namespace shabih::report_internal {

// What the report needs from summary.json's params and inputs.
struct RunParams {
  ReadOptions read;  // text_field, id_fields, max_document_bytes as the run had them
  bool strip = true;
  bool strip_crawl_stats = true;
  PrefixFolding prefix_folding = PrefixFolding::kLight;
  bool has_inputs = false;          // summary.json has "inputs" (shabih 0.2 runs after the report was added)
  std::vector<std::string> inputs;  // as given
  std::vector<std::string> inputs_absolute;  // absolute, when recorded
};

// Re-reads the inputs: fills data->documents (the members of the first
// text clusters, then sample pages per site), the members' document index
// and diff, and the stripping statistics (by reason, by site, repeated
// lines). Problems with the inputs become notes; errors only for a failing
// reader or classifier.
absl::Status AddTexts(const RunParams& run, const ReportOptions& options, ReportData* data);

// "1,234,567".
std::string Thousands(uint64_t n);

}  // namespace shabih::report_internal

#endif  // SHABIH_TOOLING_REPORT_INTERNAL_H_
