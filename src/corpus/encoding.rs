//! Decoding a file's bytes to text: UTF-8 (with or without BOM), UTF-16 with
//! a BOM, an encoding a page declares, and legacy Windows-1256 Persian when
//! the bytes are not UTF-8 (decoded with `encoding_rs`).
//!
//! Bytes that are none of these (a binary file, UTF-8 with broken
//! sequences, another code page) are an error, never garbled text.

use std::fmt;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};
use serde::Serialize;

use crate::analysis::Script;

/// How the encoding of a file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte order mark at the start of the file.
    Bom,
    /// The document declares it (an HTML `<meta charset>`).
    Declared,
    /// The bytes are valid UTF-8.
    Valid,
    /// Guessed: not UTF-8, but plausible text in this encoding.
    Detected,
}

/// The encoding a file was decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextEncoding {
    /// Its WHATWG name: `UTF-8`, `UTF-16LE`, `windows-1256`…
    pub name: &'static str,
    /// How it was found.
    pub source: EncodingSource,
}

impl TextEncoding {
    /// UTF-8 without a BOM.
    pub const UTF8: TextEncoding = TextEncoding {
        name: "UTF-8",
        source: EncodingSource::Valid,
    };
}

impl fmt::Display for TextEncoding {
    /// `UTF-8`, `UTF-8 (BOM)`, `windows-1256 (detected)`, `windows-1256 (declared)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            EncodingSource::Valid => write!(f, "{}", self.name),
            EncodingSource::Bom => write!(f, "{} (BOM)", self.name),
            EncodingSource::Declared => write!(f, "{} (declared)", self.name),
            EncodingSource::Detected => write!(f, "{} (detected)", self.name),
        }
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// Offset of the first byte that is not valid in the encoding tried
    /// (for text that is no known encoding: the first byte that is not UTF-8).
    pub byte_offset: usize,
}

/// Offset of the first byte of `bytes` that is not UTF-8, if any.
fn first_invalid_utf8(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes).err().map(|e| e.valid_up_to())
}

/// Offset of the first unpaired surrogate in UTF-16 `bytes` (or of an odd
/// last byte).
fn first_invalid_utf16(bytes: &[u8], little_endian: bool) -> usize {
    let unit = |i: usize| {
        let pair = [bytes[i], bytes[i + 1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    };
    let mut i = 0;
    while i + 1 < bytes.len() {
        let u = unit(i);
        if (0xD800..0xDC00).contains(&u) {
            if i + 3 < bytes.len() && (0xDC00..0xE000).contains(&unit(i + 2)) {
                i += 4;
                continue;
            }
            return i;
        }
        if (0xDC00..0xE000).contains(&u) {
            return i;
        }
        i += 2;
    }
    i
}

/// Decodes `bytes` with `encoding`, without replacement characters.
fn decode_strictly(
    bytes: &[u8],
    encoding: &'static Encoding,
    offset: usize,
) -> Result<String, DecodeError> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(DecodeError {
            byte_offset: offset
                + if encoding == UTF_16LE || encoding == UTF_16BE {
                    first_invalid_utf16(bytes, encoding == UTF_16LE)
                } else {
                    first_invalid_utf8(bytes).unwrap_or(0)
                },
        }),
    }
}

/// True when most non-ASCII bytes of `bytes` form valid UTF-8 sequences: a
/// UTF-8 file with a few broken bytes, which another code page would garble.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid >= invalid * 4
}

/// True when `text` (decoded as Windows-1256) looks like Persian or Arabic
/// text: no control characters, and its non-ASCII characters mostly Arabic
/// letters and the punctuation that goes with them.
fn plausible_persian(text: &str) -> bool {
    let (mut non_ascii, mut persian) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}') {
            return false;
        }
        if !c.is_ascii() {
            non_ascii += 1;
            if Script::is_arabic_char(c)
                || matches!(
                    c,
                    '\u{200C}'
                        ..='\u{200F}'
                            | '\u{a0}'
                            | '«'
                            | '»'
                            | '…'
                            | '–'
                            | '—'
                            | '‘'
                            | '’'
                            | '“'
                            | '”'
                            | '•'
                )
            {
                persian += 1;
            }
        }
    }
    non_ascii > 0 && persian * 10 >= non_ascii * 8
}

/// Decodes a file's bytes: by its BOM, else by the `declared` encoding (an
/// HTML page's charset), else as UTF-8 when valid, else as Windows-1256 when
/// that gives plausible Persian text.
///
/// ```
/// use kavosh::corpus::encoding::{decode, EncodingSource};
/// // «ايران» in Windows-1256, the legacy Persian code page (which has the
/// // Arabic ي, not the Persian ی: the analyzer folds one into the other)
/// let (text, encoding) = decode(vec![0xC7, 0xED, 0xD1, 0xC7, 0xE4], None).unwrap();
/// assert_eq!(text, "ايران");
/// assert_eq!(encoding.name, "windows-1256");
/// assert_eq!(encoding.source, EncodingSource::Detected);
/// // A binary file is an error, not garbage
/// assert!(decode(vec![0x89, b'P', b'N', b'G', 0, 0, 0x1A], None).is_err());
/// ```
pub fn decode(
    bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
) -> Result<(String, TextEncoding), DecodeError> {
    let found = |encoding: &'static Encoding, source| TextEncoding {
        name: encoding.name(),
        source,
    };
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        let text = decode_strictly(&bytes[bom_len..], encoding, bom_len)?;
        return Ok((text, found(encoding, EncodingSource::Bom)));
    }
    // A page declaring UTF-16 without a BOM is UTF-8 (as browsers do).
    if let Some(encoding) = declared.filter(|e| ![UTF_8, UTF_16LE, UTF_16BE].contains(e)) {
        let text = decode_strictly(&bytes, encoding, 0)?;
        return Ok((text, found(encoding, EncodingSource::Declared)));
    }
    let bad = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, TextEncoding::UTF8)),
        Err(e) => e,
    };
    let byte_offset = bad.utf8_error().valid_up_to();
    let bytes = bad.into_bytes();
    if mostly_utf8(&bytes) {
        return Err(DecodeError { byte_offset });
    }
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(&bytes);
    if plausible_persian(&text) {
        Ok((
            text.into_owned(),
            found(WINDOWS_1256, EncodingSource::Detected),
        ))
    } else {
        Err(DecodeError { byte_offset })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real paragraph (fa-news-irnews2020, via mixed-mini).
    const PERSIAN: &str = "دومینیکا از جزایر بادپناه و بخشی از منطقه آنتیل کوچک است و به خاطر طبیعت دست\u{200c}نخورده\u{200c}ای که دارد «جزیره طبیعت کارائیب» نامیده شده\u{200c}است.\n";

    /// Windows-1256 has the Arabic ي (U+064A) where Persian writes ی (U+06CC).
    fn legacy(text: &str) -> String {
        text.replace('ی', "ي")
    }

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, enc) = decode(PERSIAN.as_bytes().to_vec(), None).unwrap();
        assert_eq!((text.as_str(), enc), (PERSIAN, TextEncoding::UTF8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(PERSIAN.as_bytes());
        let (text, enc) = decode(bom, None).unwrap();
        assert_eq!(text, PERSIAN, "the BOM is removed");
        assert_eq!(enc.to_string(), "UTF-8 (BOM)");
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        for (encoding, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut bytes = bom.to_vec();
            for unit in PERSIAN.encode_utf16() {
                if encoding == UTF_16LE {
                    bytes.extend_from_slice(&unit.to_le_bytes());
                } else {
                    bytes.extend_from_slice(&unit.to_be_bytes());
                }
            }
            let (text, enc) = decode(bytes.clone(), None).unwrap();
            assert_eq!(text, PERSIAN);
            assert_eq!(enc.name, encoding.name());
            // an unpaired surrogate (U+D800) is an error with its offset
            if encoding == UTF_16LE {
                bytes.extend_from_slice(&[0x00, 0xD8]);
            } else {
                bytes.extend_from_slice(&[0xD8, 0x00]);
            }
            let at = bytes.len() - 2;
            assert_eq!(decode(bytes, None).unwrap_err().byte_offset, at);
        }
    }

    #[test]
    fn windows_1256_is_detected_when_not_utf8() {
        let bytes = encode(WINDOWS_1256, &legacy(PERSIAN));
        let (text, enc) = decode(bytes, None).unwrap();
        assert_eq!(
            text,
            legacy(PERSIAN),
            "ZWNJ and guillemets survive the round trip"
        );
        assert_eq!(enc.to_string(), "windows-1256 (detected)");
        // Persian-only letters پ چ ژ گ sit in the 0x80–0x9F range of the code page
        let (text, _) = decode(encode(WINDOWS_1256, "گچپژ"), None).unwrap();
        assert_eq!(text, "گچپژ");
    }

    #[test]
    fn a_declared_charset_wins_over_detection() {
        let bytes = encode(WINDOWS_1256, "<p>بوشهر</p>");
        let (text, enc) = decode(bytes, Some(WINDOWS_1256)).unwrap();
        assert_eq!(text, "<p>بوشهر</p>");
        assert_eq!(enc.to_string(), "windows-1256 (declared)");
        // a page that says UTF-8 and is UTF-8
        let (_, enc) = decode("<p>بوشهر</p>".into(), Some(UTF_8)).unwrap();
        assert_eq!(enc, TextEncoding::UTF8);
    }

    #[test]
    fn broken_utf8_and_binary_are_errors() {
        // valid Persian UTF-8 with one stray byte: reported, never decoded as 1256
        let mut bytes = PERSIAN.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        assert_eq!(decode(bytes, None).unwrap_err().byte_offset, 10);
        // a PNG header
        let png = vec![
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0, 0, 0x0D,
        ];
        assert_eq!(decode(png, None).unwrap_err().byte_offset, 0);
        // French in Windows-1252 is not Persian
        let french = encode(
            encoding_rs::WINDOWS_1252,
            "Le traité de Téhéran a été signé à Moscou.",
        );
        assert!(decode(french, None).is_err());
    }
}
