//! Dates in the two calendars of the corpus: Jalali (Solar Hijri, the
//! Iranian civil calendar) and Gregorian, and a lenient parser for the ways
//! articles write them.
//!
//! A [`Date`] is one day, whatever calendar it was written in; it converts
//! both ways ([`Date::to_jalali`], [`Date::to_gregorian`]) and prints as ISO
//! Gregorian `YYYY-MM-DD`. [`parse_date`] reads «۱۷ مهر ۱۳۹۱ - ۰۷:۵۰»,
//! `1391-07-17`, `۱۳۹۱/۰۷/۱۷`, `2012-10-08`, `October 8, 2012`, `8 Oct 2012`…
//!
//! The conversion is the standard arithmetic one (Borkowski's algorithm, as
//! in the jalaali libraries): leap years follow the 33-year cycle between
//! tabulated "break" years, which agrees with the official calendar over a
//! far wider range of years than the bare 33-year rule. It is done here
//! rather than with a crate: the maintained calendar crates either bring a
//! large locale framework (icu_calendar) or use the bare 33-year rule with a
//! chrono dependency (parsidate), and the arithmetic is small and tested.

use std::fmt;

use crate::analysis::digits::fold_digit;

/// Jalali years at which the 33-year leap cycle is re-anchored.
const BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// Jalali years [`Date`] accepts (those the arithmetic is exact for).
const JALALI_YEARS: std::ops::RangeInclusive<i32> = 1..=3176;

/// A written year below this is Jalali (1391), from it on Gregorian (2012).
const FIRST_GREGORIAN_YEAR: i32 = 1700;

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JDN: i64 = 2_440_588;

/// A year, month (1–12) and day (1–31) in one calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl fmt::Display for Ymd {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One day. Built from either calendar, shown in both.
///
/// ```
/// use kavosh::corpus::date::Date;
/// let day = Date::from_jalali(1391, 7, 17).unwrap();
/// assert_eq!(day.to_string(), "2012-10-08");
/// assert_eq!(day.to_jalali().to_string(), "1391-07-17");
/// assert_eq!(day.jalali_long(), "۱۷ مهر ۱۳۹۱");
/// assert_eq!(Date::from_gregorian(2024, 3, 20).unwrap().to_jalali().to_string(), "1403-01-01");
/// assert!(Date::from_jalali(1404, 12, 30).is_none(), "1404 is not a leap year");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Julian day number.
    jdn: i64,
}

/// Division truncating toward zero, as the published algorithm uses it.
fn div(a: i64, b: i64) -> i64 {
    a / b
}

/// The Gregorian year in which Jalali year `jy` starts, the day of March of
/// its 1 Farvardin, and how many years have passed since the last leap year
/// (0: `jy` is a leap year). `jy` must be in `BREAKS[0]..BREAKS[19]`.
fn jalali_year(jy: i64) -> (i64, i64, i64) {
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = BREAKS[0];
    let mut jump = 0;
    for &jm in &BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += div(jump, 33) * 8 + div(jump % 33, 4);
        jp = jm;
    }
    let mut n = jy - jp;
    leap_j += div(n, 33) * 8 + div(n % 33 + 3, 4);
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    let march = 20 + leap_j - leap_g;
    if jump - n < 6 {
        n = n - jump + div(jump + 4, 33) * 33;
    }
    let mut leap = ((n + 1) % 33 - 1) % 4;
    if leap == -1 {
        leap = 4;
    }
    (gy, march, leap)
}

fn gregorian_to_jdn(gy: i64, gm: i64, gd: i64) -> i64 {
    let d = div((gy + div(gm - 8, 6) + 100_100) * 1461, 4) + div(153 * ((gm + 9) % 12) + 2, 5) + gd
        - 34_840_408;
    d - div(div(gy + 100_100 + div(gm - 8, 6), 100) * 3, 4) + 752
}

fn jdn_to_gregorian(jdn: i64) -> Ymd {
    let mut j = 4 * jdn + 139_361_631;
    j += div(div(4 * jdn + 183_187_720, 146_097) * 3, 4) * 4 - 3908;
    let i = div(j % 1461, 4) * 5 + 308;
    let day = div(i % 153, 5) + 1;
    let month = div(i, 153) % 12 + 1;
    let year = div(j, 1461) - 100_100 + div(8 - month, 6);
    Ymd {
        year: year as i32,
        month: month as u32,
        day: day as u32,
    }
}

fn is_gregorian_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a Gregorian month.
fn gregorian_month_days(year: i32, month: u32) -> u32 {
    match month {
        2 if is_gregorian_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True when Jalali `year` has 366 days (Esfand has 30 days).
pub fn is_jalali_leap(year: i32) -> bool {
    JALALI_YEARS.contains(&year) && jalali_year(year.into()).2 == 0
}

/// Days in a Jalali month: 31 in the first six, 30 in the next five, 29 in
/// Esfand (30 in a leap year).
fn jalali_month_days(year: i32, month: u32) -> u32 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ if is_jalali_leap(year) => 30,
        _ => 29,
    }
}

/// Persian names of the Jalali months, فروردین first.
pub const JALALI_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

impl Date {
    /// First and last Julian day numbers a [`Date`] may have: Jalali years 1–3176.
    fn jdn_range() -> std::ops::RangeInclusive<i64> {
        let first = Self::jalali_to_jdn(*JALALI_YEARS.start(), 1, 1);
        let last = Self::jalali_to_jdn(*JALALI_YEARS.end() + 1, 1, 1) - 1;
        first..=last
    }

    fn jalali_to_jdn(year: i32, month: u32, day: u32) -> i64 {
        let (gy, march, _) = jalali_year(year.into());
        let (m, d) = (i64::from(month), i64::from(day));
        gregorian_to_jdn(gy, 3, march) + (m - 1) * 31 - div(m, 7) * (m - 7) + d - 1
    }

    fn from_jdn(jdn: i64) -> Option<Date> {
        Self::jdn_range().contains(&jdn).then_some(Date { jdn })
    }

    /// The day with this Gregorian date, if it exists (and falls in Jalali
    /// years 1–3176, i.e. from 622-03-22 to 3798-03-20).
    pub fn from_gregorian(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > gregorian_month_days(year, month) {
            return None;
        }
        Self::from_jdn(gregorian_to_jdn(year.into(), month.into(), day.into()))
    }

    /// The day with this Jalali date, if it exists (years 1–3176).
    pub fn from_jalali(year: i32, month: u32, day: u32) -> Option<Date> {
        if !JALALI_YEARS.contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > jalali_month_days(year, month)
        {
            return None;
        }
        Some(Date {
            jdn: Self::jalali_to_jdn(year, month, day),
        })
    }

    /// The day `days` days after 1970-01-01 (negative: before), if in range.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        days.checked_add(UNIX_EPOCH_JDN).and_then(Self::from_jdn)
    }

    /// Days since 1970-01-01 (negative before it): a number to store and
    /// compare, e.g. in an index field.
    pub fn days_since_epoch(self) -> i64 {
        self.jdn - UNIX_EPOCH_JDN
    }

    /// The Gregorian date.
    pub fn to_gregorian(self) -> Ymd {
        jdn_to_gregorian(self.jdn)
    }

    /// The Jalali date.
    pub fn to_jalali(self) -> Ymd {
        let gy = self.to_gregorian().year;
        let mut jy = i64::from(gy) - 621;
        let (_, march, leap) = jalali_year(jy);
        let mut k = self.jdn - gregorian_to_jdn(i64::from(gy), 3, march);
        let (month, day);
        if (0..=185).contains(&k) {
            month = 1 + div(k, 31);
            day = k % 31 + 1;
        } else {
            if k >= 0 {
                k -= 186;
            } else {
                // Still in the previous Jalali year (January to March).
                jy -= 1;
                k += 179;
                if leap == 1 {
                    k += 1;
                }
            }
            month = 7 + div(k, 30);
            day = k % 30 + 1;
        }
        Ymd {
            year: jy as i32,
            month: month as u32,
            day: day as u32,
        }
    }

    /// ISO 8601 Gregorian `YYYY-MM-DD` (the same as `to_string()`).
    pub fn iso(self) -> String {
        self.to_gregorian().to_string()
    }

    /// The Jalali date as Persian write it: «۱۷ مهر ۱۳۹۱».
    pub fn jalali_long(self) -> String {
        let j = self.to_jalali();
        let persian = |n: i64| -> String {
            n.to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + 0x06F0).unwrap_or(c))
                .collect()
        };
        format!(
            "{} {} {}",
            persian(j.day.into()),
            JALALI_MONTHS[(j.month - 1) as usize],
            persian(j.year.into())
        )
    }
}

impl fmt::Display for Date {
    /// ISO 8601 Gregorian `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_gregorian().fmt(f)
    }
}

/// Which calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calendar {
    Jalali,
    Gregorian,
}

/// The month a (normalised, lowercase) word names, and its calendar.
fn month_name(word: &str) -> Option<(Calendar, u32)> {
    use Calendar::{Gregorian, Jalali};
    let found = match word {
        "فروردین" => (Jalali, 1),
        "اردیبهشت" => (Jalali, 2),
        "خرداد" => (Jalali, 3),
        "تیر" => (Jalali, 4),
        "مرداد" | "امرداد" => (Jalali, 5),
        "شهریور" => (Jalali, 6),
        "مهر" => (Jalali, 7),
        "ابان" => (Jalali, 8),
        "اذر" => (Jalali, 9),
        "دی" => (Jalali, 10),
        "بهمن" => (Jalali, 11),
        "اسفند" => (Jalali, 12),
        "january" | "jan" | "ژانویه" => (Gregorian, 1),
        "february" | "feb" | "فوریه" => (Gregorian, 2),
        "march" | "mar" | "مارس" => (Gregorian, 3),
        "april" | "apr" | "اوریل" => (Gregorian, 4),
        "may" | "مه" | "می" => (Gregorian, 5),
        "june" | "jun" | "ژوئن" => (Gregorian, 6),
        "july" | "jul" | "ژوئیه" | "جولای" => (Gregorian, 7),
        "august" | "aug" | "اوت" | "اگوست" => (Gregorian, 8),
        "september" | "sep" | "sept" | "سپتامبر" => (Gregorian, 9),
        "october" | "oct" | "اکتبر" => (Gregorian, 10),
        "november" | "nov" | "نوامبر" => (Gregorian, 11),
        "december" | "dec" | "دسامبر" => (Gregorian, 12),
        _ => return None,
    };
    Some(found)
}

/// ASCII digits, Persian ی/ک for their Arabic forms, ا for آ/أ/إ, no
/// ZWNJ or tatweel, lowercase.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}'))
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            'آ' | 'أ' | 'إ' => 'ا',
            '،' => ',',
            _ => fold_digit(c).unwrap_or(c),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A date from a year and a month and day, in the calendar the year says
/// (below 1700: Jalali).
fn from_any_calendar(year: i32, month: u32, day: u32) -> Option<Date> {
    if year < FIRST_GREGORIAN_YEAR {
        Date::from_jalali(year, month, day)
    } else {
        Date::from_gregorian(year, month, day)
    }
}

/// The first all-digit date in `text`: `Y-M-D` (also with `/` or `.`, and a
/// time after it) or `D/M/Y` with the year last.
fn numeric_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Up to three numbers joined by one kind of separator.
        let mut numbers: Vec<(u32, usize)> = Vec::new(); // (value, digit count)
        let mut j = i;
        let mut separator = None;
        loop {
            let start = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() && j - start < 5 {
                j += 1;
            }
            let digits = &text[start..j];
            numbers.push((digits.parse().unwrap_or(0), digits.len()));
            if numbers.len() == 3 || j >= bytes.len() {
                break;
            }
            let sep = bytes[j];
            if !matches!(sep, b'-' | b'/' | b'.') || separator.is_some_and(|s| s != sep) {
                break;
            }
            if !bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                break;
            }
            separator = Some(sep);
            j += 1;
        }
        let followed_by_digit = bytes.get(j).is_some_and(u8::is_ascii_digit);
        if let [(a, a_len), (b, b_len), (c, c_len)] = numbers[..] {
            if !followed_by_digit && b_len <= 2 {
                let found = if a_len == 4 && c_len <= 2 {
                    from_any_calendar(a as i32, b, c)
                } else if c_len == 4 && a_len <= 2 {
                    let year = c as i32;
                    if year < FIRST_GREGORIAN_YEAR || a > 12 {
                        from_any_calendar(year, b, a) // day first
                    } else if b > 12 {
                        from_any_calendar(year, a, b) // US month first
                    } else {
                        None // 08/10/2012: ambiguous
                    }
                } else {
                    None
                };
                if found.is_some() {
                    return found;
                }
            }
        }
        i = j.max(i + 1);
    }
    None
}

/// A day number (1–31) from a word such as `8`, `8th`, `۱۷ام`.
fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .or_else(|| word.strip_suffix("ام"))
        .unwrap_or(word);
    let n: u32 = digits.parse().ok()?;
    (digits.len() <= 2 && (1..=31).contains(&n)).then_some(n)
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The first date with a month name in `text`: «۱۷ مهر ۱۳۹۱», `8 Oct 2012`,
/// `October 8, 2012`.
fn named_month_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let Some((calendar, month)) = month_name(word) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|b| words.get(b));
        let candidates = [
            // 17 مهر 1391, 8 October 2012
            (before.and_then(|w| day_number(w)), words.get(i + 1)),
            // October 8, 2012
            (
                words.get(i + 1).and_then(|w| day_number(w)),
                words.get(i + 2),
            ),
        ];
        for (day, year) in candidates {
            let (Some(day), Some(year)) = (day, year.and_then(|w| year_number(w))) else {
                continue;
            };
            let date = match calendar {
                Calendar::Jalali if year < FIRST_GREGORIAN_YEAR => {
                    Date::from_jalali(year, month, day)
                }
                Calendar::Gregorian if year >= FIRST_GREGORIAN_YEAR => {
                    Date::from_gregorian(year, month, day)
                }
                _ => None,
            };
            if date.is_some() {
                return date;
            }
        }
    }
    None
}

/// Finds the first date in `text`, written in either calendar.
///
/// Accepts `YYYY-MM-DD` (also `/` or `.`, and a time after it, as in ISO
/// date-times), `DD/MM/YYYY`, and a day, month name and year in Persian
/// (Jalali months «مهر», or Gregorian «اکتبر») or English (`October`,
/// `Oct.`), in Persian, Arabic-Indic or ASCII digits, with Arabic ي/ك.
/// A year below 1700 is Jalali. Weekdays, times and other words around the
/// date are ignored. `None` when there is no valid date.
///
/// ```
/// use kavosh::corpus::date::parse_date;
/// let iso = |s: &str| parse_date(s).map(|d| d.to_string());
/// assert_eq!(iso("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("1391-07-17").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("۱۳۹۱/۰۷/۱۷").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("Monday, October 8, 2012").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("8 Oct 2012").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("2012-10-08T07:50:00+03:30").as_deref(), Some("2012-10-08"));
/// assert_eq!(iso("1391-13-01"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let text = normalise(text);
    numeric_date(&text).or_else(|| named_month_date(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jalali(y: i32, m: u32, d: u32) -> String {
        Date::from_jalali(y, m, d).unwrap().iso()
    }

    #[test]
    fn known_dates() {
        assert_eq!(jalali(1391, 7, 17), "2012-10-08");
        assert_eq!(jalali(1403, 1, 1), "2024-03-20");
        assert_eq!(jalali(1399, 12, 30), "2021-03-20");
        assert_eq!(jalali(1354, 1, 1), "1975-03-21");
        assert_eq!(jalali(1400, 1, 1), "2021-03-21");
        assert_eq!(jalali(1357, 11, 22), "1979-02-11");
        assert_eq!(jalali(1403, 12, 30), "2025-03-20");
        assert_eq!(jalali(1404, 1, 1), "2025-03-21");
        assert_eq!(jalali(1348, 10, 11), "1970-01-01");
        assert_eq!(
            Date::from_gregorian(1970, 1, 1).unwrap().days_since_epoch(),
            0
        );
        let nowruz = Date::from_gregorian(2024, 3, 20).unwrap().to_jalali();
        assert_eq!((nowruz.year, nowruz.month, nowruz.day), (1403, 1, 1));
    }

    #[test]
    fn leap_years() {
        for leap in [1391, 1395, 1399, 1403, 1408, 1375, 1370] {
            assert!(is_jalali_leap(leap), "{leap}");
            assert!(Date::from_jalali(leap, 12, 30).is_some());
        }
        for common in [1400, 1401, 1402, 1404, 1392] {
            assert!(!is_jalali_leap(common), "{common}");
            assert!(Date::from_jalali(common, 12, 30).is_none());
        }
        assert!(Date::from_gregorian(2024, 2, 29).is_some());
        assert!(Date::from_gregorian(2100, 2, 29).is_none());
        assert!(Date::from_gregorian(2000, 2, 29).is_some());
    }

    #[test]
    fn invalid_dates_are_none_never_a_panic() {
        assert!(Date::from_jalali(1391, 0, 1).is_none());
        assert!(Date::from_jalali(1391, 7, 31).is_none());
        assert!(Date::from_jalali(1391, 13, 1).is_none());
        assert!(Date::from_jalali(0, 1, 1).is_none());
        assert!(Date::from_jalali(3177, 1, 1).is_none());
        assert!(Date::from_jalali(i32::MAX, 1, 1).is_none());
        assert!(Date::from_gregorian(2012, 4, 31).is_none());
        assert!(
            Date::from_gregorian(100, 1, 1).is_none(),
            "before Jalali year 1"
        );
        assert!(Date::from_gregorian(i32::MIN, 1, 1).is_none());
        assert!(Date::from_days_since_epoch(i64::MAX).is_none());
    }

    #[test]
    fn every_day_for_three_centuries_round_trips_and_follows_the_calendar() {
        // 1300-01-01 (1921) to 1600: consecutive days have consecutive
        // Jalali dates with the right month lengths, and both directions agree.
        let start = Date::from_jalali(1300, 1, 1).unwrap();
        let end = Date::from_jalali(1600, 1, 1).unwrap();
        let mut previous = start.to_jalali();
        let mut checked = 0;
        for jdn in start.jdn + 1..end.jdn {
            let day = Date { jdn };
            let j = day.to_jalali();
            let g = day.to_gregorian();
            assert_eq!(Date::from_jalali(j.year, j.month, j.day), Some(day), "{j}");
            assert_eq!(
                Date::from_gregorian(g.year, g.month, g.day),
                Some(day),
                "{g}"
            );
            let expected = if previous.day < jalali_month_days(previous.year, previous.month) {
                Ymd {
                    day: previous.day + 1,
                    ..previous
                }
            } else if previous.month < 12 {
                Ymd {
                    month: previous.month + 1,
                    day: 1,
                    ..previous
                }
            } else {
                Ymd {
                    year: previous.year + 1,
                    month: 1,
                    day: 1,
                }
            };
            assert_eq!(j, expected);
            if j.month == 1 && j.day == 1 {
                // Nowruz is always 20, 21 or 22 March.
                assert_eq!(g.month, 3, "{j} = {g}");
                assert!((20..=22).contains(&g.day), "{j} = {g}");
            }
            previous = j;
            checked += 1;
        }
        assert!(checked > 100_000);
    }

    #[test]
    fn the_edges_of_the_range() {
        let first = Date::from_jalali(1, 1, 1).unwrap();
        assert_eq!(
            first.to_jalali(),
            Ymd {
                year: 1,
                month: 1,
                day: 1
            }
        );
        assert_eq!(first.iso(), "0622-03-22");
        let last = Date::from_jalali(3176, 12, 29).unwrap();
        assert_eq!(last.to_jalali().year, 3176);
        assert!(Date::from_days_since_epoch(last.days_since_epoch() + 400).is_none());
    }

    /// Checks `parse_date` on each text: the ISO date expected, or `None`.
    fn parses(cases: &[(&str, Option<&str>)]) {
        for &(text, expected) in cases {
            let found = parse_date(text).map(Date::iso);
            assert_eq!(found.as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn persian_publication_lines() {
        parses(&[
            ("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰", Some("2012-10-08")),
            ("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰ \u{a0}،\u{a0}", Some("2012-10-08")),
            ("دوشنبه ۱ فروردین ۱۴۰۳", Some("2024-03-20")),
            ("۳۰ اسفند ۱۳۹۹", Some("2021-03-20")),
            ("1 فروردین 1354", Some("1975-03-21")),
            // Arabic keyboard letters and Arabic-Indic digits
            ("٢٥ دي ١٣٩٨", Some("2020-01-15")),
            ("۱۲ آبان ۱۳۹۸", Some("2019-11-03")),
            ("۱۲ ابان ۱۳۹۸", Some("2019-11-03")),
            ("۵ اردي\u{200c}بهشت ۱۳۹۹", Some("2020-04-24")),
            ("۱۷ مهر", None),      // no year
            ("مهر ۱۳۹۱", None),    // no day
            ("۳۱ مهر ۱۳۹۱", None), // Mehr has 30 days
        ]);
    }

    #[test]
    fn numeric_forms() {
        parses(&[
            ("1391-07-17", Some("2012-10-08")),
            ("۱۳۹۱/۰۷/۱۷", Some("2012-10-08")),
            ("1391/7/17", Some("2012-10-08")),
            ("۱۷/۰۷/۱۳۹۱", Some("2012-10-08")),
            ("2012-10-08", Some("2012-10-08")),
            ("2020-05-31 12:30:00", Some("2020-05-31")),
            ("2012-10-08T07:50:00Z", Some("2012-10-08")),
            ("2012.10.08", Some("2012-10-08")),
            ("24/12/2019", Some("2019-12-24")),
            ("12/24/2019", Some("2019-12-24")),
            ("08/10/2012", None), // day and month order unknown
            ("2012-10", None),
            ("2012-13-01", None),
            ("12345-01-01", None),
            ("2012-10/08", None), // mixed separators
            (
                "version 1.2.3 of the treaty, 2012-10-08",
                Some("2012-10-08"),
            ),
        ]);
    }

    #[test]
    fn english_dates() {
        parses(&[
            ("October 8, 2012", Some("2012-10-08")),
            ("8 Oct 2012", Some("2012-10-08")),
            ("Oct. 8th, 2012", Some("2012-10-08")),
            ("Monday 8 October 2012, 07:50", Some("2012-10-08")),
            ("TEHRAN, May 31 2020", Some("2020-05-31")),
            ("۸ اکتبر ۲۰۱۲", Some("2012-10-08")),
            ("8 مهر 2012", None), // a Jalali month with a Gregorian year
            ("October 1391", None),
            ("may I have a word", None),
            ("", None),
            ("روابط ایران و روسیه", None),
        ]);
    }

    #[test]
    fn both_calendars_for_display() {
        let day = parse_date("2012-10-08").unwrap();
        assert_eq!(day.to_jalali().to_string(), "1391-07-17");
        assert_eq!(day.jalali_long(), "۱۷ مهر ۱۳۹۱");
        assert_eq!(
            day.to_gregorian(),
            Ymd {
                year: 2012,
                month: 10,
                day: 8
            }
        );
        assert!(parse_date("1391-07-17") < parse_date("1391-07-18"));
    }
}
