from fazhi.parse.terms import build_tokenizer, count_terms, domain_terms, segment


def test_domain_terms_stay_whole():
    tokenizer = build_tokenizer()
    tokens = segment("全年出庭应诉率达到100%,持续推进法治政府建设", tokenizer)
    assert "出庭应诉率" in tokens
    assert "法治政府建设" in tokens


def test_extra_words_such_as_region_names_are_added():
    assert not build_tokenizer().has_word("资源县")
    tokenizer = build_tokenizer(["资源县"])
    assert tokenizer.has_word("资源县")
    assert "资源县" in segment("资源县深入推进依法行政", tokenizer)


def test_count_terms_drops_stopwords_numbers_and_single_characters():
    counts = count_terms("我区进一步加强行政复议工作,受理行政复议12件,行政复议纠错率3%。", build_tokenizer())
    assert counts["行政复议"] == 2
    assert "进一步" not in counts and "12" not in counts and "件" not in counts


def test_domain_dictionary_file_has_no_comments_or_blanks():
    terms = domain_terms()
    assert len(terms) > 50
    assert all(t and not t.startswith("#") for t in terms)


def test_count_terms_keeps_each_content_term_once_in_first_occurrence_order():
    from fazhi.parse.terms import STOPWORDS

    tokenizer = build_tokenizer()
    text = "2020年,我区推进5G网络和12345热线建设,   行政复议APP上线;行政复议纠错率3%,全区开展法治宣传。法治宣传"
    expected: dict[str, int] = {}
    for token in segment(text, tokenizer):
        if len(token) >= 2 and token not in STOPWORDS and any("\u4e00" <= char <= "\u9fff" for char in token):
            expected[token] = expected.get(token, 0) + 1
    for _ in range(2):  # the second time from the cached verdicts on each token
        assert list(count_terms(text, tokenizer).items()) == list(expected.items())
