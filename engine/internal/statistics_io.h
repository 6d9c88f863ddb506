// Byte formats of crawl statistics: a CrawlStatisticsBuilder's unfinished
// state (what a scan shard writes, to be merged) and finished
// CrawlStatistics (what a sign shard or an index reads).
//
//   std::string bytes = internal::SerializeStatistics(parts);
//   CrawlStatistics::Parts back;
//   absl::Status s = internal::ParseStatistics(bytes, &back);   // DataLoss when damaged
//
// Layout (docs/contract.md, "Crawl statistics files"), all integers
// little-endian, "varint" LEB128:
//   magic        8 bytes: "SHBSTAT1" (statistics) or "SHBSCAN1" (builder state)
//   version      u32, kStatisticsFormatVersion
//   key          varint length + bytes: StatisticsKey() of the options
//   payload      see statistics_io.cc
//   checksum     u64 XXH3-64 of every byte before it
// Maps are written in key order, so equal statistics give equal bytes
// whatever their hash tables' history. The checksum is verified before
// anything is parsed: truncated or damaged bytes are DataLoss, never a
// crash; a wrong magic or version, or another key than the reader's
// options give, is InvalidArgument naming both.
//
// Thread safety: free functions on caller-owned data.
#ifndef SHABIH_ENGINE_INTERNAL_STATISTICS_IO_H_
#define SHABIH_ENGINE_INTERNAL_STATISTICS_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/document_sample.h"
#include "shabih/boilerplate.h"

namespace shabih::internal {

inline constexpr uint32_t kStatisticsFormatVersion = 1;

// Appends fixed-width and LEB128 integers to a string.
class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U64(uint64_t v);
  void Varint(uint64_t v);
  void Bytes(absl::string_view bytes);  // varint length, then the bytes
  std::string& data() { return out_; }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; every call fails (false) past the end or on
// a malformed varint, and leaves the reader failed.
class ByteReader {
 public:
  explicit ByteReader(absl::string_view in) : in_(in) {}
  bool U8(uint8_t* v);
  bool U64(uint64_t* v);
  bool Varint(uint64_t* v);
  bool Bytes(absl::string_view* bytes);
  size_t remaining() const { return in_.size(); }

 private:
  absl::string_view in_;
};

// Access to the containers of CrawlLineStats, CommonShingles and
// DocumentSample (friends of each).
struct StatisticsCodec {
  static void EncodeLines(const CrawlLineStats& lines, ByteWriter* out);
  static absl::StatusOr<CrawlLineStats> DecodeLines(ByteReader* in);
  static void EncodeCommon(const CommonShingles& common, ByteWriter* out);
  static absl::Status DecodeCommon(ByteReader* in, CommonShingles* common);
  static void EncodeSample(const DocumentSample& sample, ByteWriter* out);
  // Into a sample constructed with the reader's options.
  static absl::Status DecodeSample(ByteReader* in, DocumentSample* sample);
};

// A builder's unfinished state. `lines` and `sample` are null when the
// builder collects none.
std::string SerializeBuilderState(absl::string_view key, uint64_t documents, const CrawlLineStats* lines,
                                  const DocumentSample* sample);
// Checks the envelope and that the state was written with `key`, then reads
// into *documents, *lines and *sample (present when and only when the state
// has them: the key fixes which).
absl::Status ParseBuilderState(absl::string_view bytes, absl::string_view key, uint64_t* documents,
                               CrawlLineStats* lines, DocumentSample* sample);

// Finished statistics; `parts.built_with` is the key.
std::string SerializeStatistics(const CrawlStatistics::Parts& parts);
absl::Status ParseStatistics(absl::string_view bytes, CrawlStatistics::Parts* parts);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_STATISTICS_IO_H_
