//! Grouping hits by article (`--group article`): one hit per article, its
//! best passage, with how many of its passages matched.
//!
//! A collector keeps, per matching article, its best passage and a count,
//! keyed by the `article` fast column: memory grows with the matching
//! articles, never with the passages, and no stored document is read until
//! the page of hits is known.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::rank::{decayed_sum, RankModel, Ranked, SegmentRanker, ARTICLE_PASSAGES};
use super::{Hit, SearchOptions};
use crate::error::Result;
use crate::index::{Fields, SearchIndex};
use crate::query::QueryPlan;

/// What a hit stands for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Every matching passage is a hit.
    #[default]
    Passage,
    /// One hit per article: its best passage, with
    /// [`Hit::passages_matched`]; `total_hits` counts articles.
    Article,
}

/// The best passage of an article so far, the scores of its next best
/// ones, and how many matched.
#[derive(Debug, Clone)]
pub(super) struct Best {
    pub(super) ranked: Ranked,
    /// Scores of the next best passages, best first, at most
    /// [`ARTICLE_PASSAGES`]` - 1`.
    pub(super) others: Vec<f32>,
    pub(super) passages: usize,
}

impl Best {
    fn new(ranked: Ranked) -> Best {
        Best {
            ranked,
            others: Vec::new(),
            passages: 1,
        }
    }

    fn absorb(&mut self, mut other: Best) {
        if other.ranked.before(&self.ranked) {
            std::mem::swap(&mut self.ranked, &mut other.ranked);
        }
        self.others.push(other.ranked.score());
        self.others.extend(other.others);
        self.others.sort_unstable_by(|a, b| b.total_cmp(a));
        self.others.truncate(ARTICLE_PASSAGES - 1);
        self.passages += other.passages;
    }

    /// The article: its best passage, scored with the others' decayed sum.
    pub(super) fn article(&self) -> Ranked {
        let mut ranked = self.ranked;
        ranked.scored.parts.other_passages = decayed_sum(&self.others);
        ranked
    }
}

/// Collects the best passage of each matching article.
pub(super) struct ArticleCollector {
    /// The ranking model.
    pub(super) model: Arc<RankModel>,
    /// Name of the `article` fast field.
    pub(super) field: String,
}

pub(super) struct ArticleSegmentCollector {
    segment: SegmentOrdinal,
    articles: Column<u64>,
    ranker: SegmentRanker,
    groups: HashMap<u64, Best>,
}

impl Collector for ArticleCollector {
    type Fruit = HashMap<u64, Best>;
    type Child = ArticleSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ArticleSegmentCollector> {
        Ok(ArticleSegmentCollector {
            segment,
            articles: reader.fast_fields().u64(&self.field)?,
            ranker: self.model.segment(reader)?,
            groups: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<u64, Best>>) -> tantivy::Result<Self::Fruit> {
        let mut fruits = fruits.into_iter();
        let mut all = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (article, best) in fruit {
                match all.entry(article) {
                    std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().absorb(best),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(best);
                    }
                }
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for ArticleSegmentCollector {
    type Fruit = HashMap<u64, Best>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let best = Best::new(Ranked {
            scored: self.ranker.score(doc),
            address: DocAddress::new(self.segment, doc),
        });
        let article = self
            .articles
            .first(doc)
            .unwrap_or_else(|| own_key(self.segment, doc));
        self.groups
            .entry(article)
            .and_modify(|b| b.absorb(best.clone()))
            .or_insert(best);
    }

    fn harvest(self) -> Self::Fruit {
        self.groups
    }
}

/// The article key of any passage, from the `article` fast column of each
/// segment (no stored document is read).
pub(super) struct ArticleKeys {
    columns: Vec<Column<u64>>,
}

impl ArticleKeys {
    pub(super) fn new(searcher: &Searcher, fields: &Fields) -> Result<ArticleKeys> {
        let name = searcher.schema().get_field_name(fields.article);
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64(name))
            .collect::<tantivy::Result<_>>()?;
        Ok(ArticleKeys { columns })
    }

    /// The key of the article of the passage at `address`.
    pub(super) fn get(&self, address: DocAddress) -> u64 {
        self.columns
            .get(address.segment_ord as usize)
            .and_then(|column| column.first(address.doc_id))
            .unwrap_or_else(|| own_key(address.segment_ord, address.doc_id))
    }
}

/// The key of a passage without one (none in a kavosh index): its own.
fn own_key(segment: SegmentOrdinal, doc: DocId) -> u64 {
    u64::from(segment) << 32 | u64::from(doc)
}

/// The articles in rank order: each as its best passage scored with its
/// other passages, and how many passages matched.
pub(super) fn ranked(groups: HashMap<u64, Best>) -> Vec<(Ranked, usize)> {
    let mut all: Vec<(Ranked, usize)> = groups
        .into_values()
        .map(|b| (b.article(), b.passages))
        .collect();
    all.sort_unstable_by(|a, b| {
        if a.0.before(&b.0) {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Greater
        }
    });
    all
}

/// Items already in rank order, the first of each article kept, with how
/// many items the article had (`None` when not grouping).
pub(super) fn first_per_article<T>(
    items: Vec<T>,
    group: Group,
    article: impl Fn(&T) -> u64,
) -> Vec<(T, Option<usize>)> {
    if group == Group::Passage {
        return items.into_iter().map(|item| (item, None)).collect();
    }
    let mut counts: HashMap<u64, usize> = HashMap::new();
    for item in &items {
        *counts.entry(article(item)).or_default() += 1;
    }
    items
        .into_iter()
        .filter_map(|item| {
            let count = counts.remove(&article(&item))?;
            Some((item, Some(count)))
        })
        .collect()
}

impl SearchIndex {
    /// One hit per article: the page `options.offset..+limit` of the
    /// articles ranked by their best passage, and how many articles match.
    pub(super) fn search_by_article(
        &self,
        searcher: &Searcher,
        plan: &QueryPlan,
        query: &dyn Query,
        model: Arc<RankModel>,
        options: &SearchOptions,
    ) -> Result<(usize, Vec<Hit>)> {
        let schema = searcher.schema();
        let collector = ArticleCollector {
            model,
            field: schema.get_field_name(self.fields().article).to_string(),
        };
        let ranked = ranked(searcher.search(query, &collector)?);
        let total = ranked.len();
        let mut hits = Vec::new();
        for (i, (article, passages)) in ranked
            .into_iter()
            .enumerate()
            .skip(options.offset)
            .take(options.limit)
        {
            let mut hit = self.passage_hit(searcher, plan, i + 1, &article, options)?;
            hit.passages_matched = Some(passages);
            hits.push(hit);
        }
        Ok((total, hits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{fixtures_index, SearchResults};

    fn search(query: &str, group: Group, exact: bool, expand: bool) -> SearchResults {
        let options = SearchOptions {
            limit: 500,
            group,
            exact,
            expand,
            ..SearchOptions::default()
        };
        fixtures_index().search(query, &options).unwrap()
    }

    /// Checks the grouped results against all passages: one hit per
    /// article, the counts adding up, and (without expansion, where the
    /// rank is concepts and score alone) its best passage, best first.
    fn check_grouping(query: &str, exact: bool, expand: bool) {
        let passages = search(query, Group::Passage, exact, expand);
        let articles = search(query, Group::Article, exact, expand);
        assert_eq!(articles.group, Group::Article);
        let key = |h: &Hit| (h.doc.clone(), h.id.clone());
        let mut of_article: HashMap<(String, String), Vec<&Hit>> = HashMap::new();
        for hit in &passages.hits {
            of_article.entry(key(hit)).or_default().push(hit);
        }
        assert!(of_article.len() > 1, "{query}: several articles");
        assert_eq!(articles.total_hits, of_article.len(), "{query}");
        assert_eq!(articles.hits.len(), of_article.len());
        let mut counted = 0;
        for hit in &articles.hits {
            let all = &of_article[&key(hit)];
            assert_eq!(hit.passages_matched, Some(all.len()));
            counted += all.len();
            if expand {
                continue;
            }
            // The article scores its best passage plus a decayed sum of the others.
            let mut scores: Vec<f32> = all.iter().map(|h| h.score).collect();
            scores.sort_unstable_by(|a, b| b.total_cmp(a));
            // (--exact keeps the best passage's own score)
            let others = if exact {
                0.0
            } else {
                decayed_sum(&scores[1..])
            };
            let expected = scores[0] + others;
            assert!((hit.score - expected).abs() < 1e-3, "{query}: {}", hit.doc);
        }
        assert_eq!(counted, passages.total_hits);
        if expand {
            return;
        }
        let ranks: Vec<f32> = articles.hits.iter().map(|h| h.score).collect();
        assert!(ranks.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn one_hit_per_article_with_its_best_passage() {
        check_grouping("روسیه OR Russia", false, false);
        check_grouping("دریای خزر", false, false);
        check_grouping("کشور", true, false);
        check_grouping("Russia Caspian", false, true);
    }

    #[test]
    fn article_pages() {
        let all = search("روسیه OR Russia", Group::Article, false, true);
        let options = SearchOptions {
            limit: 2,
            offset: 1,
            group: Group::Article,
            ..SearchOptions::default()
        };
        let page = fixtures_index()
            .search("روسیه OR Russia", &options)
            .unwrap();
        assert_eq!(page.total_hits, all.total_hits);
        let ids = |r: &SearchResults| -> Vec<(String, usize)> {
            r.hits.iter().map(|h| (h.id.clone(), h.rank)).collect()
        };
        assert_eq!(ids(&page), ids(&all)[1..3]);
    }

    #[test]
    fn the_first_of_each_article_is_kept_with_its_count() {
        // (article, passage) in rank order
        let items = vec![(7, "a"), (3, "b"), (7, "c"), (5, "d"), (3, "e"), (7, "f")];
        let grouped = first_per_article(items.clone(), Group::Article, |i| i.0);
        assert_eq!(
            grouped,
            [
                ((7, "a"), Some(3)),
                ((3, "b"), Some(2)),
                ((5, "d"), Some(1))
            ]
        );
        let all = first_per_article(items, Group::Passage, |i| i.0);
        assert_eq!(all.len(), 6);
        assert!(all.iter().all(|(_, n)| n.is_none()));
    }

    #[test]
    fn the_best_passage_stands_for_its_article_and_ties_go_to_the_earlier() {
        let at = |score: f32, doc| Ranked {
            scored: super::super::rank::Scored {
                parts: super::super::rank::ScoreParts {
                    bm25: score,
                    ..Default::default()
                },
                matched: 1,
            },
            address: DocAddress::new(0, doc),
        };
        assert!(at(2.0, 5).before(&at(1.0, 1)));
        assert!(at(1.0, 1).before(&at(1.0, 5)));
        let mut best = Best::new(at(2.0, 4));
        best.absorb(Best::new(at(1.0, 7)));
        best.absorb(Best::new(at(3.0, 9)));
        assert_eq!(
            (best.ranked.address, best.passages),
            (DocAddress::new(0, 9), 3)
        );
        assert_eq!(best.others, [2.0, 1.0]);
        assert_eq!(best.article().score(), 3.0 + 2.0 * 0.5 + 1.0 * 0.25);
    }
}
