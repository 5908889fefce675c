"""Shingles, boilerplate, signatures and candidate pairs (fazhi.assess.similarity)."""
from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash, MinHash

from fazhi.assess import similarity

OUTLINE_QUOTE = ("法治政府建设是全面依法治国的重点任务和主体工程,是推进国家治理体系和治理能力现代化的重要支撑。"
                 "到2025年,政府行为全面纳入法治轨道,职责明确、依法行政的政府治理体系日益健全。")


def test_layout_and_punctuation_do_not_change_the_shingles():
    assert np.array_equal(similarity.shingle_hashes("全年受理行政复议案件36件,审结34件。"),
                          similarity.shingle_hashes("全年受理 行政复议案件36件\n审结34件"))


def test_shingles_are_distinct_sorted_and_one_per_window():
    hashes = similarity.shingle_hashes("一二三四五六七一二三四五")  # 8 windows, 7 distinct
    assert hashes.dtype == np.uint32
    assert len(hashes) == 7
    assert np.all(np.diff(hashes.astype(np.int64)) > 0)
    assert len(similarity.shingle_hashes("四个字符")) == 0


def test_boilerplate_is_what_more_than_a_fifth_and_at_least_three_documents_share():
    quote = similarity.shingle_hashes(OUTLINE_QUOTE)
    own = [similarity.shingle_hashes(f"{name}深入推进{topic}工作,成效明显,共办理案件{n}件") for name, topic, n in
           [("吉州区", "综合行政执法改革", 36), ("青原区", "政务公开标准化", 52), ("泰和县", "公共法律服务", 17),
            ("永丰县", "矛盾纠纷多元化解", 88), ("万安县", "证明事项告知承诺制", 9)]]
    documents = [np.union1d(quote, o) for o in own[:3]] + own[3:]  # 3 of 5 documents quote the outline
    boilerplate = similarity.boilerplate_hashes(documents)
    assert np.isin(quote, boilerplate).all()
    assert not np.isin(own[0], boilerplate).all()
    # the same two documents alone: 2 of 2 share the quote, but two documents are not boilerplate
    assert len(similarity.boilerplate_hashes(documents[:2])) == 0


def test_own_shingles_leave_the_boilerplate_out():
    shingles = np.array([1, 5, 9, 12], dtype=np.uint32)
    assert similarity.own_shingles(shingles, np.array([5, 12, 40], dtype=np.uint32)).tolist() == [1, 9]
    assert similarity.own_shingles(shingles, np.empty(0, dtype=np.uint32)).tolist() == [1, 5, 9, 12]


def test_overlap_is_exact():
    found = similarity.overlap(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([3, 4, 5, 6, 7, 8], dtype=np.uint32))
    assert (found.shared, found.jaccard, found.containment, found.other_containment) == (2, 0.25, 0.5, 2 / 6)


def test_the_signature_is_datasketchs_own_minhash_and_survives_storage():
    shingles = similarity.shingle_hashes("全面推进严格规范公正文明执法,行政执法三项制度全面落实。")
    reference = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, scheme=similarity.SCHEME,
                        hashfunc=int)
    for value in shingles.tolist():
        reference.update(value)
    signature = similarity.Signer().sign(shingles)
    assert np.array_equal(signature.hashvalues, reference.hashvalues)
    stored = similarity.signature_from_bytes(similarity.signature_bytes(signature))
    assert np.array_equal(stored.hashvalues, signature.hashvalues)
    assert stored.jaccard(signature) == 1.0


def test_candidates_pair_a_new_signature_with_a_stored_one_and_not_unrelated_ones():
    signer = similarity.Signer()
    base = "".join(f"第{i}项工作:深入推进依法行政,全年办理行政复议案件{i * 7}件,出庭应诉率{90 + i % 10}%。" for i in range(40))
    copy = base.replace("依法行政", "依法治县", 3)
    other = "".join(f"第{i}部分:加强普法宣传,开展送法下乡活动{i * 3}场,覆盖群众{i * 1000}人次。" for i in range(40))
    index = similarity.new_index()
    index.insert("stored", signer.sign(similarity.shingle_hashes(base)))
    pairs = similarity.candidate_pairs(index, [("new-copy", signer.sign(similarity.shingle_hashes(copy))),
                                               ("new-other", signer.sign(similarity.shingle_hashes(other)))])
    assert pairs == {("new-copy", "stored")}
    assert "new-other" in index  # every new signature joins the index for the documents after it


def test_signatures_equal_datasketchs_on_empty_small_and_multi_chunk_sets():
    rng = np.random.default_rng(16)
    signer = similarity.Signer()
    for size in (0, 1, 7, 3 * 4096 + 5):  # the last spans several signing chunks
        shingles = np.unique(rng.integers(0, 2 ** 32, size, dtype=np.uint64).astype(np.uint32))
        reference = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, scheme=similarity.SCHEME,
                            hashfunc=int)
        reference.update_batch(shingles.tolist())
        assert np.array_equal(signer.hashvalues(shingles), reference.hashvalues), size


def test_shared_band_keys_are_exactly_the_lsh_index_candidates():
    """The stage joins stored band keys in DuckDB instead of querying a MinHashLSH: the same candidates."""
    signer = similarity.Signer()
    rng = np.random.default_rng(3)
    base = [np.unique(rng.integers(0, 2 ** 32, 600, dtype=np.uint64).astype(np.uint32)) for _ in range(12)]
    sets = {f"d{i:02d}": s for i, s in enumerate(base)}
    for i, share in enumerate((0.95, 0.8, 0.65, 0.5, 0.4, 0.3)):  # copies of d00 … d05 keeping this share
        source = base[i]
        kept = source[rng.random(len(source)) < share]
        extra = rng.integers(0, 2 ** 32, len(source) - len(kept), dtype=np.uint64).astype(np.uint32)
        sets[f"c{i:02d}"] = np.unique(np.concatenate([kept, extra]))
    signatures = {key: signer.hashvalues(s) for key, s in sets.items()}
    index = similarity.new_index()
    for key, values in signatures.items():
        index.insert(key, LeanMinHash(seed=similarity.SEED, hashvalues=values, scheme=similarity.SCHEME))
    from_index = {(min(k, o), max(k, o)) for k, values in signatures.items()
                  for o in index.query(LeanMinHash(seed=similarity.SEED, hashvalues=values, scheme=similarity.SCHEME))
                  if o != k}
    keys = {key: similarity.band_keys(values) for key, values in signatures.items()}
    assert all(len(k) == similarity.BANDS and len(k[0]) == 4 * similarity.ROWS for k in keys.values())
    from_keys = {(a, b) for a in keys for b in keys if a < b and any(x == y for x, y in zip(keys[a], keys[b]))}
    assert from_keys == from_index
    assert ("c00", "d00") in from_keys and ("c05", "d05") not in from_keys  # a close copy found, a far one not


def test_the_written_out_bands_are_datasketchs_choice():
    index = similarity.new_index()
    assert (index.b, index.r) == (similarity.BANDS, similarity.ROWS)
    assert list(index.hashranges) == similarity._HASHRANGES
