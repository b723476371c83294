//! Sorting a table by the column named in the address (`tri=score`, `tri=-score` the other
//! way), so a sorted list works without JavaScript and can be shared as a link: the order read
//! from `tri=`, and the headings that link to the next order with `aria-sort` on the sorted
//! one. Each table names its columns by implementing [`Sortable`].

/// The columns of a table that sorts.
pub trait Sortable: Copy + Eq + 'static {
    const ALL: &'static [Self];
    /// The order without `tri=`.
    const DEFAULT: Sort<Self>;
    /// The column's code in `tri=`.
    fn code(self) -> &'static str;
    /// The column's heading.
    fn label(self) -> &'static str;
    /// Whether a first click sorts from the largest value (the highest score, the latest date).
    fn descending_first(self) -> bool;
    /// Whether the column holds numbers (aligned right).
    fn numeric(self) -> bool {
        false
    }
}

/// An order: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<C> {
    pub column: C,
    pub descending: bool,
}

impl<C: Sortable> Sort<C> {
    /// The order `tri` names; the table's default when it names none.
    pub fn parse(tri: Option<&str>) -> Self {
        let Some(tri) = tri.map(str::trim).filter(|t| !t.is_empty()) else {
            return C::DEFAULT;
        };
        let (reversed, code) = match tri.strip_prefix('-') {
            Some(code) => (true, code),
            None => (false, tri),
        };
        match C::ALL.iter().copied().find(|c| c.code() == code) {
            Some(column) => Sort { column, descending: column.descending_first() != reversed },
            None => C::DEFAULT,
        }
    }

    /// The value of `tri=` for this order.
    pub fn code(self) -> String {
        let reversed = self.descending != self.column.descending_first();
        format!("{}{}", if reversed { "-" } else { "" }, self.column.code())
    }

    /// « par score, décroissant ».
    pub fn words(self) -> String {
        format!(
            "par {}, {}",
            self.column.label().to_lowercase(),
            if self.descending { "décroissant" } else { "croissant" }
        )
    }

    /// `ordered` (ascending) in this order's direction.
    pub fn directed(self, ordered: std::cmp::Ordering) -> std::cmp::Ordering {
        if self.descending { ordered.reverse() } else { ordered }
    }
}

/// A column's heading: its words, the link that sorts on it, `aria-sort` when sorted.
pub struct Header {
    pub label: &'static str,
    pub href: String,
    /// `ascending` or `descending` on the sorted column, empty elsewhere.
    pub aria_sort: &'static str,
    /// What a click does (« trier par score décroissant »).
    pub hint: String,
    pub numeric: bool,
}

/// The headings of a table sorted by `sort`; `href(tri)` is the address of the list in the
/// order `tri`, with its filters.
pub fn headers<C: Sortable>(sort: Sort<C>, href: impl Fn(&str) -> String) -> Vec<Header> {
    C::ALL
        .iter()
        .copied()
        .map(|column| {
            let sorted = sort.column == column;
            let next = if sorted {
                Sort { column, descending: !sort.descending }
            } else {
                Sort { column, descending: column.descending_first() }
            };
            Header {
                label: column.label(),
                href: href(&next.code()),
                aria_sort: match (sorted, sort.descending) {
                    (false, _) => "",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                hint: format!(
                    "trier par {} {}",
                    column.label().to_lowercase(),
                    if next.descending { "décroissant" } else { "croissant" }
                ),
                numeric: column.numeric(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Col {
        Name,
        Date,
    }

    impl Sortable for Col {
        const ALL: &'static [Col] = &[Col::Name, Col::Date];
        const DEFAULT: Sort<Col> = Sort { column: Col::Name, descending: false };
        fn code(self) -> &'static str {
            match self {
                Col::Name => "nom",
                Col::Date => "date",
            }
        }
        fn label(self) -> &'static str {
            match self {
                Col::Name => "Nom",
                Col::Date => "Date",
            }
        }
        fn descending_first(self) -> bool {
            self == Col::Date
        }
    }

    #[test]
    fn the_order_reads_from_the_address_and_back() {
        assert_eq!(Sort::<Col>::parse(None), Col::DEFAULT);
        assert_eq!(Sort::<Col>::parse(Some("inconnu")), Col::DEFAULT);
        let date = Sort::<Col>::parse(Some("date"));
        assert_eq!(date, Sort { column: Col::Date, descending: true });
        assert_eq!(date.code(), "date");
        let reversed = Sort::<Col>::parse(Some("-date"));
        assert!(!reversed.descending);
        assert_eq!(reversed.code(), "-date");
        assert_eq!(reversed.words(), "par date, croissant");
    }

    #[test]
    fn the_sorted_heading_says_so_and_links_the_other_way() {
        let shown = headers(Sort::<Col>::parse(Some("date")), |tri| format!("?tri={tri}"));
        assert_eq!((shown[1].aria_sort, shown[1].href.as_str()), ("descending", "?tri=-date"));
        assert_eq!((shown[0].aria_sort, shown[0].href.as_str()), ("", "?tri=nom"));
    }
}
