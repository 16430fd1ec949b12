//! Dates as editors write them in front matter, read in the site's time zone.

/// A date from front matter, resolved to an instant and a calendar day in the site's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    pub timestamp: jiff::Timestamp,
    pub day: jiff::civil::Date,
}

impl PageDate {
    pub fn iso(&self) -> String {
        self.day.to_string()
    }

    pub fn display(&self) -> String {
        format!(
            "{} {} {}",
            self.day.day(),
            MONTHS[(self.day.month() - 1) as usize],
            self.day.year()
        )
    }

    pub fn rfc3339(&self) -> String {
        self.timestamp.to_string()
    }
}

/// English month names, for dates people read.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads a front matter date: a TOML date or date-time, or a string holding one. Dates and local
/// date-times are read in `zone`.
pub fn parse_date(value: &toml::Value, zone: &jiff::tz::TimeZone) -> Result<PageDate, String> {
    let text = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => return Err(format!("expected a date, found {}", other.type_str())),
    };
    let timestamp = if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        timestamp
    } else if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        let has_time = text.len() > 10;
        let datetime = if has_time {
            datetime
        } else {
            datetime.date().to_datetime(jiff::civil::Time::midnight())
        };
        zone.to_ambiguous_zoned(datetime)
            .compatible()
            .map_err(|_| {
                format!(
                    "the date `{text}` is too far in the past or future to place in time; use a date between the years 1 and 9999 (before 30 December 9999)"
                )
            })?
            .timestamp()
    } else {
        return Err(format!("invalid date `{text}`"));
    };
    let day = timestamp.to_zoned(zone.clone()).date();
    Ok(PageDate { timestamp, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_toml_dates_strings_and_offsets() {
        let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let date = parse_date(&toml::Value::String("2025-03-01".into()), &zone).unwrap();
        assert_eq!(date.rfc3339(), "2025-02-28T23:00:00Z");
        assert_eq!(date.display(), "1 March 2025");
        let date = parse_date(&toml::Value::String("2025-03-01T10:00:00Z".into()), &zone).unwrap();
        assert_eq!(date.iso(), "2025-03-01");
        assert!(parse_date(&toml::Value::String("2025-13-01".into()), &zone).is_err());
        assert!(parse_date(&toml::Value::Integer(3), &zone).is_err());
    }
}
