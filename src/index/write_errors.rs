//! Why writing the index failed, kept for the indexing run to report.
//!
//! When one of tantivy's indexing threads cannot write (the disk is full,
//! the file-size limit is reached), the thread ends with the I/O error, but
//! a reading thread that hands it passages at that moment only gets
//! tantivy's "An index writer was killed": the cause is in the indexing
//! thread's result, which tantivy takes only when it commits. Which of the
//! two messages a user saw depended on timing. So an index folder is opened
//! for writing through [`WriteErrorsDirectory`], which passes everything on
//! to tantivy's own directory and keeps the first error of any write in
//! [`WriteErrors`]; an indexing run that fails with a thread's error reports
//! the kept one instead ([`WriteErrors::cause_of`]).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::TantivyError;

use crate::error::Error;

/// The first write error seen under one index folder since the last
/// [`clear`](WriteErrors::clear); clones share it.
#[derive(Debug, Clone, Default)]
pub struct WriteErrors(Arc<Mutex<Option<Arc<io::Error>>>>);

impl WriteErrors {
    /// Forgets the error kept, at the start of an indexing run.
    pub fn clear(&self) {
        *self.slot() = None;
    }

    /// Keeps `error` unless an earlier one is kept.
    fn record(&self, error: &io::Error) {
        let mut slot = self.slot();
        if slot.is_none() {
            let kept = match error.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::new(error.kind(), error.to_string()),
            };
            *slot = Some(Arc::new(kept));
        }
    }

    /// The error kept, if any.
    pub fn first(&self) -> Option<Arc<io::Error>> {
        self.slot().clone()
    }

    /// `error`, or, when it is an indexing thread's failure that does not
    /// say why (tantivy's `ErrorInThread`) and a write failed, that write's
    /// error.
    pub fn cause_of(&self, error: Error) -> Error {
        match (&error, self.first()) {
            (Error::Tantivy(TantivyError::ErrorInThread(_)), Some(io)) => {
                Error::Tantivy(TantivyError::IoError(io))
            }
            _ => error,
        }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<io::Error>>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Passes `result` on, keeping its error.
    fn watch<T>(&self, result: io::Result<T>) -> io::Result<T> {
        result.inspect_err(|e| self.record(e))
    }
}

/// A directory that keeps the first error of any write made through it in
/// [`WriteErrors`], and otherwise is the directory it wraps.
///
/// ```
/// use std::io::Write;
/// use std::path::Path;
/// use kavosh::index::write_errors::{WriteErrors, WriteErrorsDirectory};
/// use tantivy::directory::{Directory, RamDirectory};
///
/// let errors = WriteErrors::default();
/// let dir = WriteErrorsDirectory::new(RamDirectory::create(), errors.clone());
/// let mut file = dir.open_write(Path::new("a.bin"))?;
/// file.write_all(b"passages")?;
/// file.flush()?;
/// assert!(errors.first().is_none(), "nothing failed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WriteErrorsDirectory<D> {
    inner: D,
    errors: WriteErrors,
}

impl<D: Directory + Clone> WriteErrorsDirectory<D> {
    /// `inner`, with its write errors kept in `errors`.
    pub fn new(inner: D, errors: WriteErrors) -> Self {
        WriteErrorsDirectory { inner, errors }
    }
}

/// A file being written whose errors are kept.
struct Watched {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    errors: WriteErrors,
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.errors.watch(self.inner.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.errors.watch(self.inner.write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.errors.watch(self.inner.flush())
    }
}

impl TerminatingWrite for Watched {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.errors.watch(self.inner.terminate_ref(token))
    }
}

impl<D: Directory + Clone> Directory for WriteErrorsDirectory<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let opened = self.inner.open_write(path).inspect_err(|e| {
            if let OpenWriteError::IoError { io_error, .. } = e {
                self.errors.record(io_error);
            }
        })?;
        let capacity = opened.capacity();
        // Nothing is written yet, so taking the file out of its buffer
        // writes nothing and cannot fail.
        let inner = opened
            .into_inner()
            .map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), path.to_path_buf()))?;
        let watched = Watched {
            inner,
            errors: self.errors.clone(),
        };
        Ok(BufWriter::with_capacity(capacity, Box::new(watched)))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.errors.watch(self.inner.atomic_write(path, data))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.errors.watch(self.inner.sync_directory())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::RamDirectory;

    /// A file that takes `room` bytes, then fails as a full disk does.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl TerminatingWrite for Full {
        fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_failed_write_is_kept_with_its_os_error() {
        let errors = WriteErrors::default();
        let mut file = Watched {
            inner: Box::new(Full { room: 4 }),
            errors: errors.clone(),
        };
        assert!(file.write_all("نیروگاه بوشهر".as_bytes()).is_err());
        let kept = errors.first().expect("kept");
        assert_eq!(kept.raw_os_error(), Some(libc::ENOSPC));
        assert!(
            kept.to_string().contains("No space left on device"),
            "{kept}"
        );
        // A later error does not replace the first; clear forgets it.
        errors.record(&io::Error::from_raw_os_error(libc::EROFS));
        assert_eq!(errors.first().unwrap().raw_os_error(), Some(libc::ENOSPC));
        errors.clear();
        assert!(errors.first().is_none());
    }

    #[test]
    fn a_killed_writer_is_explained_by_the_write_that_failed() {
        let errors = WriteErrors::default();
        let killed = || {
            Error::Tantivy(TantivyError::ErrorInThread(
                "An index writer was killed.".into(),
            ))
        };
        // Nothing failed to write: the thread's error stays as it is.
        assert!(matches!(
            errors.cause_of(killed()),
            Error::Tantivy(TantivyError::ErrorInThread(_))
        ));
        errors.record(&io::Error::from_raw_os_error(libc::ENOSPC));
        match errors.cause_of(killed()) {
            Error::Tantivy(TantivyError::IoError(io)) => {
                assert_eq!(io.raw_os_error(), Some(libc::ENOSPC))
            }
            other => panic!("{other:?}"),
        }
        // Other errors are never replaced.
        assert!(matches!(
            errors.cause_of(Error::NoIndex("index".into())),
            Error::NoIndex(_)
        ));
    }

    #[test]
    fn writes_through_the_directory_are_watched_and_land() {
        let errors = WriteErrors::default();
        let ram = RamDirectory::create();
        let dir = WriteErrorsDirectory::new(ram.clone(), errors.clone());
        let mut file = dir.open_write(Path::new("passages.bin")).unwrap();
        file.write_all("کشتیرانی در دریای خزر".as_bytes()).unwrap();
        file.terminate().unwrap();
        assert_eq!(
            ram.atomic_read(Path::new("passages.bin")).unwrap(),
            "کشتیرانی در دریای خزر".as_bytes()
        );
        dir.atomic_write(Path::new("meta.json"), b"{}").unwrap();
        assert!(dir.exists(Path::new("meta.json")).unwrap());
        // A file that already exists cannot be opened for writing: tantivy's
        // own error, not a write that failed.
        assert!(dir.open_write(Path::new("passages.bin")).is_err());
        assert!(errors.first().is_none());
    }
}
