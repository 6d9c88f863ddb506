from typing import Any, Iterable, Optional, Sequence

import numpy
import numpy.typing

EMPTY_SLOT: int
NORMALIZATION_VERSION: str

class Options:
    """Every option of `shabih dedup`, with the CLI's defaults. Picklable."""

    threshold: float
    shingle_size: int
    num_perms: int
    seed: int
    bands: int
    rows: int
    lsh_recall_weight: float
    max_bucket: int
    method: str
    hamming: int
    containment: float
    containment_max_ratio: float
    strip: bool
    strip_crawl_stats: bool
    common_df: float
    common_fraction: float
    df_sample: float
    cluster: str
    link_threshold: float
    prefix_folding: str
    threads: int
    memory: int
    work_dir: str
    def __init__(self, **fields: Any) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def resolved(self) -> "Options": ...

class Deduper:
    def __init__(self, options: Optional[Options] = None) -> None: ...
    def add(self, ids: Sequence[str], texts: Sequence[str], sites: Optional[Sequence[str]] = None) -> None: ...
    def finish(self) -> list[tuple[str, str, bool, float]]: ...
    @property
    def documents(self) -> int: ...
    @property
    def options(self) -> Options: ...

Record = tuple[str, str, bool, float]

def dedup(inputs: Iterable[str], out: str, options: Optional[Options] = None) -> dict[str, Any]: ...

class Index:
    """The persistent index (`shabih dedup --index`); see shabih.index."""

    path: str
    options: Options
    def __init__(self, path: str, options: Optional[Options] = None) -> None: ...
    @classmethod
    def open(cls, path: str, options: Optional[Options] = None) -> "Index": ...
    def dedup(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        urls: Optional[Sequence[str]] = None,
        out: Optional[str] = None,
    ) -> list[Record]: ...
    def dedup_files(self, inputs: Iterable[str], out: str) -> dict[str, Any]: ...
    def stats(self) -> dict[str, Any]: ...
    def compact(self) -> dict[str, Any]: ...

def normalize(text: str, prefix_folding: str = "light") -> str: ...
def strip(text: str, site: str = "", options: Optional[Options] = None) -> tuple[str, list[tuple[str, str, str]]]: ...
def signatures(
    texts: Sequence[str], options: Optional[Options] = None, sites: Optional[Sequence[str]] = None
) -> numpy.typing.NDArray[numpy.uint32]: ...

# The sharded stages (shabih/stages.h); shabih.dask runs them on a cluster.
def scan_shard(inputs: Sequence[str], options: Options, shard_index: int, shard_count: int, work_dir: str) -> dict[str, int]: ...
def sign_shard(inputs: Sequence[str], options: Options, shard_index: int, shard_count: int, work_dir: str) -> dict[str, int]: ...
def verify_partition(inputs: Sequence[str], options: Options, partition_index: int, partition_count: int, work_dir: str) -> dict[str, int]: ...
def cluster_shards(inputs: Sequence[str], options: Options, work_dir: str, out_dir: str) -> dict[str, Any]: ...
def _run_dedup(inputs: Sequence[str], options: Options, out_dir: str, index_dir: str = "", overwrite: bool = False) -> None: ...
def _index_stats(dir: str) -> str: ...
def _compact_index(dir: str) -> str: ...
