//! Searching an index the process cannot write to (a read-only file
//! system, a folder without write permission): tantivy's reader takes a
//! lock file while it opens segments, which cannot be created there. Where
//! nothing can write, nothing can delete files under a reader either, so
//! the lock is not needed: the folder is opened through a directory whose
//! locks are no-ops and which refuses every write with a clear error.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Index;

use super::write_errors::{WriteErrors, WriteErrorsDirectory};

/// True when this process may create files in `dir` (false on a read-only
/// file system even for root).
#[cfg(unix)]
pub fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return true;
    };
    // SAFETY: `path` is a valid NUL-terminated string for the call.
    unsafe { libc::access(path.as_ptr(), libc::W_OK) == 0 }
}

/// True when this process may create files in `dir`.
#[cfg(not(unix))]
pub fn writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// Opens the tantivy index in `dir`: where this process can write, through
/// a directory that keeps the first write error in `errors`
/// ([`WriteErrorsDirectory`]); through [`ReadOnlyDirectory`] where it
/// cannot.
pub fn open_index(dir: &Path, errors: &WriteErrors) -> tantivy::Result<Index> {
    if writable(dir) {
        let directory = MmapDirectory::open(dir)?;
        Index::open(WriteErrorsDirectory::new(directory, errors.clone()))
    } else {
        Index::open(ReadOnlyDirectory(MmapDirectory::open(dir)?))
    }
}

/// A folder opened for reading only: locks always succeed (no writer can
/// run where nothing can be written), writes fail.
#[derive(Debug, Clone)]
pub struct ReadOnlyDirectory(MmapDirectory);

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::ReadOnlyFilesystem,
        "the index folder is read-only",
    )
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
