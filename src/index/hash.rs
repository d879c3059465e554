//! The two hashes the index keeps: of a file's bytes (to tell whether it
//! changed since it was indexed) and of an article's identity (to group
//! passages by article).
//!
//! Both are XXH3 (64 bits): a fast non-cryptographic hash, several GB/s,
//! so checking an unchanged corpus costs little more than reading it. A
//! change that keeps the same 64-bit hash is possible in principle (about
//! one chance in 2⁶⁴ per changed file); `kavosh index --rebuild` reads
//! everything regardless.

use std::io::Read;
use std::path::Path;

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The hash of a file's bytes, read in blocks: the file is never held in
/// memory whole.
///
/// ```
/// use kavosh::index::hash::{file_hash, bytes_hash};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("bushehr.txt");
/// std::fs::write(&path, "نیروگاه بوشهر با همکاری روسیه ساخته شد.")?;
/// assert_eq!(file_hash(&path)?, bytes_hash("نیروگاه بوشهر با همکاری روسیه ساخته شد.".as_bytes()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn file_hash(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(hasher.digest()),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The hash of some bytes, the same as [`file_hash`] of a file holding them.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The key of an article: its file (`doc`) and its `id` together, so that
/// two files with records of the same id stay two articles.
///
/// ```
/// use kavosh::index::hash::article_key;
/// assert_ne!(article_key("news/a.jsonl", "tehrantimes-232934"), article_key("news/b.jsonl", "tehrantimes-232934"));
/// assert_ne!(article_key("ab", "c"), article_key("a", "bc"));
/// ```
pub fn article_key(doc: &str, id: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(doc.as_bytes());
    hasher.update(&[0]);
    hasher.update(id.as_bytes());
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_byte_changes_the_file_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("caspian.txt");
        let text = "کشتیرانی میان بندر انزلی و آستاراخان در سال ۱۳۸۶ گسترش یافت.\n";
        std::fs::write(&path, text).unwrap();
        let before = file_hash(&path).unwrap();
        assert_eq!(before, bytes_hash(text.as_bytes()));
        // the same words with an Arabic yeh: another file for the index
        std::fs::write(&path, text.replace('ی', "ي")).unwrap();
        assert_ne!(file_hash(&path).unwrap(), before);
    }

    #[test]
    fn a_file_larger_than_the_buffer_is_hashed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let text = "روابط ایران و روسیه در دو دهه اخیر\n".repeat(20_000); // ~1.2 MB
        std::fs::write(&path, &text).unwrap();
        assert_eq!(file_hash(&path).unwrap(), bytes_hash(text.as_bytes()));
    }

    #[test]
    fn a_missing_file_is_an_error() {
        assert!(file_hash(Path::new("/no/such/kavosh/file.txt")).is_err());
    }
}
