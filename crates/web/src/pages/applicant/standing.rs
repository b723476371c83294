//! Where an applicant's score stands among comparable applications, drawn as SVG for a phone's
//! width: the middle half of the comparable scores (first to third quartile) as a band, their
//! median as a line, the applicant's score as a marked point. Text says the same beside it.

use crate::format;
use logis_report::document::escape_markup;
use std::fmt::Write;

const WIDTH: f64 = 320.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;

/// The SVG of `score` among comparable scores of quartiles `q1`, `median`, `q3`.
pub fn standing(score: i64, q1: i64, median: i64, q3: i64, description: &str) -> String {
    let low = score.min(q1);
    let high = score.max(q3);
    let margin = ((high - low) as f64 * 0.15).max(5.0);
    let (from, to) = (low as f64 - margin, high as f64 + margin);
    let x = |v: i64| LEFT + (v as f64 - from) / (to - from) * (WIDTH - LEFT - RIGHT);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"graphique-position\" viewBox=\"0 0 {WIDTH} 112\" role=\"img\" \
         aria-labelledby=\"position-titre\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-family=\"Inter, 'DejaVu Sans', sans-serif\" font-size=\"12\">\
         <title id=\"position-titre\">{}</title>",
        escape_markup(description)
    );
    let axis_y = 70.0;
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#6b6b6b\"/>",
        WIDTH - RIGHT
    );
    let _ = write!(
        svg,
        "<rect x=\"{:.1}\" y=\"56\" width=\"{:.1}\" height=\"28\" fill=\"#c9d6ee\" stroke=\"#1d4e9e\"/>",
        x(q1),
        (x(q3) - x(q1)).max(2.0)
    );
    let _ = write!(
        svg,
        "<line class=\"mediane\" x1=\"{0:.1}\" y1=\"52\" x2=\"{0:.1}\" y2=\"88\" stroke=\"#1d4e9e\" stroke-width=\"3\"/>",
        x(median)
    );
    let label = |v: i64| format::signed(v);
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"104\" text-anchor=\"middle\" fill=\"#3a3a3a\">médiane {}</text>",
        x(median).clamp(50.0, WIDTH - 50.0),
        escape_markup(&label(median))
    );
    let you = x(score);
    let _ = write!(
        svg,
        "<path class=\"vous\" d=\"M{0:.1} 48 l-7 -12 h14 z\" fill=\"#d9730d\"/>\
         <line x1=\"{0:.1}\" y1=\"48\" x2=\"{0:.1}\" y2=\"88\" stroke=\"#d9730d\" stroke-width=\"2\"/>\
         <text x=\"{1:.1}\" y=\"26\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#8a4a08\">vous : {2}</text>",
        you,
        you.clamp(44.0, WIDTH - 44.0),
        escape_markup(&label(score))
    );
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_applicant_s_mark_is_placed_on_the_scale_of_the_quartiles() {
        let svg =
            standing(30, 10, 20, 40, "Votre score, 30 points, parmi les demandes comparables");
        assert!(svg.contains("vous : 30"), "{svg}");
        assert!(svg.contains("<title id=\"position-titre\">Votre score, 30 points"));
        // The applicant (30) is right of the median (20), left of the third quartile's edge.
        let at = |needle: &str| {
            let start = svg.find(needle).expect(needle) + needle.len();
            let value = svg[start..].split(['"', ' ']).next().expect("value");
            value.parse::<f64>().expect("number")
        };
        let median = at("<line class=\"mediane\" x1=\"");
        let you = at("<path class=\"vous\" d=\"M");
        assert!(you > median, "{you} > {median}");
        assert!(you < WIDTH - RIGHT);
    }

    #[test]
    fn a_score_below_every_comparable_stays_on_the_drawing() {
        let svg = standing(-50, 100, 120, 200, "—");
        let start = svg.find("<path class=\"vous\" d=\"M").expect("mark") + 23;
        let you: f64 = svg[start..].split(' ').next().expect("x").parse().expect("number");
        assert!((LEFT..WIDTH).contains(&you), "{you}");
    }
}
