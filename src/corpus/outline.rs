//! What Markdown and HTML articles have in common once parsed: headings
//! that nest by level into sections, and text blocks (paragraphs, list
//! items, quotes) that become passages, hard-wrapped lines rejoined with
//! the plain-text layout rules.

use super::text::{split_paragraphs, Layout};
use super::Passage;

/// Separates the levels of a nested section: «همکاری اقتصادی › انرژی».
const SECTION_SEPARATOR: &str = " › ";

/// A text block as found, before it is split into passages.
#[derive(Debug)]
struct Block {
    /// 1-based line of the source where it starts.
    line: u32,
    /// Its text, lines separated by `\n`.
    text: String,
    /// The section it stands under.
    section: Option<String>,
}

/// Collects headings and text blocks in document order.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// The headings in force: (level, text), levels increasing.
    headings: Vec<(u8, String)>,
    blocks: Vec<Block>,
}

impl Outline {
    /// A heading of `level` (1 for the highest): it closes the headings of
    /// the same or a lower rank and labels the blocks after it.
    pub(crate) fn heading(&mut self, level: u8, text: &str) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return;
        }
        while self.headings.last().is_some_and(|(l, _)| *l >= level) {
            self.headings.pop();
        }
        self.headings.push((level, text));
    }

    /// A block of text starting at `line`; blank blocks are ignored.
    pub(crate) fn block(&mut self, line: u32, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let section = (!self.headings.is_empty()).then(|| {
            self.headings
                .iter()
                .map(|(_, h)| h.as_str())
                .collect::<Vec<_>>()
                .join(SECTION_SEPARATOR)
        });
        self.blocks.push(Block {
            line,
            text: text.to_string(),
            section,
        });
    }

    /// True before the first block.
    pub(crate) fn has_blocks(&self) -> bool {
        !self.blocks.is_empty()
    }

    /// The passages: each block, or where blocks of several lines turn out
    /// to be one paragraph per line (text pasted without blank lines), each
    /// line. The layout is detected once over the lines of all blocks of
    /// several lines, as for a plain-text file.
    pub(crate) fn into_passages(self) -> Vec<Passage> {
        let lines: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| b.text.contains('\n'))
            .flat_map(|b| b.text.lines())
            .collect();
        // Too few lines to tell: a block is a paragraph, as Markdown says.
        let layout = (lines.len() >= 4).then(|| Layout::detect(&lines));
        let mut passages = Vec::new();
        for block in &self.blocks {
            let pieces = match layout {
                Some(layout) if block.text.contains('\n') => split_paragraphs(&block.text, layout),
                _ => vec![(0, block.text.as_str())],
            };
            for (offset, text) in pieces {
                let number = passages.len() as u32 + 1;
                passages.push(Passage::new(
                    number,
                    block.line + offset,
                    block.section.clone(),
                    text.trim(),
                ));
            }
        }
        passages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_by_level() {
        let mut o = Outline::default();
        o.block(1, "روابط ایران و روسیه در دو دهه گذشته گسترش یافته است.");
        o.heading(2, "همکاری‌های اقتصادی");
        o.heading(3, "انرژی");
        o.block(5, "نیروگاه بوشهر با همکاری روسیه ساخته شد.");
        o.heading(3, "  کشتیرانی\n در خزر ");
        o.block(7, "کشتیرانی میان بنادر انزلی و آستاراخان رونق گرفت.");
        o.heading(2, "قفقاز");
        o.block(9, "  ");
        o.block(10, "منطقه قفقاز برای هر دو کشور اهمیت راهبردی دارد.");
        let sections: Vec<Option<String>> =
            o.into_passages().into_iter().map(|p| p.section).collect();
        assert_eq!(
            sections,
            [
                None,
                Some("همکاری‌های اقتصادی › انرژی".into()),
                Some("همکاری‌های اقتصادی › کشتیرانی در خزر".into()),
                Some("قفقاز".into())
            ]
        );
    }

    #[test]
    fn blocks_of_one_paragraph_per_line_are_split() {
        let mut o = Outline::default();
        o.block(
            3,
            "روند افزایش آمار مبتلایان به بیماری کووید۱۹ که تاکنون در ۲۱۳ کشور و منطقه در جهان شیوع یافته، ادامه دارد و این بیماری همچنان در دنیا قربانی می‌گیرد.\n\
             به گزارش ایسنا، تازه‌ترین آمارها حاکی از آن است که شمار قربانیان کروناویروس جدید به ۳۷۱ هزار و ۷ نفر رسیده است.\n\
             همچنین بنابر تازه‌ترین آمارها تاکنون دو میلیون و ۷۳۸ هزار و ۳۰۶ نفر از بیماران مبتلا به کووید۱۹ تاکنون بهبود یافته‌اند.\n\
             از میان سه میلیون و ۵۱ هزار و هفت مورد ابتلای فعال در سراسر جهان ۹۸ درصد از کل موارد وضعیت خفیف داشته‌اند.",
        );
        let passages = o.into_passages();
        let lines: Vec<u32> = passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert_eq!(passages[3].paragraph, 4);
    }

    #[test]
    fn wrapped_paragraphs_stay_whole() {
        let mut o = Outline::default();
        o.block(1, "The Caspian Sea is the largest enclosed body of water on\nearth and its legal status has been disputed by the five\nlittoral states since 1991.");
        o.block(5, "Iran and Russia signed an agreement on shipping and trade\nbetween the ports of Astara, Anzali and Astrakhan.");
        o.block(8, "A short paragraph.");
        let passages = o.into_passages();
        assert_eq!(passages.len(), 3);
        assert!(passages[0].text.ends_with("since 1991."));
        assert_eq!(passages[1].line, 5);
    }
}
