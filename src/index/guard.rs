//! The library's boundary with tantivy: every error from opening, reading
//! or writing an index becomes one of kavosh's [`Error`]s that names the
//! index folder and says what to do, and a panic inside tantivy or one of
//! its dependencies (a damaged file can make a decoder index out of bounds)
//! is caught and turned into [`Error::Damaged`] instead of unwinding into
//! the caller.
//!
//! | what failed | error |
//! |---|---|
//! | a file of the index missing, truncated, corrupted; a panic while reading | [`Error::Damaged`] (rebuild) |
//! | an index of another tantivy version | [`Error::Incompatible`] (rebuild) |
//! | disk full, file-size limit, read-only file system, no permission while writing | [`Error::Write`] (nothing committed) |
//! | no permission, too many open files while reading | [`Error::Io`] |
//! | the index path is a file, a symbolic link loop, under a file | [`Error::IndexPath`] |

use std::any::Any;
use std::cell::Cell;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

use crate::error::{Error, Result};

/// What the guarded code was doing: it decides whether an I/O error is the
/// index's damage or the machine's refusal to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Opening, searching, reading statistics.
    Read,
    /// Indexing: reading what the index holds, writing segments, committing.
    Write,
}

thread_local! {
    /// How many [`contain`] calls the current thread is inside.
    static CONTAINED: Cell<u32> = const { Cell::new(0) };
}

/// True while the current thread runs code under [`contain`]: a panic here
/// becomes an error, so a panic hook need not print it.
pub fn is_contained() -> bool {
    CONTAINED.with(Cell::get) > 0
}

/// Installs a panic hook that prints nothing for panics that [`contain`]
/// turns into errors (they are reported as [`Error::Damaged`]) and hands
/// every other panic to the hook that was installed before. For programs
/// that use the library (a server, bindings) and do not want a damaged
/// index to print a backtrace on their terminal.
pub fn quiet_contained_panics() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !is_contained() {
            previous(info);
        }
    }));
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs `f` on the index at `dir`: a panic inside it becomes
/// [`Error::Damaged`], and tantivy's errors become kavosh's (see the module
/// documentation).
pub fn contain<T>(dir: &Path, activity: Activity, f: impl FnOnce() -> Result<T>) -> Result<T> {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            CONTAINED.with(|c| c.set(c.get().saturating_sub(1)));
        }
    }
    CONTAINED.with(|c| c.set(c.get() + 1));
    let depth = Depth;
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    drop(depth);
    match outcome {
        Ok(result) => result.map_err(|e| classify(dir, activity, e)),
        Err(payload) => Err(Error::Damaged {
            path: dir.to_path_buf(),
            detail: format!(
                "its data could not be decoded: {}",
                short(&panic_message(payload.as_ref()))
            ),
        }),
    }
}

/// At most 100 characters of `text`, on one line, without a final period.
fn short(text: &str) -> String {
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    match line.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// The file name of `path`, for messages (the folder is named already).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// I/O errors that say something about the machine (space, limits,
/// permissions, resources) rather than about the index's content.
fn is_environment(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        PermissionDenied
            | ReadOnlyFilesystem
            | StorageFull
            | QuotaExceeded
            | FileTooLarge
            | OutOfMemory
            | ResourceBusy
            | TimedOut
            | Interrupted
    ) || matches!(
        e.raw_os_error(),
        Some(libc_codes::EMFILE | libc_codes::ENFILE)
    )
}

/// The few errno values the classification needs (Linux and macOS agree).
mod libc_codes {
    pub const ENFILE: i32 = 23;
    pub const EMFILE: i32 = 24;
}

/// What to do after a write error of this kind.
fn write_advice(e: &io::Error) -> String {
    use io::ErrorKind::*;
    match e.kind() {
        StorageFull | QuotaExceeded => {
            "free some disk space and run `kavosh index` again".to_string()
        }
        FileTooLarge => {
            "raise the file-size limit (`ulimit -f`) or free space, and run `kavosh index` again"
                .to_string()
        }
        ReadOnlyFilesystem | PermissionDenied => {
            "make the folder writable, or index into another with --index".to_string()
        }
        _ => "fix the cause and run `kavosh index` again".to_string(),
    }
}

/// The I/O error inside a tantivy error, with the file involved when known.
fn io_error_of(e: &TantivyError) -> Option<(&io::Error, Option<&Path>)> {
    match e {
        TantivyError::IoError(io) => Some((io.as_ref(), None)),
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
        | TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            Some((io_error.as_ref(), Some(filepath.as_path())))
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) => Some((io_error.as_ref(), Some(directory_path.as_path()))),
        TantivyError::OpenDirectoryError(OpenDirectoryError::FailedToCreateTempDir(io))
        | TantivyError::LockFailure(LockError::IoError(io), _) => Some((io.as_ref(), None)),
        _ => None,
    }
}

/// Turns an error met on the index at `dir` while doing `activity` into
/// the error the user should see. kavosh's own errors pass unchanged.
pub fn classify(dir: &Path, activity: Activity, error: Error) -> Error {
    let Error::Tantivy(e) = error else {
        return match error {
            Error::Io { path, source }
                if activity == Activity::Write && is_environment(&source) =>
            {
                Error::Write {
                    path: dir.to_path_buf(),
                    advice: write_advice(&source),
                    detail: format!("{}: {source}", path.display()),
                }
            }
            other => other,
        };
    };
    let path = dir.to_path_buf();
    let damaged = |detail: String| Error::Damaged {
        path: path.clone(),
        detail,
    };
    if let TantivyError::LockFailure(LockError::LockBusy, _) = e {
        return Error::Locked(path);
    }
    if let TantivyError::IncompatibleIndex(_)
    | TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) = e
    {
        return Error::Incompatible {
            path,
            found: "another version of tantivy".to_string(),
            expected: super::expected_version(),
        };
    }
    if let Some((io, file)) = io_error_of(&e) {
        let is_write = matches!(e, TantivyError::OpenWriteError(_))
            || matches!(e, TantivyError::OpenDirectoryError(_));
        // A write that failed, or, while writing, a failure of the machine
        // (disk full, permissions) on anything but reading a file.
        let environment = is_environment(io);
        if activity == Activity::Write
            && (is_write || (environment && !matches!(e, TantivyError::OpenReadError(_))))
        {
            return Error::Write {
                advice: write_advice(io),
                detail: match file {
                    Some(file) => format!("{}: {io}", file_name(file)),
                    None => io.to_string(),
                },
                path,
            };
        }
        if environment {
            return Error::Io {
                path: file.map_or(path.clone(), |f| dir.join(f)),
                source: io::Error::new(io.kind(), io.to_string()),
            };
        }
        let what = match (file, io.kind()) {
            (Some(file), io::ErrorKind::NotFound) => format!("file {} is missing", file_name(file)),
            (Some(file), _) => format!("file {} is truncated or corrupted", file_name(file)),
            (None, _) => format!("reading it failed: {}", short(&io.to_string())),
        };
        return damaged(what);
    }
    match &e {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            damaged(format!("file {} is missing", file_name(file)))
        }
        TantivyError::DataCorruption(corruption) => {
            damaged(corruption_detail(&format!("{corruption:?}")))
        }
        TantivyError::DeserializeError(d) => damaged(format!(
            "a stored passage cannot be read: {}",
            short(&d.to_string())
        )),
        // tantivy's segment writers pass I/O errors on as text.
        TantivyError::InternalError(message)
        | TantivyError::ErrorInThread(message)
        | TantivyError::SystemError(message)
            if os_error_in(message).is_some() =>
        {
            let io = os_error_in(message).unwrap_or_else(|| io::Error::other(message.clone()));
            if activity == Activity::Write {
                Error::Write {
                    advice: write_advice(&io),
                    detail: io.to_string(),
                    path,
                }
            } else if is_environment(&io) {
                Error::Io { path, source: io }
            } else {
                damaged(format!("reading it failed: {io}"))
            }
        }
        TantivyError::ErrorInThread(message)
        | TantivyError::SystemError(message)
        | TantivyError::InternalError(message)
            if activity == Activity::Write =>
        {
            Error::Write {
                path,
                detail: short(message),
                advice: "fix the cause and run `kavosh index` again".to_string(),
            }
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::NotADirectory(_)) => {
            Error::IndexPath {
                path,
                detail: "it is a file, not a folder: give a folder with --index".to_string(),
            }
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(_)) => {
            Error::NoIndex(path)
        }
        TantivyError::InternalError(message) => {
            damaged(format!("its data is inconsistent: {}", short(message)))
        }
        _ => Error::Tantivy(e),
    }
}

/// The operating system error a message of tantivy quotes, as in
/// `File too large (os error 27)`.
fn os_error_in(message: &str) -> Option<io::Error> {
    let (_, rest) = message.rsplit_once("(os error ")?;
    let code = rest.split(')').next()?.parse().ok()?;
    Some(io::Error::from_raw_os_error(code))
}

/// A short description of tantivy's `DataCorruption` (its Debug text,
/// `Data corruption (in file "x"): comment.`), without the file's content
/// that some comments quote.
fn corruption_detail(debug: &str) -> String {
    let file = debug
        .split_once("(in file `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.trim_matches('"').to_string());
    match file {
        Some(name) if name == "meta.json" => "meta.json cannot be read".to_string(),
        Some(name) => format!("file {} is corrupted", file_name(Path::new(&name))),
        None => {
            let comment = debug.split_once(": ").map_or(debug, |(_, c)| c);
            let comment = comment.split(". Content").next().unwrap_or(comment);
            format!("corrupted data: {}", short(comment))
        }
    }
}

/// Fails with [`Error::IndexPath`] when `dir` cannot be an index folder:
/// it is a file, a symbolic link loop, lies under a file, or cannot be
/// looked at. A path that does not exist yet is fine.
pub fn check_index_path(dir: &Path) -> Result<()> {
    let bad = |detail: &str| {
        Err(Error::IndexPath {
            path: dir.to_path_buf(),
            detail: detail.to_string(),
        })
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bad("it is a file, not a folder: give a folder with --index"),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(dir).is_ok() {
                bad("it is a symbolic link to nothing: remove the link or give another folder with --index")
            } else {
                Ok(())
            }
        }
        Err(e) if e.raw_os_error() == Some(40) => {
            bad("it is a symbolic link loop: remove the link or give another folder with --index")
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            bad("a part of the path is a file: give a folder with --index")
        }
        Err(e) => Err(Error::IndexPath {
            path: dir.to_path_buf(),
            detail: format!("{e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn dir() -> &'static Path {
        Path::new("/srv/kavosh/index")
    }

    #[test]
    fn a_panic_becomes_a_damaged_index_error() {
        let result: Result<()> = contain(dir(), Activity::Read, || {
            assert!(is_contained());
            let v: Vec<u32> = Vec::new();
            let _ = v[usize::MAX / 2 + v.len()];
            Ok(())
        });
        assert!(!is_contained());
        let message = result.unwrap_err().to_string();
        assert!(
            message.starts_with("the index at /srv/kavosh/index is damaged ("),
            "{message}"
        );
        assert!(message.contains("index out of bounds"), "{message}");
        assert!(message.ends_with("`kavosh index --rebuild --index /srv/kavosh/index`"));
        assert_eq!(message.lines().count(), 1);
    }

    #[test]
    fn tantivy_errors_name_the_file_and_hide_tantivy_advice() {
        let footer = io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "Footer magic byte mismatch. File corrupted or index was created using old an tantivy version which is not supported anymore. Please use tantivy 0.15 or above to recreate the index.",
        );
        let e = TantivyError::OpenReadError(OpenReadError::IoError {
            io_error: Arc::new(footer),
            filepath: PathBuf::from("0123456789abcdef0123456789abcdef.store"),
        });
        let message = classify(dir(), Activity::Read, e.into()).to_string();
        assert_eq!(
            message,
            "the index at /srv/kavosh/index is damaged (file 0123456789abcdef0123456789abcdef.store is truncated or corrupted): rebuild it from the corpus with `kavosh index --rebuild --index /srv/kavosh/index`"
        );
        let missing = TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("a.pos".into()));
        assert!(classify(dir(), Activity::Read, missing.into())
            .to_string()
            .contains("(file a.pos is missing)"));
        let meta = TantivyError::DataCorruption(tantivy::error::DataCorruption::new(
            "meta.json".into(),
            "Meta file cannot be deserialized. EOF. Content: \"{\\\"segm\"".into(),
        ));
        let message = classify(dir(), Activity::Read, meta.into()).to_string();
        assert!(message.contains("(meta.json cannot be read)"), "{message}");
        assert!(!message.contains("Content"));
    }

    #[test]
    fn a_full_disk_while_indexing_is_a_write_error_not_damage() {
        let full = io::Error::from_raw_os_error(28);
        let e = TantivyError::OpenWriteError(OpenWriteError::IoError {
            io_error: Arc::new(full),
            filepath: "x.idx".into(),
        });
        let error = classify(dir(), Activity::Write, e.into());
        assert!(matches!(error, Error::Write { .. }), "{error}");
        let message = error.to_string();
        assert!(message.contains("No space left on device"), "{message}");
        assert!(message.contains("free some disk space"), "{message}");
        assert!(
            message.contains("previous index is still searchable"),
            "{message}"
        );
        let big = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(27)));
        let message = classify(dir(), Activity::Write, big.into()).to_string();
        assert!(message.contains("ulimit -f"), "{message}");
        // Permission denied while reading is not damage either.
        let denied = TantivyError::OpenReadError(OpenReadError::IoError {
            io_error: Arc::new(io::Error::from_raw_os_error(13)),
            filepath: "meta.json".into(),
        });
        let error = classify(dir(), Activity::Read, denied.into());
        assert!(matches!(error, Error::Io { .. }), "{error}");
    }

    #[test]
    fn index_paths_that_cannot_be_folders_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_index_path(tmp.path()).is_ok());
        assert!(check_index_path(&tmp.path().join("new")).is_ok());
        let file = tmp.path().join("index");
        std::fs::write(&file, "not an index").unwrap();
        let message = check_index_path(&file).unwrap_err().to_string();
        assert!(message.contains("it is a file, not a folder"), "{message}");
        let message = check_index_path(&file.join("sub")).unwrap_err().to_string();
        assert!(
            message.contains("a part of the path is a file"),
            "{message}"
        );
        let looped = tmp.path().join("loop");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();
        let message = check_index_path(&looped).unwrap_err().to_string();
        assert!(message.contains("symbolic link loop"), "{message}");
    }
}
