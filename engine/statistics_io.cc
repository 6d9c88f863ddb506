// Payloads (after the envelope of statistics_io.h):
//   lines    max_counted_line_bytes varint, finalized u8, documents varint,
//            sites: count, then (key delta varint, documents varint) in key order,
//            lines: the same for (pair key, documents)
//   common   present u8; when 1: common_cells varint, nonzero words count,
//            then (block delta varint, word u64) in block order
//   sample   cutoff u64, documents varint, then per document in sample
//            order: hash u64, cells count varint, cells as delta varints
//   builder state:  documents varint, has_lines u8 [lines], has_sample u8 [sample]
//   statistics:     documents varint, sampled_documents varint,
//                   has_lines u8 [lines], common
// Keys and cells are sorted and delta-coded: a line entry takes ~8 bytes,
// a cell ~3.
#include "engine/internal/statistics_io.h"

#include <xxhash.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/crawl_line_counts.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {
namespace {

constexpr absl::string_view kStatisticsMagic = "SHBSTAT1";
constexpr absl::string_view kBuilderMagic = "SHBSCAN1";
constexpr size_t kMagicBytes = 8;
constexpr size_t kChecksumBytes = 8;

absl::Status Damaged(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("crawl statistics: ", what));
}

// The envelope around a payload.
std::string Seal(absl::string_view magic, absl::string_view key, const std::string& payload) {
  ByteWriter w;
  w.data().append(magic.data(), magic.size());
  for (int i = 0; i < 4; ++i) w.U8(static_cast<uint8_t>(kStatisticsFormatVersion >> (8 * i)));
  w.Bytes(key);
  w.data() += payload;
  w.U64(XXH3_64bits(w.data().data(), w.data().size()));
  return std::move(w.data());
}

struct Envelope {
  absl::string_view key;
  absl::string_view payload;
};

absl::StatusOr<Envelope> Open(absl::string_view bytes, absl::string_view magic, absl::string_view what) {
  if (bytes.size() < kMagicBytes || bytes.substr(0, kMagicBytes) != magic) {
    // A prefix of the magic is a truncated file of the right kind.
    if (bytes.size() < kMagicBytes && magic.substr(0, bytes.size()) == bytes) return Damaged("truncated");
    return absl::InvalidArgumentError(absl::StrCat("not ", what, " (no ", magic, " header)"));
  }
  if (bytes.size() < kMagicBytes + 4 + 1 + kChecksumBytes) return Damaged("truncated");
  const absl::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
  ByteReader tail(bytes.substr(body.size()));
  uint64_t checksum = 0;
  tail.U64(&checksum);
  uint32_t version = 0;
  for (int i = 0; i < 4; ++i) version |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[kMagicBytes + i])) << (8 * i);
  if (XXH3_64bits(body.data(), body.size()) != checksum) {
    return Damaged(absl::StrCat("checksum mismatch (", bytes.size(), " bytes: truncated or damaged)"));
  }
  if (version != kStatisticsFormatVersion) {
    return absl::InvalidArgumentError(absl::StrCat(what, " of format version ", version, "; this build reads ",
                                                   kStatisticsFormatVersion));
  }
  ByteReader in(body.substr(kMagicBytes + 4));
  Envelope e;
  if (!in.Bytes(&e.key)) return Damaged("bad key");
  e.payload = body.substr(body.size() - in.remaining());
  return e;
}

// A count-prefixed map in key order: (key delta, value) varints.
void EncodeMap(const absl::flat_hash_map<uint64_t, uint32_t>& map, ByteWriter* out) {
  std::vector<std::pair<uint64_t, uint32_t>> sorted(map.begin(), map.end());
  std::sort(sorted.begin(), sorted.end());
  out->Varint(sorted.size());
  uint64_t previous = 0;
  for (const auto& [key, value] : sorted) {
    out->Varint(key - previous);
    out->Varint(value);
    previous = key;
  }
}

absl::Status DecodeMap(ByteReader* in, absl::flat_hash_map<uint64_t, uint32_t>* map) {
  uint64_t n = 0;
  // Each entry takes at least two bytes: a count beyond that is damage, and
  // must not reserve memory for it.
  if (!in->Varint(&n) || n > in->remaining() / 2) return Damaged("bad map size");
  map->clear();
  map->reserve(n);
  uint64_t key = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t delta = 0, value = 0;
    if (!in->Varint(&delta) || !in->Varint(&value)) return Damaged("truncated map");
    if ((i > 0 && delta == 0) || value > UINT32_MAX) return Damaged("bad map entry");
    key += delta;
    map->emplace(key, static_cast<uint32_t>(value));
  }
  return absl::OkStatus();
}

absl::Status ExpectEnd(const ByteReader& in) {
  return in.remaining() == 0 ? absl::OkStatus() : Damaged("trailing bytes");
}

}  // namespace

void ByteWriter::U64(uint64_t v) {
  for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    U8(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  U8(static_cast<uint8_t>(v));
}

void ByteWriter::Bytes(absl::string_view bytes) {
  Varint(bytes.size());
  out_.append(bytes.data(), bytes.size());
}

bool ByteReader::U8(uint8_t* v) {
  if (in_.empty()) return false;
  *v = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return true;
}

bool ByteReader::U64(uint64_t* v) {
  if (in_.size() < 8) {
    in_ = {};
    return false;
  }
  uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x |= static_cast<uint64_t>(static_cast<uint8_t>(in_[i])) << (8 * i);
  in_.remove_prefix(8);
  *v = x;
  return true;
}

bool ByteReader::Varint(uint64_t* v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t byte = 0;
    if (!U8(&byte)) return false;
    x |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = x;
      return true;
    }
  }
  in_ = {};  // more than ten bytes: not a varint
  return false;
}

bool ByteReader::Bytes(absl::string_view* bytes) {
  uint64_t n = 0;
  if (!Varint(&n) || n > in_.size()) {
    in_ = {};
    return false;
  }
  *bytes = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

void StatisticsCodec::EncodeLines(const CrawlLineStats& lines, ByteWriter* out) {
  const CrawlLineStats::Counts& c = *lines.counts_;
  out->Varint(c.max_counted_line_bytes);
  out->U8(c.finalized ? 1 : 0);
  out->Varint(c.documents);
  EncodeMap(c.sites, out);
  EncodeMap(c.lines, out);
}

absl::StatusOr<CrawlLineStats> StatisticsCodec::DecodeLines(ByteReader* in) {
  uint64_t max_bytes = 0, documents = 0;
  uint8_t finalized = 0;
  if (!in->Varint(&max_bytes) || !in->U8(&finalized) || !in->Varint(&documents) || finalized > 1) {
    return Damaged("bad line statistics header");
  }
  BoilerplateOptions options;
  options.max_counted_line_bytes = static_cast<size_t>(max_bytes);
  CrawlLineStats lines(options);
  CrawlLineStats::Counts& c = *lines.counts_;
  c.finalized = finalized == 1;
  c.documents = documents;
  SHABIH_RETURN_IF_ERROR(DecodeMap(in, &c.sites));
  SHABIH_RETURN_IF_ERROR(DecodeMap(in, &c.lines));
  return lines;
}

void StatisticsCodec::EncodeCommon(const CommonShingles& common, ByteWriter* out) {
  out->U8(common.empty() ? 0 : 1);
  if (common.empty()) return;
  out->Varint(common.common_cells_);
  const uint64_t nonzero = static_cast<uint64_t>(
      std::count_if(common.words_.begin(), common.words_.end(), [](uint64_t w) { return w != 0; }));
  out->Varint(nonzero);
  uint64_t previous = 0;
  for (uint64_t block = 0; block < common.words_.size(); ++block) {
    if (common.words_[block] == 0) continue;
    out->Varint(block - previous);
    out->U64(common.words_[block]);
    previous = block;
  }
}

absl::Status StatisticsCodec::DecodeCommon(ByteReader* in, CommonShingles* common) {
  constexpr uint64_t kBlocks = uint64_t{1} << CommonShingles::kBlockBits;
  uint8_t present = 0;
  if (!in->U8(&present) || present > 1) return Damaged("bad common-shingle flag");
  *common = CommonShingles();
  if (present == 0) return absl::OkStatus();
  uint64_t cells = 0, nonzero = 0;
  if (!in->Varint(&cells) || !in->Varint(&nonzero) || nonzero > kBlocks) return Damaged("bad common-shingle set");
  common->words_.assign(kBlocks, 0);
  uint64_t block = 0, counted = 0;
  for (uint64_t i = 0; i < nonzero; ++i) {
    uint64_t delta = 0, word = 0;
    if (!in->Varint(&delta) || !in->U64(&word)) return Damaged("truncated common-shingle set");
    block += delta;
    if ((i > 0 && delta == 0) || block >= kBlocks || word == 0) return Damaged("bad common-shingle block");
    common->words_[block] = word;
    counted += static_cast<uint64_t>(__builtin_popcountll(word));
  }
  if (counted != cells) return Damaged("common-shingle cell count mismatch");
  common->common_cells_ = cells;
  return absl::OkStatus();
}

void StatisticsCodec::EncodeSample(const DocumentSample& sample, ByteWriter* out) {
  out->U64(sample.cutoff_);
  out->Varint(sample.entries_.size());
  for (const DocumentSample::Entry& e : sample.entries_) {
    out->U64(e.hash);
    out->Varint(e.count);
    const std::vector<uint32_t> cells = sample.CellsOf(e);  // spilled ones read back
    uint32_t previous = 0;
    for (uint32_t cell : cells) {
      out->Varint(cell - previous);
      previous = cell;
    }
  }
}

absl::Status StatisticsCodec::DecodeSample(ByteReader* in, DocumentSample* sample) {
  uint64_t cutoff = 0, n = 0;
  if (!in->U64(&cutoff) || !in->Varint(&n) || n > in->remaining() / 9) return Damaged("bad sample header");
  sample->cutoff_ = std::min(sample->cutoff_, cutoff);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t hash = 0, count = 0;
    if (!in->U64(&hash) || !in->Varint(&count) || count > in->remaining()) return Damaged("bad sample document");
    std::vector<uint32_t> cells(static_cast<size_t>(count));
    uint64_t cell = 0;
    for (uint32_t& c : cells) {
      uint64_t delta = 0;
      if (!in->Varint(&delta)) return Damaged("truncated sample document");
      cell += delta;
      if (cell >= (uint64_t{1} << (CommonShingles::kBlockBits + 12))) return Damaged("bad sample cell");
      c = static_cast<uint32_t>(cell);
    }
    sample->Add(hash, std::move(cells));
  }
  return absl::OkStatus();
}

std::string SerializeBuilderState(absl::string_view key, uint64_t documents, const CrawlLineStats* lines,
                                  const DocumentSample* sample) {
  ByteWriter w;
  w.Varint(documents);
  w.U8(lines != nullptr ? 1 : 0);
  if (lines != nullptr) StatisticsCodec::EncodeLines(*lines, &w);
  w.U8(sample != nullptr ? 1 : 0);
  if (sample != nullptr) StatisticsCodec::EncodeSample(*sample, &w);
  return Seal(kBuilderMagic, key, w.data());
}

absl::Status ParseBuilderState(absl::string_view bytes, absl::string_view key, uint64_t* documents,
                               CrawlLineStats* lines, DocumentSample* sample) {
  SHABIH_ASSIGN_OR_RETURN(Envelope e, Open(bytes, kBuilderMagic, "a crawl-statistics builder state"));
  if (e.key != key) {
    return absl::InvalidArgumentError(absl::StrCat("crawl-statistics builder state written with other options (",
                                                   e.key, ") than these (", key, ")"));
  }
  ByteReader in(e.payload);
  uint8_t has_lines = 0, has_sample = 0;
  if (!in.Varint(documents) || !in.U8(&has_lines)) return Damaged("bad builder state");
  if (has_lines != (lines != nullptr ? 1 : 0)) return Damaged("line statistics present against the key");
  if (lines != nullptr) {
    SHABIH_ASSIGN_OR_RETURN(*lines, StatisticsCodec::DecodeLines(&in));
  }
  if (!in.U8(&has_sample) || has_sample != (sample != nullptr ? 1 : 0)) {
    return Damaged("document sample present against the key");
  }
  if (sample != nullptr) SHABIH_RETURN_IF_ERROR(StatisticsCodec::DecodeSample(&in, sample));
  return ExpectEnd(in);
}

std::string SerializeStatistics(const CrawlStatistics::Parts& parts) {
  ByteWriter w;
  w.Varint(parts.documents);
  w.Varint(parts.sampled_documents);
  w.U8(parts.lines ? 1 : 0);
  if (parts.lines) StatisticsCodec::EncodeLines(*parts.lines, &w);
  StatisticsCodec::EncodeCommon(parts.common, &w);
  return Seal(kStatisticsMagic, parts.built_with, w.data());
}

absl::Status ParseStatistics(absl::string_view bytes, CrawlStatistics::Parts* parts) {
  SHABIH_ASSIGN_OR_RETURN(Envelope e, Open(bytes, kStatisticsMagic, "crawl statistics"));
  parts->built_with = std::string(e.key);
  ByteReader in(e.payload);
  uint8_t has_lines = 0;
  if (!in.Varint(&parts->documents) || !in.Varint(&parts->sampled_documents) || !in.U8(&has_lines) ||
      has_lines > 1) {
    return Damaged("bad statistics header");
  }
  parts->lines.reset();
  if (has_lines == 1) {
    SHABIH_ASSIGN_OR_RETURN(CrawlLineStats lines, StatisticsCodec::DecodeLines(&in));
    parts->lines = std::make_unique<CrawlLineStats>(std::move(lines));
  }
  SHABIH_RETURN_IF_ERROR(StatisticsCodec::DecodeCommon(&in, &parts->common));
  return ExpectEnd(in);
}

}  // namespace shabih::internal

namespace shabih {

absl::StatusOr<std::string> CrawlStatistics::Serialize() const { return internal::SerializeStatistics(*parts_); }

absl::StatusOr<std::shared_ptr<const CrawlStatistics>> CrawlStatistics::Deserialize(absl::string_view bytes) {
  auto parts = std::make_unique<Parts>();
  SHABIH_RETURN_IF_ERROR(internal::ParseStatistics(bytes, parts.get()));
  return std::make_shared<const CrawlStatistics>(std::move(parts));
}

}  // namespace shabih
