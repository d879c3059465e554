//! The hand-over of passages from the reading threads to tantivy's
//! indexing threads, with a bound on how many wait in between.
//!
//! tantivy's writer takes documents through a queue of 10,000 hand-overs
//! (`IndexWriter::run` calls). Reading is several times faster than
//! indexing, so that queue is full most of the time: a reading thread then
//! sleeps in each hand-over until an indexing thread takes one out and
//! wakes it, a pair of context switches per hand-over. With a couple of
//! passages per hand-over (anything larger held too many passages in the
//! queue: its length counts hand-overs, not passages) that was about a
//! tenth of all the CPU time of `kavosh index`.
//!
//! Here every passage handed over carries a ticket, given back when
//! tantivy drops the document, after indexing it. At most
//! [`MAX_WAITING`] passages are out at a time; a reading thread that finds
//! them all out sleeps until half of them are indexed. tantivy's queue is
//! never full, so hand-overs can be whole articles, and a reading thread
//! sleeps and wakes once per [`MAX_WAITING`]` / 2` passages rather than
//! once per hand-over.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::indexer::UserOperation;
use tantivy::schema::Document;
use tantivy::{IndexWriter, TantivyDocument};

/// Most passages handed to the writer and not yet indexed (about 1 KiB of
/// memory each, with their stored copy).
pub const MAX_WAITING: usize = 4096;

/// Most passages in one hand-over: an article's, up to this many.
pub const MAX_PER_HAND_OVER: usize = 64;

/// A passage's tantivy document on its way to the writer, with the ticket
/// that counts it as waiting until tantivy drops it.
pub struct QueuedDocument {
    document: TantivyDocument,
    _ticket: Ticket,
}

impl Document for QueuedDocument {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.document
    }
}

/// Counts a passage as waiting while it lives.
struct Ticket(Arc<Waiting>);

impl Drop for Ticket {
    fn drop(&mut self) {
        self.0.done();
    }
}

/// The passages handed over and not yet indexed.
#[derive(Debug, Default)]
struct Waiting {
    count: AtomicUsize,
    lock: Mutex<()>,
    below_half: Condvar,
}

impl Waiting {
    /// One passage was indexed (or dropped): wakes the sleeping reading
    /// threads when the count falls to half the bound.
    fn done(&self) {
        if self.count.fetch_sub(1, Ordering::AcqRel) == MAX_WAITING / 2 + 1 {
            let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
            self.below_half.notify_all();
        }
    }

    /// Counts `n` more passages, first sleeping while the bound is reached.
    fn reserve(&self, n: usize) {
        if self.count.load(Ordering::Acquire) + n > MAX_WAITING {
            let mut guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
            let mut last = self.count.load(Ordering::Acquire);
            while last > MAX_WAITING / 2 {
                let (g, timeout) = self
                    .below_half
                    .wait_timeout(guard, Duration::from_millis(500))
                    .unwrap_or_else(|p| p.into_inner());
                guard = g;
                let now = self.count.load(Ordering::Acquire);
                if timeout.timed_out() && now >= last {
                    // Nothing was indexed for a while: the writer failed or
                    // is stuck; its own queue bounds what is handed over, and
                    // a failed writer refuses it.
                    break;
                }
                last = now;
            }
        }
        self.count.fetch_add(n, Ordering::AcqRel);
    }
}

/// Hands passages over to a writer, at most [`MAX_WAITING`] not yet
/// indexed. One per run, shared by the reading threads.
#[derive(Debug, Default)]
pub struct HandOver {
    waiting: Arc<Waiting>,
}

impl HandOver {
    /// Gives `documents` (an article's passages) to `writer`, in hand-overs
    /// of at most [`MAX_PER_HAND_OVER`], each after waiting for room.
    pub fn send(
        &self,
        writer: &IndexWriter<QueuedDocument>,
        documents: Vec<TantivyDocument>,
    ) -> tantivy::Result<()> {
        let mut documents = documents.into_iter().peekable();
        while documents.peek().is_some() {
            let part: Vec<TantivyDocument> = documents.by_ref().take(MAX_PER_HAND_OVER).collect();
            self.waiting.reserve(part.len());
            let operations: Vec<_> = part
                .into_iter()
                .map(|document| {
                    UserOperation::Add(QueuedDocument {
                        document,
                        _ticket: Ticket(Arc::clone(&self.waiting)),
                    })
                })
                .collect();
            writer.run(operations)?;
        }
        Ok(())
    }

    /// Passages handed over and not yet indexed.
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.waiting.count.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::Index;

    #[test]
    fn every_passage_handed_over_is_indexed_and_given_back() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter<QueuedDocument> = index.writer(15_000_000).unwrap();
        let hand_over = HandOver::default();
        let paragraphs = [
            "نیروگاه بوشهر با همکاری روسیه ساخته شد.",
            "کشتیرانی در دریای خزر رونق گرفت.",
        ];
        // More passages than may wait at once: the bound is waited on, not
        // a deadlock.
        for i in 0..MAX_WAITING + 3 * MAX_PER_HAND_OVER {
            let mut document = TantivyDocument::default();
            document.add_text(text, paragraphs[i % 2]);
            hand_over.send(&writer, vec![document]).unwrap();
        }
        let article: Vec<TantivyDocument> = (0..MAX_PER_HAND_OVER * 2 + 1)
            .map(|_| {
                let mut document = TantivyDocument::default();
                document.add_text(text, paragraphs[0]);
                document
            })
            .collect();
        hand_over.send(&writer, article).unwrap();
        writer.commit().unwrap();
        assert_eq!(hand_over.waiting(), 0);
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(
            searcher.num_docs() as usize,
            MAX_WAITING + 3 * MAX_PER_HAND_OVER + MAX_PER_HAND_OVER * 2 + 1
        );
    }
}
