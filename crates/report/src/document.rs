//! A report as a renderer-neutral document: sections of paragraphs, key figures, tables,
//! charts and reading keys. The HTML page and the PDF are written from the same document, so
//! they say the same thing.

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Strong(String),
    Emphasis(String),
}

/// A figure shown large, with what it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// A table of formatted values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (aligned right).
    pub numeric: Vec<bool>,
}

/// A chart drawn as SVG, the same in every output.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// What the chart shows, for readers who cannot see it.
    pub description: String,
    pub svg: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Span>),
    Subheading(String),
    List(Vec<Vec<Span>>),
    Figures(Vec<KeyFigure>),
    Table(Table),
    Chart(Chart),
    /// "Clé de lecture : …" under a table.
    ReadingKey(String),
    /// A remark set apart (a missing setting, a caveat on the data).
    Note(String),
    /// A box to sign for each party named (a convention, an inventory to approve).
    Signatures(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub subtitle: String,
    /// On every page: who and which year.
    pub running_head: String,
    /// At the foot of every page.
    pub footer: String,
    pub sections: Vec<Section>,
}

impl Span {
    pub fn text(&self) -> &str {
        match self {
            Span::Text(t) | Span::Strong(t) | Span::Emphasis(t) => t,
        }
    }
}

/// Text made safe inside XML or HTML (`&`, `<`, `>`, `"`).
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A paragraph of plain text.
pub fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::Text(text.into())])
}
