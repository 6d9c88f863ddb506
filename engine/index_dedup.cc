// `shabih dedup NEW --index IDX`: deduplicates a crawl against a persistent
// index and adds it there (engine/internal/index_store.h has the layout).
//
// Steps: (1) read NEW once for crawl statistics and to learn which of its
// documents the index already holds (same id, same text: reported as then,
// never again); (2) sign the others into a new run, spilling band records
// within the memory budget; (3) merge the run's sorted band records with
// every indexed run's (one sequential read of the index's band keys) into
// candidate pairs; (4) verify them on signatures read by page; (5) cluster
// the new documents as a batch run over all documents would, with the
// published clusters they reach held fixed (internal/cluster_fixed.h);
// (6) write the outputs and commit the run.
//
// Published clusters never change: their canonical documents stay
// canonical, and a later, longer copy joins as a member. The statistics the
// signatures depend on (the common-shingle set) are those of the index's
// first run, fixed for its life; per-site line counts, which only steer
// stripping of new pages, grow with every run.
#include "engine/internal/index_dedup.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/band_records.h"
#include "engine/internal/batch_loop.h"
#include "engine/internal/bbit_signature.h"
#include "engine/internal/batch_signing.h"
#include "engine/internal/cluster_fixed.h"
#include "engine/internal/dedup_output.h"
#include "engine/internal/index_store.h"
#include "engine/internal/index_statistics.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/resource_usage.h"
#include "engine/internal/similarity.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/verify.h"
#include "shabih/minhash.h"

namespace shabih::internal {
namespace {

// A new document's keys for finding it in the index.
struct NewKey {
  uint64_t id_hash;
  uint64_t text_hash;
  uint32_t ordinal;  // position in this run's input
  bool operator<(const NewKey& o) const { return id_hash != o.id_hash ? id_hash < o.id_hash : ordinal < o.ordinal; }
};

// What the index already knows of a document of this run.
struct Known {
  std::vector<uint32_t> indexed_as;                   // per ordinal: index number, or kNoDocument
  absl::flat_hash_map<uint32_t, uint32_t> versions;   // ordinal -> version (an id indexed with other text)
};

// Signatures, sizes and ids of index documents and of the run's new ones,
// by index-wide number: the table verification and clustering read.
class MixedTable {
 public:
  MixedTable(const IndexStore& store, const IndexRunWriter& run, const std::vector<uint32_t>& new_shingles)
      : store_(store), run_(run), first_new_(run.first()), new_shingles_(new_shingles), perms_(store.perms()) {}

  double Jaccard(uint32_t a, uint32_t b) const {
    thread_local std::vector<uint32_t> sa, sb;
    sa.resize(perms_);
    sb.resize(perms_);
    Note(Read(a, absl::MakeSpan(sa)));
    Note(Read(b, absl::MakeSpan(sb)));
    return BBitJaccard(EstimateJaccard(sa, sb), store_.signature_bits());
  }
  uint32_t Shingles(uint32_t d) const {
    if (d >= first_new_) return new_shingles_[d - first_new_];
    absl::StatusOr<IndexDoc> doc = store_.Doc(d);
    Note(doc.status());
    return doc.ok() ? doc->shingles : 0;
  }
  std::string Id(uint32_t d) const {
    absl::StatusOr<std::string> id = d >= first_new_ ? run_.Id(d - first_new_) : store_.Id(d);
    Note(id.status());
    return id.ok() ? *id : std::string();
  }
  absl::Status status() const {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }

 private:
  absl::Status Read(uint32_t d, absl::Span<uint32_t> out) const {
    return d >= first_new_ ? run_.ReadSignature(d - first_new_, out) : store_.ReadSignature(d, out);
  }
  void Note(const absl::Status& s) const {
    if (s.ok()) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (status_.ok()) status_ = s;
  }
  const IndexStore& store_;
  const IndexRunWriter& run_;
  uint32_t first_new_;
  const std::vector<uint32_t>& new_shingles_;
  int perms_;
  mutable std::mutex mu_;
  mutable absl::Status status_;
};

// Pass 1: statistics over the new crawl and every document's keys; keeps
// the documents when they fit in the budget.
// `keys` is null when the index is empty (nothing to look up): only
// `*documents` is counted.
absl::Status ScanNew(Run& run, CrawlStatisticsBuilder& builder, std::vector<NewKey>* keys, uint64_t* documents) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(run.inputs, run.options.read));
  const uint64_t cache_budget = std::min(run.options.cache_bytes, run.options.memory_bytes / 8);
  uint64_t cached = 0;
  bool caching = cache_budget > 0;
  CancelCheck cancelled(run.options.cancel);
  std::vector<Document> batch;
  while (!cancelled()) {
    batch.clear();
    FillBatch([&](Document* d) { return reader->Next(d); }, &batch);
    if (batch.empty()) break;
    builder.Add(batch);
    for (Document& d : batch) {
      if (keys != nullptr) keys->push_back({IdHash(d.id), TextHash(d.text), static_cast<uint32_t>(*documents)});
      ++*documents;
      if (caching && cached + d.text.size() + d.id.size() <= cache_budget) {
        cached += d.text.size() + d.id.size();
        run.cache.push_back(std::move(d));
      } else if (caching) {
        caching = false;
        std::vector<Document>().swap(run.cache);
      }
    }
  }
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  run.cache_complete = caching;
  run.cache_stats = reader->stats();
  return absl::OkStatus();
}

// Finds this run's documents in the index by merging their sorted id
// hashes with the index's (a sequential read of its id keys). Ids are
// compared by their 64-bit hash, as the reader's uniqueness check does
// (shabih/corpus.h): two distinct ids collide with odds about n^2 / 2^65.
absl::StatusOr<Known> FindKnown(const IndexStore& store, std::vector<NewKey> keys, uint64_t documents) {
  Known known;
  known.indexed_as.assign(documents, kNoDocument);
  if (store.documents() == 0) return known;
  std::sort(keys.begin(), keys.end());
  SHABIH_ASSIGN_OR_RETURN(auto streams, store.OpenIdStreams());
  std::unique_ptr<RecordStream<IdKey>> indexed = MergeStreams<IdKey>(std::move(streams));
  IdKey old;
  bool have = indexed->Next(&old);
  for (const NewKey& key : keys) {
    while (have && old.id_hash < key.id_hash) have = indexed->Next(&old);
    if (!have) break;
    if (old.id_hash != key.id_hash) continue;
    uint32_t latest = old.doc;  // index keys of one id are sorted by document: the last is the latest
    IdKey next;
    while (indexed->Next(&next)) {
      if (next.id_hash != key.id_hash) {
        old = next;
        break;
      }
      latest = next.doc;
      old = next;
    }
    if (old.id_hash == key.id_hash) have = false;  // the stream ended inside this id's keys
    SHABIH_ASSIGN_OR_RETURN(IndexDoc doc, store.Doc(latest));
    if (doc.text_hash == key.text_hash) {
      known.indexed_as[key.ordinal] = latest;
    } else {
      known.versions[key.ordinal] = doc.version + 1;
    }
  }
  SHABIH_RETURN_IF_ERROR(indexed->status());
  return known;
}

// Pass 2: signs every document the index does not hold into the run, in
// input order. `new_of` maps input ordinals to run-local numbers.
absl::Status SignNew(Run& run, const DocumentSigner& signer, const Known& known, IndexRunWriter& writer,
                     std::vector<uint32_t>& new_shingles, std::vector<uint64_t>& new_lengths,
                     std::vector<uint32_t>& new_of, DedupSummary& summary) {
  std::unique_ptr<CorpusReader> reader;
  if (!run.cache_complete) {
    SHABIH_ASSIGN_OR_RETURN(reader, CorpusReader::Open(run.inputs, run.options.read));
  }
  size_t next_cached = 0;
  auto next = [&](Document* doc) {
    if (reader) return reader->Next(doc);
    if (next_cached >= run.cache.size()) return false;
    *doc = std::move(run.cache[next_cached++]);
    return true;
  };
  const DedupOptions& o = run.options;
  LshParams containment_params;
  if (o.containment > 0) {
    const double min_jaccard = o.containment / (o.containment_max_ratio + 1.0 - o.containment);
    containment_params = OptimalLshParams(min_jaccard, o.minhash.num_perms, 1.0 - o.lsh_recall_weight,
                                          o.lsh_recall_weight);
  }
  CancelCheck cancelled(o.cancel);
  std::vector<Document> batch;
  SignedBatch signed_docs;
  std::vector<BandRecord> bands;
  uint32_t ordinal = 0;
  while (!cancelled()) {
    batch.clear();
    FillBatch(next, &batch);
    if (batch.empty()) break;
    SignBatch(signer, batch, o.threads, &signed_docs);
    for (size_t i = 0; i < batch.size(); ++i, ++ordinal) {
      if (ordinal >= known.indexed_as.size()) return absl::DataLossError("the input changed between its two reads");
      if (known.indexed_as[ordinal] != kNoDocument) continue;
      const SignedDocument& meta = signed_docs.meta[i];
      const uint32_t local = writer.documents();
      new_of[ordinal] = local;
      bands.clear();
      if (meta.shingles > 0) {  // a document without shingles is never a candidate
        AppendBandRecords(signed_docs.Signature(i), {o.bands, o.rows}, 0, writer.first() + local, &bands);
        if (o.containment > 0) {
          AppendBandRecords(signed_docs.Signature(i), containment_params, 1, writer.first() + local, &bands);
        }
      }
      auto version = known.versions.find(ordinal);
      SHABIH_RETURN_IF_ERROR(writer.AddDocument(batch[i].id, TextHash(batch[i].text),
                                                version == known.versions.end() ? 1 : version->second,
                                                meta.main_bytes, meta.shingles, signed_docs.Signature(i), bands));
      new_shingles.push_back(meta.shingles);
      new_lengths.push_back(meta.main_bytes);
      summary.stripped_documents += meta.stripped_bytes > 0;
      summary.stripped_bytes += meta.stripped_bytes;
      summary.shingles += meta.all_shingles;
      summary.discounted_shingles += meta.all_shingles - meta.shingles;
    }
  }
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  if (ordinal != known.indexed_as.size()) return absl::DataLossError("the input changed between its two reads");
  summary.read = reader ? reader->stats() : run.cache_stats;
  std::vector<Document>().swap(run.cache);
  return absl::OkStatus();
}

// Candidate pairs of the run: its sorted band records merged with the
// index's; each of the run's records is also written into the run.
absl::StatusOr<std::vector<DocPair>> FindCandidates(const IndexStore& store, IndexRunWriter& writer,
                                                    const DedupOptions& o, uint64_t cache_bytes,
                                                    DedupSummary& summary) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<RecordStream<BandRecord>> own, writer.FinishDocuments(cache_bytes));
  SHABIH_ASSIGN_OR_RETURN(auto streams, store.OpenBandStreams());
  // The run's records pass through a tee that stores them.
  class Tee : public RecordStream<BandRecord> {
   public:
    Tee(std::unique_ptr<RecordStream<BandRecord>> in, IndexRunWriter& w) : in_(std::move(in)), w_(w) {}
    bool Next(BandRecord* r) override {
      if (!in_->Next(r)) return false;
      absl::Status s = w_.WriteBand(*r);
      if (!s.ok()) {
        status_ = s;
        return false;
      }
      return true;
    }
    absl::Status status() const override { return status_.ok() ? in_->status() : status_; }

   private:
    std::unique_ptr<RecordStream<BandRecord>> in_;
    IndexRunWriter& w_;
    absl::Status status_;
  };
  auto tee = std::make_unique<Tee>(std::move(own), writer);
  Tee* tee_ptr = tee.get();
  streams.push_back(std::move(tee));
  std::unique_ptr<RecordStream<BandRecord>> merged = MergeStreams<BandRecord>(std::move(streams));
  BucketPairs buckets(o.lsh.max_bucket, writer.first());
  // The first deduplication of repeated pairs starts within the budget.
  const size_t limit = std::max<size_t>(size_t{1} << 16, cache_bytes / sizeof(DocPair) / 4);
  SHABIH_ASSIGN_OR_RETURN(std::vector<DocPair> pairs, CollectBucketPairs(*merged, buckets, limit));
  SHABIH_RETURN_IF_ERROR(tee_ptr->status());
  summary.capped_buckets += buckets.capped_buckets();
  summary.candidate_pairs = pairs.size();
  return pairs;
}

// Similarities of new document g to its canonical and to the document it
// links to, once canonical and linked_via are set.
void SetSimilarities(const MixedTable& table, uint32_t g, IndexCluster& r) {
  r.similarity = r.canonical == g ? 1.0 : table.Jaccard(g, r.canonical);
  if (r.linked_via != g) {
    r.link_jaccard = table.Jaccard(g, r.linked_via);
    r.link_containment = EstimateContainment(r.link_jaccard, table.Shingles(g), table.Shingles(r.linked_via));
  }
}

// The clustering's refusals, in index-wide numbers (`doc_of`), onto the
// candidates' evidence and the summary's count.
void AddRunRefusals(const Clustering& clustering, const std::function<uint32_t(uint32_t)>& doc_of,
                    Verified& verified, DedupSummary& summary) {
  Clustering refusals;
  refusals.refusals = clustering.refusals;
  for (Refusal& x : refusals.refusals) {
    x.a = doc_of(x.a);
    x.b = doc_of(x.b);
    if (x.a > x.b) std::swap(x.a, x.b);
    if (x.canonical != kNoDocument) x.canonical = doc_of(x.canonical);
    if (x.far != kNoDocument) x.far = doc_of(x.far);
  }
  std::sort(refusals.refusals.begin(), refusals.refusals.end(),
            [](const Refusal& x, const Refusal& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  AddRefusals(refusals, verified.evidence);
  summary.refused_edges += clustering.refused_edges;
}

// The run's new documents clustered as one batch run would, with the
// published clusters their edges reach present as fixed clusters
// (internal/cluster_fixed.h): one IndexCluster per new document. Nodes
// 0..n-1 are the new documents (run-local), then the published documents
// the edges reach, then those documents' canonicals.
absl::StatusOr<std::vector<IndexCluster>> ClusterAgainstPublished(const IndexStore& store, const MixedTable& table,
                                                                  Verified& verified,
                                                                  const std::vector<uint64_t>& lengths,
                                                                  uint32_t first, uint32_t run_number,
                                                                  const DedupOptions& o, DedupSummary& summary) {
  const uint32_t n = static_cast<uint32_t>(lengths.size());
  std::vector<uint32_t> global;  // node -> index-wide number, for nodes >= n
  absl::flat_hash_map<uint32_t, uint32_t> node_of;  // index-wide number of a published document -> node
  std::vector<uint32_t> fixed(n, kNoDocument);
  absl::flat_hash_map<uint32_t, uint32_t> canonical_run;  // node of a published canonical -> its run
  auto published_node = [&](uint32_t doc) -> uint32_t {
    auto [it, added] = node_of.try_emplace(doc, n + static_cast<uint32_t>(global.size()));
    if (added) {
      global.push_back(doc);
      fixed.push_back(kNoDocument);
    }
    return it->second;
  };
  std::vector<Edge> edges;
  edges.reserve(verified.edges.size());
  for (const Edge& e : verified.edges) {
    if (e.a >= first) {
      edges.push_back({e.a - first, e.b - first, e.similarity});
      continue;
    }
    const uint32_t old = published_node(e.a);
    edges.push_back({old, e.b - first, e.similarity});
    if (fixed[old] != kNoDocument) continue;
    SHABIH_ASSIGN_OR_RETURN(IndexCluster published, store.Cluster(e.a));
    const uint32_t root = published_node(published.canonical);
    if (fixed[root] == kNoDocument) {
      SHABIH_ASSIGN_OR_RETURN(IndexCluster top, store.Cluster(published.canonical));
      fixed[root] = root;
      canonical_run[root] = top.run;
    }
    fixed[old] = root;
  }
  const auto doc_of = [&](uint32_t node) { return node < n ? node + first : global[node - n]; };
  const bool containment = o.containment > 0;
  const bool connected = o.cluster_mode == ClusterMode::kConnected;
  const SimilarityFn jaccard = [&](uint32_t a, uint32_t b) { return table.Jaccard(doc_of(a), doc_of(b)); };
  const SimilarityFn closeness = [&](uint32_t a, uint32_t b) {
    return connected ? 1.0 : Closeness(table, containment, doc_of(a), doc_of(b));
  };
  std::vector<uint64_t> node_lengths(lengths.begin(), lengths.end());
  node_lengths.resize(fixed.size(), 0);  // published nodes are never compared by length
  const Clustering clustering = ClusterWithPublished(fixed.size(), edges, node_lengths, fixed,
                                                     connected ? 0.0 : o.link_threshold, closeness,
                                                     connected ? nullptr : &jaccard);
  std::vector<IndexCluster> out(n);
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t g = d + first;
    const uint32_t c = clustering.canonical[d];
    IndexCluster& r = out[d];
    r.run = run_number;
    r.canonical = doc_of(c);
    r.canonical_run = c < n ? run_number : canonical_run[c];
    r.linked_via = doc_of(clustering.linked_via[d]);
    SetSimilarities(table, g, r);
  }
  AddRunRefusals(clustering, doc_of, verified, summary);
  SHABIH_RETURN_IF_ERROR(table.status());
  return out;
}

// Star clustering: the run's documents clustered among themselves, then each
// new cluster attached to the published cluster it is closest to, if any
// edge leads there: one IndexCluster per new document.
absl::StatusOr<std::vector<IndexCluster>> ClusterNew(const IndexStore& store, const MixedTable& table,
                                                     Verified& verified, const std::vector<uint64_t>& lengths,
                                                     uint32_t first, uint32_t run_number, const DedupOptions& o,
                                                     DedupSummary& summary) {
  const uint32_t n = static_cast<uint32_t>(lengths.size());
  std::vector<Edge> local;
  struct OldEdge {
    uint32_t cluster;  // local canonical of the new document
    float similarity;
    uint32_t old;      // index-wide number
    uint32_t member;   // local
  };
  std::vector<OldEdge> old_edges;
  for (const Edge& e : verified.edges) {
    if (e.a >= first) local.push_back({e.a - first, e.b - first, e.similarity});
  }
  const bool containment = o.containment > 0;
  const SimilarityFn jaccard = [&](uint32_t a, uint32_t b) { return table.Jaccard(a + first, b + first); };
  const SimilarityFn closeness = [&](uint32_t a, uint32_t b) {
    return Closeness(table, containment, a + first, b + first);
  };
  Clustering clustering = ClusterDocuments(n, local, lengths, o.cluster_mode, o.link_threshold, closeness, &jaccard);
  for (const Edge& e : verified.edges) {
    if (e.a < first) old_edges.push_back({clustering.canonical[e.b - first], e.similarity, e.a, e.b - first});
  }
  std::sort(old_edges.begin(), old_edges.end(), [](const OldEdge& x, const OldEdge& y) {
    if (x.cluster != y.cluster) return x.cluster < y.cluster;
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    if (x.old != y.old) return x.old < y.old;
    return x.member < y.member;
  });
  // parent[] in index-wide numbers; attached[c]: the published canonical
  // new cluster c joined.
  std::vector<uint32_t> parent(n), canonical(n);
  for (uint32_t d = 0; d < n; ++d) parent[d] = clustering.linked_via[d] + first;
  absl::flat_hash_map<uint32_t, std::pair<uint32_t, uint32_t>> attached;  // local canonical -> (old canonical, its run)
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> members;
  for (const OldEdge& e : old_edges) members.try_emplace(e.cluster);
  for (uint32_t d = 0; d < n; ++d) {
    auto it = members.find(clustering.canonical[d]);
    if (it != members.end()) it->second.push_back(d);
  }
  // As a bounded merge in one batch run: every member of the new cluster
  // must be within the link threshold of the published canonical (which
  // stays canonical, so the published members need no check).
  auto fits = [&](uint32_t c, uint32_t target) {
    if (o.cluster_mode == ClusterMode::kConnected) return true;
    for (uint32_t m : members[c]) {
      if (Closeness(table, containment, m + first, target) < o.link_threshold) return false;
    }
    return true;
  };
  for (size_t i = 0; i < old_edges.size();) {
    const uint32_t c = old_edges[i].cluster;
    size_t end = i;
    while (end < old_edges.size() && old_edges[end].cluster == c) ++end;
    for (size_t k = i; k < end; ++k) {
      SHABIH_ASSIGN_OR_RETURN(IndexCluster published, store.Cluster(old_edges[k].old));
      const uint32_t target = published.canonical;
      if (!fits(c, target)) {
        ++summary.refused_edges;
        continue;
      }
      SHABIH_ASSIGN_OR_RETURN(IndexCluster target_cluster, store.Cluster(target));
      attached[c] = {target, target_cluster.run};
      // Re-root the cluster's link tree at the member with the edge, which
      // now links to the published document.
      const uint32_t m = old_edges[k].member;
      std::vector<uint32_t> path = {m};
      while (path.back() != c) path.push_back(clustering.linked_via[path.back()]);
      for (size_t p = path.size() - 1; p >= 1; --p) parent[path[p]] = path[p - 1] + first;
      parent[m] = old_edges[k].old;
      break;
    }
    i = end;
  }
  std::vector<IndexCluster> out(n);
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t g = d + first;
    const uint32_t c = clustering.canonical[d];
    IndexCluster& r = out[d];
    r.run = run_number;
    auto it = attached.find(c);
    if (it != attached.end()) {
      r.canonical = it->second.first;
      r.canonical_run = it->second.second;
    } else {
      r.canonical = c + first;
      r.canonical_run = run_number;
    }
    r.linked_via = parent[d];
    SetSimilarities(table, g, r);
  }
  AddRunRefusals(clustering, [first](uint32_t d) { return d + first; }, verified, summary);
  return out;
}

// A row of clusters.jsonl from what the index holds of a document.
ClusterRecord RecordOf(const std::string& id, uint32_t doc, const IndexCluster& c,
                       const std::function<std::string(uint32_t)>& id_of) {
  ClusterRecord r;
  r.id = id;
  r.canonical = c.canonical == doc;
  r.cluster = r.canonical ? id : id_of(c.canonical);
  r.similarity = c.similarity;
  r.linked_via = c.linked_via == doc ? id : id_of(c.linked_via);
  r.link_jaccard = c.link_jaccard;
  r.link_containment = c.link_containment;
  if (c.canonical_run != c.run) r.cluster_run = RunName(c.canonical_run);
  return r;
}

// clusters.jsonl of the run, streamed: one row per input document, in
// input order, from the index for documents it held and from `clusters`
// for the new ones.
absl::Status WriteClusters(const IndexStore& store, const IndexRunWriter& writer, const MixedTable& table,
                           const Known& known, const std::vector<uint32_t>& new_of,
                           const std::vector<IndexCluster>& clusters, const std::string& path,
                           DedupSummary& summary) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Create(path));
  const std::function<std::string(uint32_t)> id_of = [&](uint32_t d) { return table.Id(d); };
  absl::flat_hash_map<uint32_t, uint32_t> cluster_size;
  std::vector<ClusterRecord> rows;
  for (size_t begin = 0; begin < known.indexed_as.size(); begin += 4096) {
    const size_t end = std::min(known.indexed_as.size(), begin + 4096);
    rows.clear();
    for (size_t o = begin; o < end; ++o) {
      uint32_t doc;
      IndexCluster c;
      if (known.indexed_as[o] != kNoDocument) {
        doc = known.indexed_as[o];
        SHABIH_ASSIGN_OR_RETURN(c, store.Cluster(doc));
      } else {
        doc = writer.first() + new_of[o];
        c = clusters[new_of[o]];
      }
      rows.push_back(RecordOf(table.Id(doc), doc, c, id_of));
      ++cluster_size[c.canonical];
    }
    SHABIH_RETURN_IF_ERROR(table.status());
    SHABIH_RETURN_IF_ERROR(out->Append(ClustersJsonl(rows)));
  }
  summary.documents = known.indexed_as.size();
  summary.clusters = cluster_size.size();
  summary.duplicates = summary.documents - summary.clusters;
  for (const auto& [canonical, size] : cluster_size) {
    summary.clusters_with_duplicates += size >= 2;
    summary.largest_cluster = std::max<uint64_t>(summary.largest_cluster, size);
  }
  return out->Commit();
}

}  // namespace

absl::StatusOr<DedupSummary> RunIndexedDedup(Run& run, const ProgressCallback& callback, bool ephemeral) {
  if (run.options.memory_bytes == 0) run.options.memory_bytes = MemoryBudget(run.options);
  const DedupOptions& o = run.options;
  if (o.method != DedupMethod::kMinHash) {
    return absl::InvalidArgumentError(ephemeral ? "--memory works with --method minhash only"
                                                : "--index works with --method minhash only");
  }
  DedupSummary summary;
  summary.threads = o.threads;
  summary.lsh_params = {o.bands, o.rows};
  summary.memory_budget_bytes = o.memory_bytes;
  summary.index.used = !ephemeral;
  auto report = [&](const char* stage, uint64_t documents) {
    if (callback) callback(DedupProgress{stage, documents, summary.read.bytes, SecondsSince(run.start), 0, -1});
  };
  Clock::time_point stage_start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<IndexStore> store, IndexStore::OpenForWrite(o.index_dir, o));
  summary.index.documents_before = store->documents();
  SHABIH_RETURN_IF_ERROR(store->OpenReaders(o.memory_bytes / 8));
  SHABIH_ASSIGN_OR_RETURN(std::string stored_statistics, store->ReadStatisticsBytes());

  // (1) scan: statistics, keys, and which documents the index holds.
  report("scan", 0);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder, CrawlStatisticsBuilder::Create(o));
  // Per-site line counts spill past their share (signer.h): half the budget
  // for them and their sorter, a sixteenth for the document-frequency
  // sample's cells, an eighth for the text cache.
  SHABIH_ASSIGN_OR_RETURN(WorkDir scan_dir, WorkDir::Create(o.work_dir));
  builder->SetLineMemory(o.memory_bytes / 2, scan_dir.path());
  builder->SetSampleMemory(o.memory_bytes / 16, scan_dir.path());
  std::vector<NewKey> keys;
  uint64_t documents = 0;
  SHABIH_RETURN_IF_ERROR(ScanNew(run, *builder, store->documents() > 0 ? &keys : nullptr, &documents));
  if (documents == 0 && run.cache_stats.skipped_total > 0) {
    SHABIH_RETURN_IF_ERROR(run.out->Stage("summary.json", NoInputSummaryJson(run.cache_stats)));
    SHABIH_RETURN_IF_ERROR(run.out->Finish());
    return NoInputError(run.cache_stats);
  }
  SHABIH_ASSIGN_OR_RETURN(Known known, FindKnown(*store, std::move(keys), documents));
  std::vector<NewKey>().swap(keys);
  std::string statistics_to_store;
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const CrawlStatistics> statistics,
                          StatisticsForRun(stored_statistics, std::move(builder), &statistics_to_store));
  std::string().swap(stored_statistics);  // parsed: its bytes grow with the index
  summary.common_shingle_cells = statistics ? statistics->common_shingle_cells() : 0;
  summary.stages.push_back({"scan", SecondsSince(stage_start)});

  // (2) sign the new documents into a run.
  stage_start = Clock::now();
  report("sign", 0);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<DocumentSigner> signer, DocumentSigner::Create(o, statistics));
  // What the statistics hold (per-site line counts grow with the crawl) and
  // the per-document arrays come out of the budget before the spill buffers
  // and page caches get theirs.
  const uint64_t held = (statistics ? statistics->MemoryBytes() : 0) + 48 * known.indexed_as.size();
  const uint64_t left = std::max<uint64_t>(kMinMemoryBytes, o.memory_bytes > held ? o.memory_bytes - held : 0);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<IndexRunWriter> writer, store->StartRun(left / 3));
  std::vector<uint32_t> new_shingles, new_of(known.indexed_as.size(), kNoDocument);
  std::vector<uint64_t> new_lengths;
  SHABIH_RETURN_IF_ERROR(SignNew(run, *signer, known, *writer, new_shingles, new_lengths, new_of, summary));
  signer.reset();  // the statistics' line counts and common set are not needed past signing
  statistics.reset();
  for (uint32_t as : known.indexed_as) summary.index.known_documents += as != kNoDocument;
  summary.index.new_versions = known.versions.size();
  summary.stages.push_back({"read+sign", SecondsSince(stage_start)});

  // (3) candidates, (4) verification, (5) clusters.
  stage_start = Clock::now();
  report("cluster", writer->documents());
  SHABIH_ASSIGN_OR_RETURN(const std::vector<DocPair> candidates,
                          FindCandidates(*store, *writer, o, left / 8, summary));
  summary.stages.push_back({"candidates", SecondsSince(stage_start)});
  stage_start = Clock::now();
  const MixedTable table(*store, *writer, new_shingles);
  Verified verified = VerifyCandidates(candidates, table, o, /*with_evidence=*/true);
  SHABIH_RETURN_IF_ERROR(table.status());
  summary.verified_edges = verified.edges.size();
  summary.containment_edges = static_cast<uint64_t>(std::count(verified.contained.begin(), verified.contained.end(), 1));
  summary.stages.push_back({"verify", SecondsSince(stage_start)});
  stage_start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(std::vector<IndexCluster> clusters,
                          o.cluster_mode == ClusterMode::kStar
                              ? ClusterNew(*store, table, verified, new_lengths, writer->first(), writer->number(),
                                           o, summary)
                              : ClusterAgainstPublished(*store, table, verified, new_lengths, writer->first(),
                                                        writer->number(), o, summary));
  SHABIH_RETURN_IF_ERROR(table.status());
  summary.stages.push_back({"cluster", SecondsSince(stage_start)});

  // (6) outputs staged, run committed, outputs renamed into place: a run
  // killed after the commit is re-run from the index with the same outputs.
  stage_start = Clock::now();
  report("write", known.indexed_as.size());
  SHABIH_ASSIGN_OR_RETURN(const std::filesystem::path clusters_path, run.out->TempPath("clusters.jsonl"));
  SHABIH_RETURN_IF_ERROR(
      WriteClusters(*store, *writer, table, known, new_of, clusters, clusters_path.string(), summary));
  const uint64_t documents_after = store->documents() + writer->documents();
  {  // streamed in slices: a big crawl's candidates would not fit in the budget as one string
    SHABIH_ASSIGN_OR_RETURN(const std::filesystem::path path, run.out->TempPath("candidates.jsonl"));
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Create(path.string()));
    const absl::Span<const CandidateRecord> all(verified.evidence);
    for (size_t begin = 0; begin < all.size(); begin += 16384) {
      SHABIH_RETURN_IF_ERROR(out->Append(CandidatesJsonl(all.subspan(begin, 16384), documents_after,
                                                         [&](uint32_t d) { return table.Id(d); })));
    }
    SHABIH_RETURN_IF_ERROR(out->Commit());
  }
  SHABIH_RETURN_IF_ERROR(table.status());
  const bool adds = writer->documents() > 0;
  if (adds && !ephemeral) {
    summary.index.run = RunName(writer->number());
    for (const IndexCluster& c : clusters) SHABIH_RETURN_IF_ERROR(writer->AddCluster(c));
    SHABIH_RETURN_IF_ERROR(store->Commit(std::move(writer), statistics_to_store));
  }
  summary.index.documents_after = store->documents();
  summary.index.runs = store->runs().size();
  summary.index.bytes = store->BytesOnDisk();
  summary.stages.push_back({"write", SecondsSince(stage_start)});
  summary.peak_rss_bytes = PeakRssBytes();
  summary.seconds = SecondsSince(run.start);
  SHABIH_RETURN_IF_ERROR(run.out->Stage("summary.json", SummaryJson(summary, o, run.inputs)));
  SHABIH_RETURN_IF_ERROR(run.out->Finish());
  return summary;
}

}  // namespace shabih::internal
