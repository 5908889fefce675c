"""Near-duplicate reports: MinHash signatures over character shingles, LSH for candidates, exact overlap for pairs.

A report is read as the set of its 5-character shingles (letters, digits and CJK characters only: layout, spaces
and punctuation never make two reports differ). Shingles that more than a fifth of the documents share (and at
least BOILERPLATE_MIN_DOCUMENTS of them: the 纲要's sentences every report quotes, the stock phrases of the genre)
are boilerplate and left out, so quoting the framework does not make reports similar; what remains is a report's
own text. Each report's remaining set gets a MinHash signature (datasketch's affine32 scheme, 128 permutations,
computed here in one NumPy pass with the same values); two reports are candidates when their signatures share an
LSH band key (the bands datasketch's MinHashLSH picks for LSH_THRESHOLD: the same candidates as its index), and
each candidate pair's exact Jaccard similarity and containment (the share of each report's own text found in the
other) are computed from the two texts. Signatures and band keys are stored, so a new report is compared with the
stored ones by a join in DuckDB, never every pair again and with no index held in memory (assess/stage.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

SHINGLE_SIZE = 5  # characters: a Chinese phrase is 2-4 characters, so 5 spans a phrase boundary
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch's 32-bit affine permutations: the shingle hashes are 32-bit
LSH_THRESHOLD = 0.5  # the Jaccard similarity LSH tunes its bands for
PAIR_THRESHOLD = 0.5  # exact Jaccard similarity of the reports' own text from which a pair is kept
BOILERPLATE_SHARE = 0.2  # a shingle in more than this share of the documents is boilerplate
BOILERPLATE_MIN_DOCUMENTS = 3  # … and in at least this many (two reports alone sharing text is copying)
BOILERPLATE_SAMPLE = 2000  # documents the boilerplate is counted on (a share: a sample estimates it to ±2 %)

# datasketch's MinHashLSH's choice of bands for LSH_THRESHOLD and NUM_PERM (tests/assess/test_similarity.py checks
# it), written out: importing datasketch imports scipy, ≈ 0.6 s of CPU in each worker process that needs neither
BANDS, ROWS = 25, 5
_HASHRANGES = [(band * ROWS, (band + 1) * ROWS) for band in range(BANDS)]

_MIX_1, _MIX_2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(1099511628211)


def _kept_table() -> np.ndarray:
    """Whether each BMP code point is kept: letters, digits and CJK ideographs (0xFFFF, not kept, stands for every
    code point above the BMP)."""
    cp = np.arange(0x10000, dtype=np.uint32)
    return ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF)) \
        | ((cp >= 0x30) & (cp <= 0x39)) | (((cp | 0x20) >= 0x61) & ((cp | 0x20) <= 0x7A)) \
        | ((cp >= 0xFF10) & (cp <= 0xFF5A))


_KEPT = _kept_table()


def _kept_code_points(text: str) -> np.ndarray:
    """The text's letters, digits and CJK ideographs as code points, everything else dropped."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return cp[_KEPT[np.minimum(cp, 0xFFFF)]]  # one table look-up instead of ten comparisons per character


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of a text's 5-character shingles, sorted (uint32)."""
    cp = _kept_code_points(text).astype(np.uint64)
    n = len(cp) - SHINGLE_SIZE + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(SHINGLE_SIZE):  # polynomial hash of each window, wrapping at 2^64
        h = h * _BASE + cp[j:j + n]
    h ^= h >> np.uint64(30)  # splitmix64's finaliser: every input bit reaches the top 32 bits kept
    h *= _MIX_1
    h ^= h >> np.uint64(27)
    h *= _MIX_2
    h ^= h >> np.uint64(31)
    hashes = np.sort((h >> np.uint64(32)).astype(np.uint32))
    if len(hashes) > 1:  # np.unique is ~50× slower than a sort and a mask here
        hashes = hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]
    return hashes


def boilerplate_hashes(shingle_sets: Iterable[np.ndarray]) -> np.ndarray:
    """Shingles held by more than BOILERPLATE_SHARE of the given documents' sets and by at least
    BOILERPLATE_MIN_DOCUMENTS of them, sorted."""
    sets = list(shingle_sets)
    if not sets:
        return np.empty(0, dtype=np.uint32)
    values, counts = np.unique(np.concatenate(sets), return_counts=True)
    return values[(counts > BOILERPLATE_SHARE * len(sets)) & (counts >= BOILERPLATE_MIN_DOCUMENTS)]


def own_shingles(shingles: np.ndarray, boilerplate: np.ndarray) -> np.ndarray:
    """A document's shingles less the boilerplate (both sorted and distinct)."""
    if not len(boilerplate) or not len(shingles):
        return shingles
    index = np.searchsorted(boilerplate, shingles)
    index[index == len(boilerplate)] = 0
    return shingles[boilerplate[index] != shingles]


@dataclass(frozen=True)
class Overlap:
    jaccard: float  # |A ∩ B| / |A ∪ B| of the two reports' own shingles
    containment: float  # |A ∩ B| / |A|: share of the first report's own text found in the second
    other_containment: float  # |A ∩ B| / |B|
    shared: int


def overlap(a: np.ndarray, b: np.ndarray) -> Overlap:
    """Exact overlap of two sorted distinct shingle sets."""
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    union = len(a) + len(b) - shared
    return Overlap(jaccard=shared / union if union else 0.0, containment=shared / len(a) if len(a) else 0.0,
                   other_containment=shared / len(b) if len(b) else 0.0, shared=shared)


_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value of a permutation no shingle reached
_SIGN_CHUNK = 4096  # shingles per step: a NUM_PERM × chunk uint32 block (2 MB), whatever a report's size


class Signer:
    """MinHash signatures of shingle sets, equal to datasketch's MinHash(scheme="affine32", hashfunc=int) fed the
    same shingles (tests/assess/test_similarity.py compares them) but computed in one NumPy pass: datasketch's
    update_batch calls the hash function once per shingle in Python, which was most of the signing time."""

    def __init__(self) -> None:
        # datasketch's affine32 permutations (MinHash._init_permutations): odd multipliers and offsets drawn in this
        # order from RandomState(SEED); tests/assess/test_similarity.py compares the signatures with datasketch's
        gen = np.random.RandomState(SEED)
        a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
        self._a = a[:, None]
        self._b = b[:, None]

    def hashvalues(self, shingles: np.ndarray) -> np.ndarray:
        """The signature as NUM_PERM uint32 values: min over the shingles of a·fmix32(h) + b mod 2^32."""
        out = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
        if not len(shingles):
            return out
        s1, m1, s2, m2, s3 = _FMIX
        hv = np.asarray(shingles, dtype=np.uint32)
        hv = hv ^ (hv >> s1)  # MurmurHash3's finaliser, as datasketch pre-mixes each input hash
        hv *= m1
        hv ^= hv >> s2
        hv *= m2
        hv ^= hv >> s3
        for start in range(0, len(hv), _SIGN_CHUNK):
            block = self._a * hv[None, start:start + _SIGN_CHUNK]
            block += self._b
            np.minimum(out, block.min(axis=1), out=out)
        return out

    def sign(self, shingles: np.ndarray) -> LeanMinHash:
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=self.hashvalues(shingles), scheme=SCHEME)


def signature_bytes(signature: LeanMinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint32), scheme=SCHEME)


def band_keys(hashvalues: np.ndarray) -> list[bytes]:
    """The signature's LSH band keys, one per band of the index new_index() makes (BANDS bands of ROWS values):
    two signatures are LSH candidates exactly when they share a key in the same band (what MinHashLSH.query
    returns), so the keys can be stored and joined in DuckDB instead of held in a Python index."""
    data = np.ascontiguousarray(hashvalues, dtype=np.uint32)
    return [data[start:end].tobytes() for start, end in _HASHRANGES]


def new_index() -> MinHashLSH:  # the in-memory index the stored band keys replace (tests compare the two)
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)


def candidate_pairs(index: MinHashLSH, new: Iterable[tuple[str, LeanMinHash]]) -> set[tuple[str, str]]:
    """(a, b) pairs, a < b, of each new signature with the indexed ones and with the new ones before it; every new
    signature is added to the index."""
    pairs = set()
    for key, signature in new:
        for other in index.query(signature):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
        if key not in index:
            index.insert(key, signature)
    return pairs
