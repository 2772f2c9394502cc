"""``core.memo``: results kept by a file's bytes, weighed, the least recently used dropped first."""

from cdp_data.core.memo import BytesMemo, content_key


def test_the_least_recently_used_is_dropped_when_the_weights_pass_the_limit():
    memo = BytesMemo(10, weigh=len)
    memo.put("a", "xxxx")
    memo.put("b", "xxxx")
    assert memo.get("a") == "xxxx"          # now b is the least recently used
    memo.put("c", "xxx")                    # 11 > 10: b goes
    assert memo.get("b") is None and memo.get("a") == "xxxx" and memo.get("c") == "xxx"
    assert memo.weight() == 7 and len(memo) == 2


def test_a_value_heavier_than_the_limit_is_not_kept():
    memo = BytesMemo(3, weigh=len)
    memo.put("big", "xxxx")
    assert memo.get("big") is None and len(memo) == 0


def test_one_each_by_default():
    memo = BytesMemo(2)
    for key in "abc":
        memo.put(key, key.upper())
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (None, "B", "C")
    memo.clear()
    assert len(memo) == 0


def test_keys_tell_apart_the_bytes_and_what_else_the_result_depends_on():
    assert content_key(b"abc") == content_key(b"abc")
    assert content_key(b"abc") != content_key(b"abd")
    assert content_key(b"abc", "imd") != content_key(b"abc", "population")
    assert content_key(b"abc", "a.csv") != content_key(b"abc", "b.csv")
