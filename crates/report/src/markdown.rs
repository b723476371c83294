//! The territory's own text (its priorities for next year), written in Markdown, as document
//! blocks: paragraphs, subheadings, lists, bold and italics. Anything else is kept as text.

use crate::document::{Block, Span};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The blocks of a Markdown text.
pub fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut items: Vec<Vec<Span>> = Vec::new();
    let (mut strong, mut emphasis, mut in_list) = (0, 0, 0);
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong -= 1,
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis -= 1,
            Event::Start(Tag::List(_)) => in_list += 1,
            Event::End(TagEnd::List(_)) => {
                in_list -= 1;
                if in_list == 0 {
                    blocks.push(Block::List(std::mem::take(&mut items)));
                }
            }
            Event::End(TagEnd::Item) => items.push(std::mem::take(&mut spans)),
            Event::End(TagEnd::Heading(_)) => {
                let title: String = spans.drain(..).map(|s| s.text().to_owned()).collect();
                blocks.push(Block::Subheading(title));
            }
            Event::End(TagEnd::Paragraph) if in_list == 0 => {
                blocks.push(Block::Paragraph(std::mem::take(&mut spans)));
            }
            Event::Text(t) | Event::Code(t) => spans.push(match (strong > 0, emphasis > 0) {
                (true, _) => Span::Strong(t.into_string()),
                (false, true) => Span::Emphasis(t.into_string()),
                _ => Span::Text(t.into_string()),
            }),
            Event::SoftBreak | Event::HardBreak => spans.push(Span::Text(" ".into())),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_lists_and_emphasis_are_kept() {
        let blocks = markdown_blocks(
            "## Former les guichets\n\nUn **plan de formation** au SNE,\n*avant juin*.\n\n- relancer la CIL\n- publier la cotation\n",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Subheading("Former les guichets".into()),
                Block::Paragraph(vec![
                    Span::Text("Un ".into()),
                    Span::Strong("plan de formation".into()),
                    Span::Text(" au SNE,".into()),
                    Span::Text(" ".into()),
                    Span::Emphasis("avant juin".into()),
                    Span::Text(".".into()),
                ]),
                Block::List(vec![
                    vec![Span::Text("relancer la CIL".into())],
                    vec![Span::Text("publier la cotation".into())],
                ]),
            ]
        );
    }
}
