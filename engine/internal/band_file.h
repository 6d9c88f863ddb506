// An index run's sorted LSH band records on disk, 12 bytes a record instead
// of BandRecord's 16: the band is stored once per band, in a footer.
//
//   auto w = BandFileWriter::Create("run/bands.bin");
//   for (const BandRecord& r : sorted) (*w)->Add(r);       // in (band, key, doc) order
//   (*w)->Commit();                                        // temp, fsync, rename
//   auto stream = OpenBandFile("run/bands.bin");           // RecordStream<BandRecord>
//
// Layout: records {u64 key, u32 doc} (packed, little-endian) in order; then
// the footer: per band {u32 band, u64 records}, its entry count (u64) and
// the magic "SHBBAND1". Band keys are most of an index's bytes after the
// signatures (31 bands a document at the default threshold), so the 4
// bytes matter: 496 -> 372 bytes a document.
//
// Thread safety: one thread per writer or stream.
#ifndef SHABIH_ENGINE_INTERNAL_BAND_FILE_H_
#define SHABIH_ENGINE_INTERNAL_BAND_FILE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/internal/band_records.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/record_stream.h"

namespace shabih::internal {

class BandFileWriter {
 public:
  static absl::StatusOr<std::unique_ptr<BandFileWriter>> Create(const std::string& path);
  // Records must come sorted (FailedPrecondition otherwise).
  absl::Status Add(const BandRecord& record);
  absl::Status Commit();

 private:
  explicit BandFileWriter(std::unique_ptr<AtomicFileWriter> out) : out_(std::move(out)) {}
  std::unique_ptr<AtomicFileWriter> out_;
  std::vector<std::pair<uint32_t, uint64_t>> bands_;  // band, records
  BandRecord last_;
  bool any_ = false;
};

absl::StatusOr<std::unique_ptr<RecordStream<BandRecord>>> OpenBandFile(const std::string& path);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BAND_FILE_H_
