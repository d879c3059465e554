//! Which segments an indexing run merges: tantivy's log merge policy, with
//! every merge bounded in size.
//!
//! tantivy's default policy merges a whole level of similar segments into
//! one. At the end of a large `kavosh index` run that is every segment
//! (the writer flushes segments of about the same size): one merge reading
//! the whole index through memory maps, so that the process's resident
//! memory grew with the corpus (532 MiB of mapped segment files at the end
//! of indexing 710 MB of text). Here each of the log policy's merges is cut
//! into merges of at most [`MAX_MERGED_DOCS`] documents, so that what one
//! merge maps and allocates is bounded, whatever the size of the corpus: a
//! large index keeps several segments of about that size instead of one.
//! Searches see the same documents and the same collection statistics
//! either way.

use tantivy::index::SegmentMeta;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Most documents (passages) a merge may produce: about 80 MiB of index
/// with kavosh's schema.
pub const MAX_MERGED_DOCS: u32 = 400_000;

/// tantivy's [`LogMergePolicy`] with each merge cut to at most
/// `max_merged_docs` documents.
#[derive(Debug)]
pub struct BoundedMergePolicy {
    log: LogMergePolicy,
    max_merged_docs: u32,
}

impl Default for BoundedMergePolicy {
    fn default() -> Self {
        BoundedMergePolicy::new(MAX_MERGED_DOCS)
    }
}

impl BoundedMergePolicy {
    /// Merges of at most `max_merged_docs` documents.
    pub fn new(max_merged_docs: u32) -> Self {
        let mut log = LogMergePolicy::default();
        // A segment that cannot be merged with another one is left alone.
        log.set_max_docs_before_merge(max_merged_docs as usize / 2);
        BoundedMergePolicy {
            log,
            max_merged_docs,
        }
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs = |id| {
            segments
                .iter()
                .find(|s| s.id() == id)
                .map_or(0, SegmentMeta::num_docs)
        };
        let mut merges = Vec::new();
        for MergeCandidate(mut ids) in self.log.compute_merge_candidates(segments) {
            // Smallest first, packed into groups under the bound.
            ids.sort_by_key(|&id| docs(id));
            let mut group = Vec::new();
            let mut size = 0u32;
            for id in ids {
                if !group.is_empty() && size + docs(id) > self.max_merged_docs {
                    if group.len() > 1 {
                        merges.push(MergeCandidate(std::mem::take(&mut group)));
                    }
                    group.clear();
                    size = 0;
                }
                size += docs(id);
                group.push(id);
            }
            if group.len() > 1 {
                merges.push(MergeCandidate(group));
            }
        }
        merges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&docs| index.new_segment_meta(SegmentId::generate_random(), docs))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMergePolicy, metas: &[SegmentMeta]) -> Vec<Vec<u32>> {
        let docs = |id: &SegmentId| metas.iter().find(|m| m.id() == *id).unwrap().num_docs();
        policy
            .compute_merge_candidates(metas)
            .into_iter()
            .map(|MergeCandidate(ids)| ids.iter().map(docs).collect())
            .collect()
    }

    #[test]
    fn a_level_of_many_segments_merges_in_bounded_groups() {
        // Fifteen flushed segments of 150k passages: tantivy's policy alone
        // merges all 2.25M into one.
        let metas = segments(&[150_000; 15]);
        let log = LogMergePolicy::default().compute_merge_candidates(&metas);
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].0.len(), 15);
        let policy = BoundedMergePolicy::default();
        let merges = merged_sizes(&policy, &metas);
        assert_eq!(merges, vec![vec![150_000, 150_000]; 7]);
        // The merged segments are not merged again: they are too big.
        let metas = segments(&[300_000; 7]);
        assert!(merged_sizes(&policy, &metas).is_empty());
    }

    #[test]
    fn small_segments_still_merge_as_before() {
        let policy = BoundedMergePolicy::default();
        let metas = segments(&[
            20_000, 18_000, 21_000, 19_000, 20_500, 22_000, 19_500, 20_000,
        ]);
        let merges = merged_sizes(&policy, &metas);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].iter().sum::<u32>(), 160_000);
        // Fewer than eight of a size: nothing to merge yet.
        assert!(merged_sizes(&policy, &segments(&[20_000; 7])).is_empty());
    }
}
