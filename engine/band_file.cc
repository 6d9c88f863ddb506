#include "engine/internal/band_file.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {
namespace {

constexpr char kMagic[8] = {'S', 'H', 'B', 'B', 'A', 'N', 'D', '1'};
constexpr size_t kRecordBytes = 12;

class BandFileStream : public RecordStream<BandRecord> {
 public:
  BandFileStream(std::unique_ptr<SequentialReader> in, std::vector<std::pair<uint32_t, uint64_t>> bands)
      : in_(std::move(in)), bands_(std::move(bands)) {}
  bool Next(BandRecord* r) override {
    while (band_ < bands_.size() && left_in_band_ == 0) {
      if (started_) ++band_;
      started_ = true;
      if (band_ < bands_.size()) left_in_band_ = bands_[band_].second;
    }
    if (band_ >= bands_.size()) return false;
    char bytes[kRecordBytes];
    if (!in_->Read(bytes, kRecordBytes)) {
      if (in_->status().ok()) status_ = absl::DataLossError(absl::StrCat(in_->path(), " is short"));
      return false;
    }
    std::memcpy(&r->key, bytes, 8);
    std::memcpy(&r->doc, bytes + 8, 4);
    r->band = bands_[band_].first;
    --left_in_band_;
    return true;
  }
  absl::Status status() const override { return status_.ok() ? in_->status() : status_; }

 private:
  std::unique_ptr<SequentialReader> in_;
  std::vector<std::pair<uint32_t, uint64_t>> bands_;
  size_t band_ = 0;
  bool started_ = false;
  uint64_t left_in_band_ = 0;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BandFileWriter>> BandFileWriter::Create(const std::string& path) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Create(path));
  return std::unique_ptr<BandFileWriter>(new BandFileWriter(std::move(out)));
}

absl::Status BandFileWriter::Add(const BandRecord& r) {
  if (any_ && r < last_) return absl::FailedPreconditionError("band records out of order");
  if (bands_.empty() || bands_.back().first != r.band) bands_.push_back({r.band, 0});
  ++bands_.back().second;
  last_ = r;
  any_ = true;
  char bytes[kRecordBytes];
  std::memcpy(bytes, &r.key, 8);
  std::memcpy(bytes + 8, &r.doc, 4);
  return out_->Append(absl::string_view(bytes, kRecordBytes));
}

absl::Status BandFileWriter::Commit() {
  std::string footer;
  for (const auto& [band, records] : bands_) {
    footer.append(reinterpret_cast<const char*>(&band), 4);
    footer.append(reinterpret_cast<const char*>(&records), 8);
  }
  const uint64_t entries = bands_.size();
  footer.append(reinterpret_cast<const char*>(&entries), 8);
  footer.append(kMagic, 8);
  SHABIH_RETURN_IF_ERROR(out_->Append(footer));
  return out_->Commit();
}

absl::StatusOr<std::unique_ptr<RecordStream<BandRecord>>> OpenBandFile(const std::string& path) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<PagedReader> tail, PagedReader::Open(path, 4 << 10, 64 << 10));
  const uint64_t size = tail->size();
  auto damaged = [&](const char* what) {
    return absl::DataLossError(absl::StrCat(path, " is damaged (", what, ")"));
  };
  if (size < 16) return damaged("too short");
  char magic[8];
  uint64_t entries = 0;
  SHABIH_RETURN_IF_ERROR(tail->Read(size - 8, 8, magic));
  SHABIH_RETURN_IF_ERROR(tail->Read(size - 16, 8, &entries));
  if (std::memcmp(magic, kMagic, 8) != 0) return damaged("no footer");
  if (entries > (size - 16) / 12) return damaged("footer size");
  const uint64_t footer_start = size - 16 - entries * 12;
  std::vector<std::pair<uint32_t, uint64_t>> bands(entries);
  uint64_t records = 0;
  for (uint64_t i = 0; i < entries; ++i) {
    SHABIH_RETURN_IF_ERROR(tail->Read(footer_start + i * 12, 4, &bands[i].first));
    SHABIH_RETURN_IF_ERROR(tail->Read(footer_start + i * 12 + 4, 8, &bands[i].second));
    records += bands[i].second;
  }
  if (records * kRecordBytes != footer_start) return damaged("record count");
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<SequentialReader> in, SequentialReader::Open(path));
  return std::unique_ptr<RecordStream<BandRecord>>(new BandFileStream(std::move(in), std::move(bands)));
}

}  // namespace shabih::internal
