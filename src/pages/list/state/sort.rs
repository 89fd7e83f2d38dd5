//! Sorting 50,000 rows within a frame. In WebAssembly `str::cmp` compares a byte at a
//! time, and a sort makes about 800,000 comparisons; so text sorts compare 16-byte integer
//! heads held next to each row's position, and whole strings only when heads tie.

use std::cmp::Ordering;

use whmcs_api::SortOrder;

/// Sorts `idx` by `key`, then by `id`, so that the unstable sort is deterministic. Keys and
/// ids are copied next to each position first: comparisons then read one small array, not
/// 50,000 credentials scattered in memory.
pub(super) fn by_key<K: Ord + Copy>(
    idx: &mut Vec<usize>,
    order: SortOrder,
    key: impl Fn(usize) -> K,
    id: impl Fn(usize) -> u64,
) {
    let mut keyed: Vec<(K, u64, usize)> = idx.iter().map(|&i| (key(i), id(i), i)).collect();
    match order {
        SortOrder::Asc => keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1))),
        SortOrder::Desc => keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1))),
    }
    idx.clear();
    idx.extend(keyed.into_iter().map(|(_, _, i)| i));
}

/// For each of `n` rows, its place in the order of `key` (rows with equal keys share one),
/// so that later sorts compare integers.
pub(super) fn ranks_by<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by_key(|&a| key(a));
    dense(&order, |a, b| key(a) == key(b))
}

/// For each of `n` rows, its place in `str::cmp` order of `text`.
pub(super) fn ranks_by_text<'a>(n: usize, text: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    by_text(&mut order, SortOrder::Asc, &text, |i| i as u64);
    dense(&order, |a, b| text(a) == text(b))
}

/// Ranks from an ascending `order`: equal neighbours share a rank.
fn dense(order: &[usize], equal: impl Fn(usize, usize) -> bool) -> Vec<u32> {
    let mut ranks = vec![0u32; order.len()];
    let mut rank = 0u32;
    for (at, &i) in order.iter().enumerate() {
        if at > 0 && !equal(order[at - 1], i) {
            rank += 1;
        }
        ranks[i] = rank;
    }
    ranks
}

/// Sorts `idx` by the text `text(i)` names, in `str::cmp`'s order, then by `id`.
pub(super) fn by_text<'a>(
    idx: &mut Vec<usize>,
    order: SortOrder,
    text: impl Fn(usize) -> &'a str,
    id: impl Fn(usize) -> u64,
) {
    let heads = heads(idx.iter().map(|&i| text(i)));
    let mut keyed: Vec<(u128, usize)> = heads.into_iter().zip(idx.iter().copied()).collect();
    keyed.sort_unstable_by(|&(ha, a), &(hb, b)| {
        let o = ha.cmp(&hb).then_with(|| bytewise(text(a), text(b)));
        directed(o, order).then(id(a).cmp(&id(b)))
    });
    idx.clear();
    idx.extend(keyed.into_iter().map(|(_, i)| i));
}

fn directed(o: Ordering, order: SortOrder) -> Ordering {
    match order {
        SortOrder::Asc => o,
        SortOrder::Desc => o.reverse(),
    }
}

/// The order of `str::cmp`, eight bytes at a time.
fn bytewise(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let (x, y) = (
            u64::from_be_bytes(x.try_into().expect("a chunk of 8")),
            u64::from_be_bytes(y.try_into().expect("a chunk of 8")),
        );
        if x != y {
            return x.cmp(&y);
        }
    }
    let done = a.len().min(b.len()) / 8 * 8;
    a[done..].cmp(&b[done..])
}

/// For each value, 16 bytes that order as it does: those after the prefix every value shares
/// (all identifiers start `COMPANY.`), zero-padded. Different heads order their values as
/// `str::cmp` does; equal heads need the full comparison.
fn heads<'a>(values: impl Iterator<Item = &'a str> + Clone) -> Vec<u128> {
    let mut shared: Option<&[u8]> = None;
    for v in values.clone() {
        let v = v.as_bytes();
        shared = Some(match shared {
            None => v,
            Some(p) => &p[..p.iter().zip(v).take_while(|(a, b)| a == b).count()],
        });
    }
    let skip = shared.map_or(0, <[u8]>::len);
    values
        .map(|v| {
            let mut head = [0u8; 16];
            let rest = &v.as_bytes()[skip..];
            let n = rest.len().min(16);
            head[..n].copy_from_slice(&rest[..n]);
            u128::from_be_bytes(head)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytewise_orders_as_str_does() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefgh\u{e9}",
            "ACME.1234567890",
            "ACME.1234567891",
            "acme.1234567890",
            "\u{10ffff}",
            "zzzzzzzzzzzzzzzzz",
            "zzzzzzzzzzzzzzzz",
        ];
        for a in words {
            for b in words {
                assert_eq!(bytewise(a, b), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn heads_order_as_the_values_do_unless_equal() {
        let values = [
            "ACME.0fa1",
            "ACME.0fa10000000000000000000001",
            "ACME.0fa10000000000000000000002",
            "ACME.",
            "ACME.z",
            "ACME.0fa1\u{0}",
        ];
        let h = heads(values.iter().copied());
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if h[i] != h[j] {
                    assert_eq!(h[i].cmp(&h[j]), a.cmp(b), "{a:?} vs {b:?}");
                }
            }
        }
        // Past 16 bytes after the shared "ACME." they tie, and the full comparison decides.
        assert_eq!(h[1], h[2]);
        assert!(heads(std::iter::empty()).is_empty());
    }

    #[test]
    fn text_sorts_as_str_cmp_does_with_ties_by_id_both_ways() {
        let texts = [
            "ACME.b",
            "ACME.a",
            "ACME.b",
            "ACME.ab",
            "ACME.0fa10000000000000000000002",
            "ACME.0fa10000000000000000000001",
        ];
        let mut idx: Vec<usize> = (0..texts.len()).collect();
        by_text(&mut idx, SortOrder::Asc, |i| texts[i], |i| i as u64);
        assert_eq!(idx, [5, 4, 1, 3, 0, 2]);
        by_text(&mut idx, SortOrder::Desc, |i| texts[i], |i| i as u64);
        assert_eq!(idx, [0, 2, 3, 1, 4, 5], "ties stay in id order");
    }

    #[test]
    fn ranks_order_as_their_keys_and_equal_keys_share_one() {
        let texts = ["b", "a", "b", "c"];
        assert_eq!(ranks_by_text(4, |i| texts[i]), [1, 0, 1, 2]);
        let keys = [30, 10, 30, 20];
        assert_eq!(ranks_by(4, |i| keys[i]), [2, 0, 2, 1]);
        assert!(ranks_by(0, |i| i).is_empty());
    }

    #[test]
    fn key_sorts_break_ties_by_id() {
        let keys = [2, 1, 2, 0];
        let mut idx = vec![2, 0, 1, 3];
        by_key(&mut idx, SortOrder::Desc, |i| keys[i], |i| i as u64);
        assert_eq!(idx, [0, 2, 1, 3]);
    }
}
