//! Aligned tables on the terminal: text columns to the left, numbers to the right.

/// Prints `rows` under `headers`, indented by two spaces. A column is right-aligned when
/// `numeric[i]` is true.
pub fn print(headers: &[&str], numeric: &[bool], rows: &[Vec<String>]) {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(headers[i].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i].saturating_sub(c.chars().count());
                if numeric[i] {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        format!("  {}", parts.join("  ").trim_end())
    };
    say!("{}", line(headers.to_vec()));
    say!("  {}", widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>().join("  "));
    for row in rows {
        say!("{}", line(row.iter().map(String::as_str).collect()));
    }
}

/// A share as a French percentage: `0.125` → `12,5 %`.
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0).replace('.', ",")
}

/// A decimal with a French comma and one decimal: `-3.25` → `−3,2`.
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.1}").replace('.', ",");
    match text.as_str() {
        "-0,0" => "0,0".to_owned(),
        _ => text.replace('-', "\u{2212}"),
    }
}

/// A signed number of places with its sign: `+3`, `−2`, `0`.
pub fn places(n: i64) -> String {
    match n {
        0 => "0".to_owned(),
        n if n > 0 => format!("+{}", logis_domain::french::int(n as u64)),
        n => logis_domain::french::signed(n),
    }
}
