// Sharded reads (shabih/corpus.h, "Shards"): the shards' documents,
// concatenated, are the unsharded read's; their merged ReadStats are its
// ReadStats; UniqueIds over the concatenation gives its ids.
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/read_stats_io.h"
#include "engine/internal/shard_plan.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::TempDir;
using testing::WriteFile;

struct Read {
  std::vector<Document> docs;
  ReadStats stats;
  std::vector<Source> sources;
};

Read ReadInputs(const std::vector<std::string>& inputs, ReadOptions options, int index = 0, int count = 1) {
  options.shard_index = index;
  options.shard_count = count;
  Read read;
  auto reader = CorpusReader::Open(inputs, options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return read;
  Document doc;
  while ((*reader)->Next(&doc)) read.docs.push_back(doc);
  read.stats = (*reader)->stats();
  read.sources = (*reader)->sources();
  return read;
}

// What a merging stage does: shards 0..count-1 in order, stats merged
// (through their JSON form, as between processes), ids made unique.
Read ReadSharded(const std::vector<std::string>& inputs, const ReadOptions& options, int count) {
  Read all;
  for (int index = 0; index < count; ++index) {
    Read shard = ReadInputs(inputs, options, index, count);
    absl::StatusOr<ReadStats> saved = ReadStatsFromJson(ReadStatsToJson(shard.stats));
    EXPECT_TRUE(saved.ok()) << saved.status();
    if (saved.ok()) EXPECT_EQ(*saved, shard.stats) << "round trip of shard " << index;
    MergeReadStats(shard.stats, &all.stats, options.max_listed_skips);
    for (Document& doc : shard.docs) all.docs.push_back(std::move(doc));
    all.sources = shard.sources;
  }
  UniqueIds ids(options.max_listed_skips);
  for (Document& doc : all.docs) {
    doc.id = ids.Claim(
        std::move(doc.id), [&] { return DocumentLocation(all.sources[doc.source], doc.line); }, &all.stats);
  }
  return all;
}

void ExpectSameRead(const Read& expected, const Read& got, const std::string& what) {
  ASSERT_EQ(got.docs.size(), expected.docs.size()) << what;
  for (size_t i = 0; i < got.docs.size(); ++i) {
    EXPECT_EQ(got.docs[i].id, expected.docs[i].id) << what << " doc " << i;
    EXPECT_EQ(got.docs[i].text, expected.docs[i].text) << what << " doc " << i;
    EXPECT_EQ(got.docs[i].site, expected.docs[i].site) << what << " doc " << i;
    EXPECT_EQ(got.docs[i].source, expected.docs[i].source) << what << " doc " << i;
    EXPECT_EQ(got.docs[i].line, expected.docs[i].line) << what << " doc " << i;
  }
  EXPECT_EQ(got.stats, expected.stats) << what << "\n  sharded:   " << ReadStatsToJson(got.stats)
                                       << "\n  unsharded: " << ReadStatsToJson(expected.stats);
}

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
  gzclose(gz);
}

// A JSONL file with every kind of line the reader treats specially.
std::string MixedJsonl(int lines, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < lines; ++i) {
    const std::string body(rng() % 400, "abcdefgh"[i % 8]);
    switch (rng() % 16) {
      case 0: out += "\n"; break;                                     // blank
      case 1: out += "   \t \n"; break;                               // blank
      case 2: out += "{\"id\": broken\n"; break;                      // malformed
      case 3: absl::StrAppend(&out, "{\"f", rng() % 12, "\":\"", body, "\"}\n"); break;  // no text field
      case 4: absl::StrAppend(&out, "{\"text\":\"", body, "\xff\xfe\"}\n"); break;  // invalid UTF-8, FILE:LINE id
      case 5: absl::StrAppend(&out, "{\"id\":\"rep", rng() % 4, "\",\"text\":\"", body, "\"}\n"); break;
      case 6: absl::StrAppend(&out, "{\"text\":\"", body, "\"}\n"); break;  // FILE:LINE id
      case 7: absl::StrAppend(&out, "{\"text\":", i, "}\n"); break;        // text not a string
      case 8: absl::StrAppend(&out, "{\"text\":\"", std::string(3000, 'x'), "\"}\n"); break;  // too large
      case 9: absl::StrAppend(&out, "{\"id\":\"", i, ".jsonl:3\",\"text\":\"x\"}\n"); break;  // looks like FILE:LINE
      case 10: absl::StrAppend(&out, "{\"id\":\"rep1#2\",\"text\":\"\"}\n"); break;  // empty; takes a suffix
      default:
        absl::StrAppend(&out, "{\"id\":\"d", i, "\",\"url\":\"https://s", i % 5, ".example/", i, "\",\"text\":\"",
                        body, "\"}\n");
    }
  }
  absl::StrAppend(&out, "{\"text\":\"last line, no newline\"}");
  return out;
}

// Inputs mixing a big JSONL file, a .jsonl.gz, a directory of pages, empty
// files, a .jsonl holding gzip bytes and paths that are skipped at Open.
std::vector<std::string> MixedCorpus(const TempDir& dir) {
  WriteFile(dir / "pages/site-a/1.txt", "صفحة أولى");
  WriteFile(dir / "pages/site-a/2.txt", "bad \xc3 utf-8");
  WriteFile(dir / "pages/site-b/1.txt", "");
  WriteFile(dir / "pages/site-b/bin.txt", std::string("nul\0byte", 8));
  WriteFile(dir / "pages/site-b/note.pdf", "<p>unsupported</p>");
  WriteFile(dir / "pages/big.jsonl", MixedJsonl(600, 7));
  WriteFile(dir / "empty.jsonl", "");
  WriteGzip(dir / "small.jsonl.gz", MixedJsonl(40, 8));
  std::string gzip_bytes;
  WriteGzip(dir / "tmp.gz", "{\"id\":\"rep0\",\"text\":\"inside\"}\n{\"text\":\"two\"}\n");
  gzip_bytes = testing::ReadFile(dir / "tmp.gz");
  WriteFile(dir / "gzip-inside.jsonl", gzip_bytes);
  WriteFile(dir / "more/site-a/1.txt", "a page whose id repeats");
  WriteFile(dir / "second.jsonl", MixedJsonl(300, 9));
  return {dir / "pages",      dir / "empty.jsonl", dir / "small.jsonl.gz", dir / "not-there.jsonl",
          dir / "gzip-inside.jsonl", dir / "more", dir / "second.jsonl",   dir / "pages/big.jsonl"};
}

TEST(CorpusShard, ConcatenatedShardsAreTheUnshardedRead) {
  TempDir dir;
  const std::vector<std::string> inputs = MixedCorpus(dir);
  ReadOptions options;
  options.max_document_bytes = 2000;
  const Read whole = ReadInputs(inputs, options);
  ASSERT_GT(whole.docs.size(), 300u);
  ASSERT_GT(whole.stats.duplicate_ids, 10u);
  ASSERT_GT(whole.stats.repaired_utf8, 10u);
  ASSERT_GT(whole.stats.skipped_by_reason.at("missing-text-field"), 10u);
  ASSERT_GT(whole.stats.missing_text_field.size(), 7u) << "more than 8 key sets: the shard bound matters";
  ASSERT_EQ(whole.stats.skipped_by_reason.count("not-found"), 1u);
  for (int count = 1; count <= 7; ++count) {
    ExpectSameRead(whole, ReadSharded(inputs, options, count), absl::StrCat(count, " shards"));
  }
}

TEST(CorpusShard, ShortListsMergeLikeTheUnshardedRead) {
  // With lists cut at 2 entries, merging must cut them at the same place
  // and keep the count of a listed repaired file split between shards.
  TempDir dir;
  const std::vector<std::string> inputs = MixedCorpus(dir);
  ReadOptions options;
  options.max_document_bytes = 2000;
  options.max_listed_skips = 2;
  const Read whole = ReadInputs(inputs, options);
  ASSERT_EQ(whole.stats.skipped.size(), 2u);
  for (int count = 1; count <= 7; ++count) {
    ExpectSameRead(whole, ReadSharded(inputs, options, count), absl::StrCat(count, " shards"));
  }
  options.max_listed_skips = 0;
  const Read unlisted = ReadInputs(inputs, options);
  for (int count = 2; count <= 4; ++count) {
    ExpectSameRead(unlisted, ReadSharded(inputs, options, count), absl::StrCat(count, " shards, no lists"));
  }
}

TEST(CorpusShard, RepairsOfOneFileSplitBetweenShardsAreOneEntry) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 50; ++i) absl::StrAppend(&lines, "{\"text\":\"bad \xff byte ", i, "\"}\n");
  WriteFile(dir / "a.jsonl", lines);
  const Read whole = ReadInputs({dir / "a.jsonl"}, {});
  ASSERT_EQ(whole.stats.repaired_utf8_files.size(), 1u);
  EXPECT_EQ(whole.stats.repaired_utf8_files[0].documents, 50u);
  ExpectSameRead(whole, ReadSharded({dir / "a.jsonl"}, {}, 5), "5 shards");
}

TEST(CorpusShard, ALineLongerThanTheBufferIsSkippedByItsShardOnly) {
  // A line far over max_document_bytes is discarded while it streams by;
  // only the shard owning its first byte counts it, and the shards that
  // start inside it skip to the next line.
  TempDir dir;
  const std::string huge = absl::StrCat("{\"text\":\"", std::string(9 << 20, 'y'), "\"}\n");
  WriteFile(dir / "a.jsonl", absl::StrCat("{\"text\":\"one\"}\n", huge, "{\"text\":\"three\"}\n", huge,
                                          "{\"text\":\"five\"}\n"));
  ReadOptions options;
  options.max_document_bytes = 1 << 20;
  const Read whole = ReadInputs({dir / "a.jsonl"}, options);
  ASSERT_EQ(whole.docs.size(), 3u);
  ASSERT_EQ(whole.stats.skipped_by_reason.at("document-too-large"), 2u);
  for (int count : {2, 3, 8}) {
    ExpectSameRead(whole, ReadSharded({dir / "a.jsonl"}, options, count), absl::StrCat(count, " shards"));
  }
}

TEST(CorpusShard, AShardIdsDocumentsAsReadAndCountsWithinItself) {
  TempDir dir;
  WriteFile(dir / "a.jsonl", "{\"id\":\"x\",\"text\":\"1\"}\n{\"id\":\"x\",\"text\":\"2\"}\n{\"text\":\"3\"}\n");
  ReadOptions options;
  options.unique_ids = false;
  const Read as_read = ReadInputs({dir / "a.jsonl"}, options);
  ASSERT_EQ(as_read.docs.size(), 3u);
  EXPECT_EQ(as_read.docs[1].id, "x") << "unique_ids = false: not renamed";
  EXPECT_EQ(as_read.stats.duplicate_ids, 0u);
  EXPECT_EQ(as_read.docs[2].id, dir / "a.jsonl:3");
  EXPECT_EQ(as_read.docs[2].line, 3u);
  // 3 lines of 22, 22, 13 bytes over 2 shards: [0, 28) holds the first
  // two lines' starts, [28, 57) the third's.
  const Read second = ReadInputs({dir / "a.jsonl"}, {}, 1, 2);
  ASSERT_EQ(second.docs.size(), 1u);
  EXPECT_EQ(second.docs[0].ordinal, 0u) << "ordinals count within the shard";
  EXPECT_EQ(second.docs[0].line, 3u) << "lines count from the file's start";
  EXPECT_EQ(second.docs[0].id, dir / "a.jsonl:3");
  const Read first = ReadInputs({dir / "a.jsonl"}, {}, 0, 2);
  ASSERT_EQ(first.docs.size(), 2u);
  EXPECT_EQ(first.docs[1].id, "x") << "a shard does not rename: it has not seen the earlier shards";
  EXPECT_EQ(first.stats.bytes + second.stats.bytes, 57u);
}

TEST(CorpusShard, InvalidShardsAndShardedStdinAreRefusedAtOpen) {
  TempDir dir;
  WriteFile(dir / "a.jsonl", "{\"text\":\"t\"}\n");
  for (auto [index, count] : std::vector<std::pair<int, int>>{{1, 1}, {3, 2}, {0, 0}, {0, -1}, {-1, 2}}) {
    ReadOptions options;
    options.shard_index = index;
    options.shard_count = count;
    auto reader = CorpusReader::Open({dir / "a.jsonl"}, options);
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument) << index << "/" << count;
  }
  ReadOptions options;
  options.shard_count = 2;
  EXPECT_EQ(CorpusReader::Open({"-"}, options).status().code(), absl::StatusCode::kInvalidArgument);
  // A spooled copy of stdin is a file: it belongs whole to one shard.
  options.stdin_path = dir / "a.jsonl";
  const Read whole = ReadInputs({"-"}, options, 0, 1);
  ExpectSameRead(whole, ReadSharded({"-"}, options, 3), "spooled stdin in 3 shards");
}

TEST(CorpusShard, ParseShardAcceptsOnlyIOfN) {
  int index = -1, count = -1;
  ASSERT_TRUE(ParseShard("2/5", &index, &count).ok());
  EXPECT_EQ(index, 2);
  EXPECT_EQ(count, 5);
  for (const char* bad : {"5/5", "-1/3", "1", "a/b", "1/0", "", "1/2/3"}) {
    EXPECT_EQ(ParseShard(bad, &index, &count).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(CorpusShard, UniqueIdsKnownAnswers) {
  UniqueIds ids;
  ReadStats stats;
  int wheres = 0;
  auto claim = [&](std::string id) {
    return ids.Claim(std::move(id), [&] { return absl::StrCat("w", ++wheres); }, &stats);
  };
  EXPECT_EQ(claim("a"), "a");
  EXPECT_EQ(claim("a#2"), "a#2");
  EXPECT_EQ(claim("a"), "a#3") << "a#2 is taken by a real id";
  EXPECT_EQ(claim("a"), "a#4");
  EXPECT_EQ(claim("a#2"), "a#2#2");
  EXPECT_EQ(claim("b"), "b");
  EXPECT_EQ(stats.duplicate_ids, 3u);
  EXPECT_EQ(wheres, 3) << "where() is called only for a rename";
  ASSERT_EQ(stats.renamed_ids.size(), 3u);
  EXPECT_EQ(stats.renamed_ids[0], (RenamedId{"a", "a#3", "w1"}));
  EXPECT_EQ(stats.renamed_ids[2], (RenamedId{"a#2", "a#2#2", "w3"}));
}

TEST(CorpusShard, ReadStatsJsonRoundTrip) {
  ReadStats stats;
  stats.documents = 1ull << 40;
  stats.bytes = ~0ull;
  stats.repaired_utf8 = 3;
  stats.empty_documents = 4;
  stats.blank_lines = 5;
  stats.skipped_total = 7;
  stats.skipped_by_reason = {{"malformed-json", 6}, {"unreadable: Permission denied", 1}};
  stats.skipped = {{"a \"quoted\"\n/path", "malformed-json"}, {"نص:3", "unreadable: Permission denied"}};
  stats.text_field = "content";
  stats.missing_text_field = {{{"id", "body"}, 9, "body"}, {{}, 1, ""}};
  stats.duplicate_ids = 2;
  stats.renamed_ids = {{"x", "x#2", "f.jsonl:2"}};
  stats.repaired_utf8_files = {{"f.jsonl", 3, 4}};
  stats.last_repaired_source = 4;
  const std::string json = ReadStatsToJson(stats);
  absl::StatusOr<ReadStats> back = ReadStatsFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, stats) << json;
  EXPECT_EQ(ReadStatsToJson(*back), json);
  absl::StatusOr<ReadStats> empty = ReadStatsFromJson(ReadStatsToJson(ReadStats{}));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, ReadStats{});

  EXPECT_FALSE(ReadStatsFromJson("not json").ok());
  EXPECT_FALSE(ReadStatsFromJson("[1]").ok());
  std::string other = json;
  other.replace(other.find("/1\""), 3, "/9\"");
  EXPECT_FALSE(ReadStatsFromJson(other).ok()) << "another format version";
  std::string missing = json;
  missing.replace(missing.find("\"bytes\""), 7, "\"bites\"");
  EXPECT_FALSE(ReadStatsFromJson(missing).ok());
}

// Property: with random line lengths (blank lines, lines of one byte, a
// last line with or without '\n'), random file sizes and shard counts,
// every shard yields exactly the lines whose first byte lies in its range
// of the concatenated input, and a .txt page goes to the shard holding its
// first byte: the definition, computed by brute force.
TEST(CorpusShard, ShardsOwnTheLinesStartingInTheirByteRange) {
  std::mt19937 rng(20261202);
  for (int trial = 0; trial < 40; ++trial) {
    TempDir dir;
    std::vector<std::string> inputs;
    // Per document in input order: its first byte's input position.
    std::vector<uint64_t> starts;
    std::vector<std::string> texts;
    uint64_t position = 0;
    const int files = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < files; ++f) {
      const std::string name = dir / absl::StrCat("f", f, rng() % 3 == 0 ? ".txt" : ".jsonl");
      std::string content;
      if (absl::EndsWith(name, ".txt")) {
        content = absl::StrCat("page ", f);
        starts.push_back(position);
        texts.push_back(content);
      } else {
        const int lines = static_cast<int>(rng() % 30);
        for (int l = 0; l < lines; ++l) {
          if (rng() % 5 == 0) {
            content += rng() % 2 ? "\n" : " \n";
            continue;
          }
          const std::string text = absl::StrCat(f, ".", l, std::string(rng() % (rng() % 4 == 0 ? 200 : 8), '.'));
          starts.push_back(position + content.size());
          texts.push_back(text);
          absl::StrAppend(&content, "{\"text\":\"", text, "\"}", (l + 1 < lines || rng() % 2) ? "\n" : "");
        }
      }
      WriteFile(name, content);
      inputs.push_back(name);
      position += content.size();
    }
    const uint64_t total = position;
    const int count = 1 + static_cast<int>(rng() % 12);
    std::vector<std::string> expected_all;
    for (int index = 0; index < count; ++index) {
      const uint64_t lo = total * index / count, hi = total * (index + 1) / count;
      std::vector<std::string> expected;
      for (size_t d = 0; d < starts.size(); ++d) {
        if ((starts[d] >= lo && starts[d] < hi) || (index == count - 1 && starts[d] >= total)) {
          expected.push_back(texts[d]);
        }
      }
      const Read shard = ReadInputs(inputs, {}, index, count);
      std::vector<std::string> got;
      for (const Document& doc : shard.docs) got.push_back(doc.text);
      EXPECT_EQ(got, expected) << "trial " << trial << ", shard " << index << "/" << count << ", " << total
                               << " bytes";
    }
    ExpectSameRead(ReadInputs(inputs, {}), ReadSharded(inputs, {}, count), absl::StrCat("trial ", trial));
  }
}

TEST(CorpusShard, PlanGivesEveryByteOneOwner) {
  using internal::ShardShare;
  // 10 + 0 + 7 bytes; the first and last splittable.
  const std::vector<uint64_t> sizes = {10, 0, 7};
  const std::vector<bool> splittable = {true, true, true};
  const auto s0 = internal::PlanShard(sizes, splittable, 0, 3);  // [0, 5)
  const auto s1 = internal::PlanShard(sizes, splittable, 1, 3);  // [5, 11)
  const auto s2 = internal::PlanShard(sizes, splittable, 2, 3);  // [11, 17)
  EXPECT_EQ(s0[0].kind, ShardShare::Kind::kLines);
  EXPECT_EQ(s0[0].begin, 0u);
  EXPECT_EQ(s0[0].end, 5u);
  EXPECT_EQ(s1[0].kind, ShardShare::Kind::kLines);
  EXPECT_EQ(s1[0].begin, 5u);
  EXPECT_EQ(s1[0].end, ShardShare::kToEnd);
  EXPECT_EQ(s1[1].kind, ShardShare::Kind::kWhole) << "the empty file starts at byte 10, shard 1's";
  EXPECT_EQ(s1[2].kind, ShardShare::Kind::kLines);
  EXPECT_EQ(s1[2].end, 1u);
  EXPECT_EQ(s2[2].begin, 1u);
  EXPECT_EQ(s2[2].end, ShardShare::kToEnd);
  EXPECT_EQ(s0[2].kind, ShardShare::Kind::kNone);
  // An empty file at the very end belongs to the last shard.
  const auto tail = internal::PlanShard({4, 0}, {true, true}, 1, 2);
  EXPECT_EQ(tail[1].kind, ShardShare::Kind::kWhole);
  EXPECT_EQ(tail[0].kind, ShardShare::Kind::kLines);
}

}  // namespace
}  // namespace shabih
