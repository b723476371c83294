//! Charts as SVG text, drawn from numbers and French labels: horizontal bars (with a reference
//! line or a target mark per bar), paired bars, and lines over years. The same SVG goes into the
//! HTML page and the PDF; text uses the report's font (Inter).

use crate::document::escape_markup;
use logis_domain::french::decimal;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
/// Room for the labels left of bars: their longest line, within limits (longer labels are
/// wrapped on several lines, never cut).
const LABEL_MIN: f64 = 110.0;
const LABEL_MAX: f64 = 260.0;
/// Characters a line of a label holds before the label wraps.
const LABEL_CHARS: usize = 38;
/// Height of a line of a label.
const LINE: f64 = 13.0;
const RIGHT: f64 = 56.0;
const BAR: f64 = 16.0;
const ROW: f64 = 26.0;
const FONT: &str = "font-family=\"Inter, 'DejaVu Sans', sans-serif\"";

/// Colours of the series (blue of the public service, a warm contrast, grey).
pub const BLUE: &str = "#1d4e9e";
pub const ORANGE: &str = "#d9730d";
pub const GREY: &str = "#6b6b6b";
pub const GREEN: &str = "#18753c";
pub const RED: &str = "#c9191e";
/// The ink of labels and values.
pub const INK: &str = "#1e1e1e";
/// The ink of axis titles.
const AXIS_INK: &str = "#333333";

/// A label on lines of at most [`LABEL_CHARS`] characters, broken between words (a longer
/// word keeps a line of its own): every word is kept.
fn wrapped(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= LABEL_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The room for these labels at 12 px (about 6,6 px a character of their longest line).
fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let longest = labels.flat_map(wrapped).map(|line| line.chars().count()).max().unwrap_or(0);
    (longest as f64 * 6.6 + 14.0).clamp(LABEL_MIN, LABEL_MAX)
}

/// A label right-aligned at `x`, its lines centred on `middle`.
fn label_text(svg: &mut String, x: f64, middle: f64, label: &str) {
    let lines = wrapped(label);
    let first = middle + 4.0 - LINE * (lines.len() as f64 - 1.0) / 2.0;
    let _ = write!(svg, "<text x=\"{x:.1}\" y=\"{first:.1}\" text-anchor=\"end\" fill=\"{INK}\">");
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { LINE };
        let _ = write!(svg, "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>", escape_markup(line));
    }
    svg.push_str("</text>\n");
}

/// A round step for about `ticks` intervals up to `max` (1, 2 or 5 × 10ⁿ).
fn step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw)
}

/// The top of an axis: a whole number of steps at or above `max`.
fn axis(max: f64) -> (f64, f64) {
    let max = if max > 0.0 { max } else { 1.0 };
    let step = step(max, 4.0);
    ((max / step).ceil() * step, step)
}

/// Decimals that show a tick value without noise.
fn tick_text(value: f64, step: f64, unit: &str) -> String {
    let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as u8 };
    format!("{}{unit}", decimal(value, decimals))
}

fn open(height: f64, description: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" {FONT} font-size=\"12\">\n<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n",
        escape_markup(description)
    )
}

/// Where a horizontal-bar plot lies: label room, top and bottom, axis maximum and step.
#[derive(Clone, Copy)]
struct Frame {
    lw: f64,
    top: f64,
    bottom: f64,
    max: f64,
    step: f64,
}

/// Vertical grid lines and their values under a horizontal-bar plot.
fn value_axis(svg: &mut String, frame: &Frame, unit: &str, title: &str) {
    let Frame { lw, top, bottom, max, step } = *frame;
    let plot = WIDTH - lw - RIGHT;
    let mut v = 0.0;
    while v <= max + step / 2.0 {
        let x = lw + v / max * plot;
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" stroke=\"#e3e3e3\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{GREY}\">{}</text>",
            bottom + 14.0,
            escape_markup(&tick_text(v, step, unit))
        );
        v += step;
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS_INK}\">{}</text>",
        lw + plot / 2.0,
        bottom + 32.0,
        escape_markup(title)
    );
}

/// One bar of a horizontal-bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` draws no bar and writes `n.d.`
    pub value: Option<f64>,
    /// The value as written at the end of the bar.
    pub text: String,
    /// A mark across the bar (a target), if any.
    pub mark: Option<f64>,
    pub colour: &'static str,
}

/// Horizontal bars with an optional reference line (e.g. the territory's average).
pub fn bars(
    bars: &[Bar],
    axis_title: &str,
    unit: &str,
    reference: Option<(&str, f64)>,
    description: &str,
) -> String {
    let values =
        || bars.iter().flat_map(|b| [b.value, b.mark]).flatten().chain(reference.map(|r| r.1));
    let (max, step) = axis(values().fold(0.0, f64::max));
    // Counts are never read against « 0,5 »: whole values get whole ticks.
    let (max, step) = if step < 1.0 && values().all(|v| v.fract() == 0.0) {
        (max.ceil(), 1.0)
    } else {
        (max, step)
    };
    let lw = label_width(bars.iter().map(|b| b.label.as_str()));
    let top = 10.0;
    // A row grows with its label's lines.
    let rows: Vec<f64> =
        bars.iter().map(|b| ROW + LINE * (wrapped(&b.label).len() as f64 - 1.0)).collect();
    let bottom = top + rows.iter().sum::<f64>();
    let height = bottom + 44.0 + if reference.is_some() { 18.0 } else { 0.0 };
    let plot = WIDTH - lw - RIGHT;
    let mut svg = open(height, description);
    value_axis(&mut svg, &Frame { lw, top, bottom, max, step }, unit, axis_title);
    let mut row_top = top;
    for (b, row) in bars.iter().zip(&rows) {
        let y = row_top + (row - BAR) / 2.0;
        row_top += row;
        label_text(&mut svg, lw - 8.0, y + BAR / 2.0, &b.label);
        let end = match b.value {
            Some(v) => {
                let w = v / max * plot;
                let _ = writeln!(
                    svg,
                    "<rect x=\"{lw}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{}\"/>",
                    b.colour
                );
                lw + w
            }
            None => lw,
        };
        if let Some(m) = b.mark {
            let x = lw + m / max * plot;
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"3\"/>",
                y - 3.0,
                y + BAR + 3.0
            );
        }
        let text = if b.value.is_some() { b.text.as_str() } else { "n.d." };
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\" font-weight=\"600\">{}</text>",
            end.max(b.mark.map_or(0.0, |m| lw + m / max * plot)) + 6.0,
            y + BAR - 4.0,
            escape_markup(text)
        );
    }
    if let Some((label, value)) = reference {
        let x = lw + value / max * plot;
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" stroke=\"{RED}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{RED}\">{}</text>",
            top - 4.0,
            height - 6.0,
            escape_markup(label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// One group of paired bars: two values side by side (e.g. share of applications and share of
/// allocations).
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub label: String,
    pub values: [f64; 2],
    pub texts: [String; 2],
}

/// Paired horizontal bars with a legend naming the two series.
pub fn paired_bars(
    pairs: &[Pair],
    series: [&str; 2],
    axis_title: &str,
    unit: &str,
    description: &str,
) -> String {
    let max = pairs.iter().flat_map(|p| p.values).fold(0.0, f64::max);
    let (max, step) = axis(max);
    let lw = label_width(pairs.iter().map(|p| p.label.as_str()));
    let row = |p: &Pair| (2.0 * BAR + 14.0).max(LINE * wrapped(&p.label).len() as f64 + 10.0);
    let top = 30.0;
    let bottom = top + pairs.iter().map(row).sum::<f64>();
    let plot = WIDTH - lw - RIGHT;
    let mut svg = open(bottom + 44.0, description);
    for (k, (name, colour)) in series.iter().zip([BLUE, ORANGE]).enumerate() {
        let x = lw + k as f64 * 200.0;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" fill=\"{INK}\">{}</text>",
            x + 18.0,
            escape_markup(name)
        );
    }
    value_axis(&mut svg, &Frame { lw, top, bottom, max, step }, unit, axis_title);
    let mut row_top = top;
    for p in pairs {
        let y = row_top + (row(p) - 2.0 * BAR) / 2.0;
        row_top += row(p);
        label_text(&mut svg, lw - 8.0, y + BAR, &p.label);
        for (k, colour) in [BLUE, ORANGE].iter().enumerate() {
            let w = p.values[k] / max * plot;
            let yk = y + k as f64 * BAR;
            let _ = writeln!(
                svg,
                "<rect x=\"{lw}\" y=\"{yk:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
                BAR - 2.0,
                lw + w + 5.0,
                yk + BAR - 5.0,
                escape_markup(&p.texts[k])
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// A series of a line chart: one value per year (`None` where unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub colour: &'static str,
}

/// Lines over years, with points, a legend and labelled axes.
pub fn lines(years: &[i32], series: &[Series], axis_title: &str, description: &str) -> String {
    let height = 260.0;
    let (left, right, top, bottom) = (64.0, WIDTH - 24.0, 34.0, height - 44.0);
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).copied().fold(0.0, f64::max);
    let (max, step) = axis(max);
    let mut svg = open(height, description);
    let x_of = |i: usize| {
        if years.len() <= 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (years.len() - 1) as f64
        }
    };
    let y_of = |v: f64| bottom - (bottom - top) * v / max;
    let mut v = 0.0;
    while v <= max + step / 2.0 {
        let y = y_of(v);
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#e3e3e3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{GREY}\">{}</text>",
            left - 6.0,
            y + 4.0,
            escape_markup(&tick_text(v, step, ""))
        );
        v += step;
    }
    for (i, year) in years.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{GREY}\">{year}</text>",
            x_of(i),
            bottom + 16.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS_INK}\">année</text><text x=\"12\" y=\"{:.1}\" fill=\"{AXIS_INK}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">{}</text>",
        (left + right) / 2.0,
        height - 6.0,
        (top + bottom) / 2.0,
        (top + bottom) / 2.0,
        escape_markup(axis_title)
    );
    for (k, s) in series.iter().enumerate() {
        let x = left + k as f64 * 190.0;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"8\" width=\"14\" height=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"15\" fill=\"{INK}\">{}</text>",
            s.colour,
            x + 20.0,
            escape_markup(&s.name)
        );
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x_of(i), y_of(v))))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
            points.join(" "),
            s.colour
        );
        for p in &points {
            let (px, py) = p.split_once(',').expect("x,y");
            let _ =
                writeln!(svg, "<circle cx=\"{px}\" cy=\"{py}\" r=\"3.5\" fill=\"{}\"/>", s.colour);
        }
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_values() {
        assert_eq!(axis(3.7), (4.0, 1.0));
        let (top, step) = axis(0.26);
        assert!((top - 0.3).abs() < 1e-9 && (step - 0.1).abs() < 1e-9, "{top} {step}");
        assert_eq!(axis(1234.0), (1500.0, 500.0));
        assert_eq!(axis(0.0), (1.0, 0.5));
    }

    #[test]
    fn counts_get_whole_ticks() {
        let bar = |value| Bar {
            label: "logements".into(),
            value: Some(value),
            text: String::new(),
            mark: None,
            colour: BLUE,
        };
        let counted = bars(&[bar(1.0), bar(0.0)], "logements", "", None, "deux barres");
        assert!(!counted.contains(">0,5<"), "{counted}");
        let rated = bars(&[bar(0.4)], "part", "", None, "une part");
        assert!(rated.contains(">0,2<"), "a fraction keeps its ticks: {rated}");
    }

    #[test]
    fn a_bar_is_as_long_as_its_value_and_labels_are_escaped() {
        let bar = |label: &str, value| Bar {
            label: label.into(),
            value: Some(value),
            text: decimal(value, 2),
            mark: None,
            colour: BLUE,
        };
        let svg = bars(
            &[bar("T1 & T2", 2.0), bar("<T3>", 4.0)],
            "demandes pour 1 attribution",
            "",
            None,
            "test",
        );
        let plot = WIDTH - label_width(["T1 & T2"].into_iter()) - RIGHT;
        assert!(svg.contains(&format!("width=\"{:.1}\"", plot / 2.0)), "{svg}");
        assert!(svg.contains(&format!("width=\"{plot:.1}\"")), "{svg}");
        assert!(svg.contains("T1 &amp; T2") && svg.contains("&lt;T3&gt;"));
        assert!(svg.contains("demandes pour 1 attribution"));
    }

    /// The relative luminance of `#rrggbb` or `#rgb` (WCAG 2).
    fn luminance(colour: &str) -> f64 {
        let hex = colour.trim_start_matches('#');
        let hex: String = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_owned()
        };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn every_chart(label: &str) -> Vec<String> {
        let bar = Bar {
            label: label.into(),
            value: Some(2.0),
            text: "2".into(),
            mark: Some(1.0),
            colour: BLUE,
        };
        let pair =
            Pair { label: label.into(), values: [1.0, 2.0], texts: ["1".into(), "2".into()] };
        let series =
            |colour| Series { name: "série".into(), values: vec![Some(1.0), Some(3.0)], colour };
        vec![
            bars(
                &[bar.clone(), Bar { value: None, ..bar }],
                "axe",
                " %",
                Some(("moyenne", 1.5)),
                "d",
            ),
            paired_bars(&[pair], ["demandes", "attributions"], "axe", " %", "d"),
            lines(&[2024, 2025], &[series(BLUE), series(ORANGE), series(GREEN)], "axe", "d"),
        ]
    }

    #[test]
    fn every_text_meets_the_contrast_of_rgaa_on_its_background() {
        for svg in every_chart("Ménages du premier quartile hors QPV") {
            assert!(svg.contains("<rect width=\"640\"") && svg.contains("fill=\"#ffffff\""));
            for text in svg.split("<text").skip(1) {
                let tag = &text[..text.find('>').expect("tag")];
                let fill = tag
                    .split("fill=\"")
                    .nth(1)
                    .map(|f| &f[..f.find('"').expect("quote")])
                    .expect("every text says its colour");
                let ratio = contrast(fill, "#ffffff");
                assert!(ratio >= 4.5, "{fill} on white: {ratio:.2} < 4.5");
            }
        }
        assert!((contrast(GREY, "#ffffff") - 5.33).abs() < 0.01);
        // Bars and lines are graphics: 3:1 (RGAA 3.3).
        for colour in [BLUE, ORANGE, GREEN, RED, GREY] {
            assert!(contrast(colour, "#ffffff") >= 3.0, "{colour}");
        }
    }

    #[test]
    fn long_labels_are_wrapped_whole_never_cut() {
        let long = "Ménages relogés au titre du renouvellement urbain (ANRU) hors quartiers prioritaires de la politique de la ville";
        let lines = wrapped(long);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.chars().count() <= LABEL_CHARS));
        assert_eq!(lines.join(" "), long, "every word kept, in order");
        for svg in every_chart(long).iter().take(2) {
            assert!(!svg.contains('…'), "nothing cut");
            for word in long.split_whitespace() {
                assert!(svg.contains(word), "{word} in {svg}");
            }
        }
        assert_eq!(wrapped("T3"), ["T3"]);
    }
}
