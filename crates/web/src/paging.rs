//! The paging of every list, in one place: the total above the list (« 1 234 demandes », or
//! « plus de 1 000 demandes » when the count stops at a cap) and the numbered pages below it
//! (first, last, and two around the current one, « … » between; previous and next), each a
//! link that keeps the list's filters and sort. A page builds a [`Paging`] with [`Paging::new`]
//! and the template includes `pagination.html` where the numbers go, with a field or variable
//! named `paging` in scope; it prints the total with `{{ paging.total }}`.

use crate::format;

/// A list's noun: singular, plural, and the empty list (« demande », « demandes », « Aucune
/// demande »).
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
    pub none: &'static str,
}

/// One item of the numbered pages: a page's number and link, or a gap (« … »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageItem {
    Page { number: u64, href: String, current: bool },
    Gap,
}

/// The page `asked` (from 0) of a list of `size` lines read by `read` (from an offset, giving
/// the lines and how many there are in all), or its last page when `asked` is past it (a list
/// shortened since the link was made, or a page number typed by hand): the lines, the total,
/// the page shown and the last page.
pub async fn clamped<T, E, F, Fut>(asked: u64, size: u64, read: F) -> Result<(T, u64, u64, u64), E>
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(T, u64), E>>,
{
    let (mut lines, mut total) = read(asked.saturating_mul(size)).await?;
    let last = total.max(1).div_ceil(size) - 1;
    let page = asked.min(last);
    if page != asked {
        (lines, total) = read(page * size).await?;
    }
    Ok((lines, total, page, last))
}

/// The total and the pages of a list, ready for `pagination.html`.
#[derive(Debug, Clone)]
pub struct Paging {
    /// « 1 234 demandes », « Aucune demande », « Plus de 1 000 demandes ».
    pub total: String,
    /// « Page 3 sur 25 » (« Page 3 » when the total is capped).
    pub position: String,
    pub items: Vec<PageItem>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Pages shown either side of the current one.
const AROUND: u64 = 2;

impl Paging {
    /// The paging of a list of `counted` items (`capped`: there are more, not counted), showing
    /// page `page` (from 0) of `size` items; `href(n)` is the link to page `n` (from 0), with
    /// the list's filters and sort.
    pub fn new(
        noun: Noun,
        counted: u64,
        capped: bool,
        page: u64,
        size: u64,
        href: impl Fn(u64) -> String,
    ) -> Self {
        let total = match (counted, capped) {
            (n, true) => format!("Plus de {} {}", format::int(n), noun.many),
            (0, _) => noun.none.to_owned(),
            (1, _) => format!("1 {}", noun.one),
            (n, _) => format!("{} {}", format::int(n), noun.many),
        };
        let known_last = counted.max(1).div_ceil(size.max(1)) - 1;
        // A capped count: the pages known so far, and one more if the current one is the last.
        let last = if capped { known_last.max(page + 1) } else { known_last };
        let mut items = Vec::new();
        let mut previous_shown: Option<u64> = None;
        for n in 0..=last {
            let near = n + AROUND >= page && n <= page + AROUND;
            if !(n == 0 || (n == last && !capped) || near) {
                continue;
            }
            if previous_shown.is_some_and(|p| n > p + 1) {
                items.push(PageItem::Gap);
            }
            items.push(PageItem::Page { number: n + 1, href: href(n), current: n == page });
            previous_shown = Some(n);
        }
        if capped {
            items.push(PageItem::Gap);
        }
        let position = if capped {
            format!("Page {}", page + 1)
        } else {
            format!("Page {} sur {}", page + 1, last + 1)
        };
        Paging {
            total,
            position,
            items,
            previous: (page > 0).then(|| href(page - 1)),
            next: (page < last).then(|| href(page + 1)),
        }
    }

    /// The same paging when the page shown is known to be the last (it holds fewer than a page
    /// of items): no next page, even with a capped count.
    pub fn ending_here(mut self, last: bool) -> Self {
        if last {
            self.next = None;
            let current =
                self.items.iter().position(|i| matches!(i, PageItem::Page { current: true, .. }));
            self.items.truncate(current.map_or(self.items.len(), |c| c + 1));
        }
        self
    }

    /// Whether there is more than one page (else `pagination.html` shows nothing).
    pub fn several(&self) -> bool {
        self.previous.is_some() || self.next.is_some()
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_page_past_the_end_reads_the_last_one() {
        let lines: Vec<u32> = (0..7).collect();
        let read = |offset: u64| {
            let page: Vec<u32> = lines.iter().copied().skip(offset as usize).take(3).collect();
            async move { Ok::<_, ()>((page, 7)) }
        };
        assert_eq!(super::clamped(1, 3, read).await, Ok((vec![3, 4, 5], 7, 1, 2)));
        assert_eq!(super::clamped(9, 3, read).await, Ok((vec![6], 7, 2, 2)), "the last page");
        let hostile = super::clamped(u64::MAX, 3, read).await;
        assert_eq!(hostile, Ok((vec![6], 7, 2, 2)), "no overflow");
        let none = super::clamped(4, 3, |_| async { Ok::<_, ()>((Vec::<u32>::new(), 0)) }).await;
        assert_eq!(none, Ok((vec![], 0, 0, 0)));
    }

    use super::*;

    const DEMANDES: Noun = Noun { one: "demande", many: "demandes", none: "Aucune demande" };

    fn numbers(p: &Paging) -> Vec<String> {
        p.items
            .iter()
            .map(|i| match i {
                PageItem::Page { number, current: true, .. } => format!("[{number}]"),
                PageItem::Page { number, .. } => number.to_string(),
                PageItem::Gap => "…".to_owned(),
            })
            .collect()
    }

    #[test]
    fn first_last_and_two_around_the_current_page() {
        let p = Paging::new(DEMANDES, 1_234, false, 9, 50, |n| format!("?page={}", n + 1));
        assert_eq!(p.total, "1\u{a0}234 demandes");
        assert_eq!(numbers(&p), ["1", "…", "8", "9", "[10]", "11", "12", "…", "25"]);
        assert_eq!(p.position, "Page 10 sur 25");
        assert_eq!(p.previous.as_deref(), Some("?page=9"));
        assert_eq!(p.next.as_deref(), Some("?page=11"));
    }

    #[test]
    fn a_short_list_has_one_page_and_no_links() {
        let p = Paging::new(DEMANDES, 1, false, 0, 50, |n| n.to_string());
        assert_eq!(p.total, "1 demande");
        assert!(!p.several());
        let none = Paging::new(DEMANDES, 0, false, 0, 50, |_| String::new());
        assert_eq!(none.total, "Aucune demande");
        assert!(!none.several());
    }

    #[test]
    fn a_capped_count_leaves_the_last_page_unknown() {
        let p = Paging::new(DEMANDES, 1_000, true, 0, 50, |n| n.to_string());
        assert_eq!(p.total, "Plus de 1\u{a0}000 demandes");
        assert_eq!(numbers(&p), ["[1]", "2", "3", "…"]);
        assert_eq!(p.position, "Page 1");
        assert!(p.next.is_some());
        let last = Paging::new(DEMANDES, 1_000, true, 3, 50, |n| n.to_string()).ending_here(true);
        assert_eq!(numbers(&last), ["1", "2", "3", "[4]"]);
        assert!(last.next.is_none());
    }
}
