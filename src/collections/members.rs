//! Members, from `data/members.toml`: who they are, what they may show, and until when.
//!
//! Consent is checked here, once: a member is public only with `consent = true` and, if
//! `consent_until` is set, only before the end of that day. Everything downstream asks
//! [`Member::public`] and never looks at the dates again.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{check_image, is_slug};
use crate::config::toml_diagnostic;
use crate::content::SourceFile;
use crate::diag::Diagnostic;

/// The roles a member can hold in the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Staff,
    Moderator,
    Ambassador,
    Expert,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembersFile {
    #[serde(default)]
    members: Vec<MemberConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberConfig {
    handle: Spanned<String>,
    name: String,
    avatar: Option<Spanned<String>>,
    avatar_alt: Option<String>,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    links: Vec<MemberLink>,
    consent: bool,
    consent_until: Option<Spanned<toml::Value>>,
    #[serde(default)]
    spotlight: bool,
}

/// A link on a member's profile.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemberLink {
    pub name: String,
    pub url: String,
}

/// A member as the rest of the build sees them.
#[derive(Debug, Clone)]
pub struct Member {
    pub handle: String,
    pub name: String,
    pub avatar: Option<String>,
    pub avatar_alt: String,
    pub bio: String,
    pub roles: Vec<Role>,
    pub links: Vec<MemberLink>,
    /// Whether the member may appear anywhere in the output at the build's `now`.
    pub public: bool,
    /// When the member's consent ends, if it does: an instant at which the output changes.
    pub consent_ends: Option<jiff::Timestamp>,
    pub spotlight: bool,
}

const MEMBER_KEYS: &[&str] = &[
    "members",
    "handle",
    "name",
    "avatar",
    "avatar_alt",
    "bio",
    "roles",
    "links",
    "url",
    "consent",
    "consent_until",
    "spotlight",
];

/// Parses `data/members.toml`. Members with mistakes are left out and reported.
pub(crate) fn parse(
    file: &SourceFile,
    zone: &jiff::tz::TimeZone,
    now: jiff::Timestamp,
    static_files: &HashSet<String>,
) -> (Vec<Member>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // Every problem of the file is reported; the records that are left are still used.
    let read = crate::config::lenient::from_str::<MembersFile>(&file.text);
    for error in &read.errors {
        diagnostics.push(toml_diagnostic(
            &file.path,
            &file.text,
            0,
            error,
            MEMBER_KEYS,
        ));
    }
    let Some(parsed) = read.value else {
        return (Vec::new(), diagnostics);
    };
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let mut members = Vec::new();
    for config in parsed.members {
        let handle = config.handle.get_ref().clone();
        if !is_slug(&handle) {
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    &file.text,
                    config.handle.span(),
                    format!("the handle `{handle}` cannot be used in a URL"),
                )
                .with_hint(format!(
                    "use lowercase letters, digits and hyphens, like \"{}\"",
                    crate::slug::words(&handle)
                )),
            );
            continue;
        }
        if seen.insert(handle.clone(), ()).is_some() {
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    &file.text,
                    config.handle.span(),
                    format!("the handle `{handle}` is used twice"),
                )
                .with_hint("every member needs their own handle"),
            );
            continue;
        }
        let consent_ends = match &config.consent_until {
            None => None,
            Some(value) => match consent_end(value.get_ref(), zone) {
                Ok(end) => Some(end),
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(&file.path, &file.text, value.span(), message).with_hint(
                            "write the last day of consent, like consent_until = 2027-06-30",
                        ),
                    );
                    // Unreadable consent is no consent.
                    Some(jiff::Timestamp::MIN)
                }
            },
        };
        let avatar = check_image(
            file,
            config.avatar.as_ref(),
            config.avatar_alt.as_ref(),
            static_files,
            &mut diagnostics,
        );
        let public = config.consent && consent_ends.is_none_or(|end| now < end);
        members.push(Member {
            handle,
            name: config.name,
            avatar,
            avatar_alt: config.avatar_alt.unwrap_or_default(),
            bio: config.bio,
            roles: config.roles,
            links: config.links,
            public,
            consent_ends,
            spotlight: config.spotlight,
        });
    }
    members.sort_by(|a, b| a.handle.cmp(&b.handle));
    (members, diagnostics)
}

/// The instant consent ends: the end of the given day in the site's zone, or the exact time given.
fn consent_end(value: &toml::Value, zone: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, String> {
    let date = crate::content::parse_date(value, zone)?;
    let text = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.clone(),
        _ => String::new(),
    };
    if text.trim().len() <= 10 {
        let next_day = date.day.tomorrow().map_err(|e| e.to_string())?;
        let start = zone
            .to_ambiguous_zoned(next_day.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .map_err(|e| e.to_string())?;
        Ok(start.timestamp())
    } else {
        Ok(date.timestamp)
    }
}

/// The static files (site paths) that only data of withheld members refers to: their avatars and
/// what their withheld stories show. A file that anything published also refers to stays.
/// `withheld_texts` and `public_texts` are the source texts of withheld and published content.
pub(crate) fn withheld_files(
    static_files: &HashSet<String>,
    members: &[Member],
    withheld_texts: &[&str],
    public_texts: &[&str],
) -> BTreeSet<String> {
    let avatar_of = |public: bool| {
        members
            .iter()
            .filter(move |m| m.public == public)
            .filter_map(|m| m.avatar.as_deref())
    };
    let mut candidates: BTreeSet<String> = avatar_of(false)
        .filter(|a| static_files.contains(*a))
        .map(str::to_string)
        .collect();
    if !withheld_texts.is_empty() {
        for path in static_files {
            if withheld_texts
                .iter()
                .any(|text| text.contains(path.as_str()))
            {
                candidates.insert(path.clone());
            }
        }
    }
    let public_avatars: HashSet<&str> = avatar_of(true).collect();
    candidates.retain(|path| {
        !public_avatars.contains(path.as_str())
            && !public_texts.iter().any(|text| text.contains(path.as_str()))
    });
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            rel_path: "members.toml".into(),
            path: "data/members.toml".into(),
            text: text.into(),
        }
    }

    fn at(date: &str) -> jiff::Timestamp {
        date.parse().unwrap()
    }

    #[test]
    fn consent_ends_after_the_last_day() {
        let text = "[[members]]\nhandle = \"a\"\nname = \"A\"\nconsent = true\nconsent_until = 2025-12-31\n";
        let zone = jiff::tz::TimeZone::UTC;
        let (members, _) = parse(
            &file(text),
            &zone,
            at("2025-12-31T23:00:00Z"),
            &HashSet::new(),
        );
        assert!(members[0].public, "still public on the last day");
        let (members, _) = parse(
            &file(text),
            &zone,
            at("2026-01-01T00:00:00Z"),
            &HashSet::new(),
        );
        assert!(!members[0].public, "withheld from the next day");
    }

    #[test]
    fn no_consent_means_not_public() {
        let text = "[[members]]\nhandle = \"a\"\nname = \"A\"\nconsent = false\n";
        let (members, diagnostics) = parse(
            &file(text),
            &jiff::tz::TimeZone::UTC,
            at("2025-01-01T00:00:00Z"),
            &HashSet::new(),
        );
        assert!(diagnostics.is_empty());
        assert!(!members[0].public);
    }

    #[test]
    fn missing_consent_is_an_error_at_the_member() {
        let text = "[[members]]\nhandle = \"a\"\nname = \"A\"\n";
        let (_, diagnostics) = parse(
            &file(text),
            &jiff::tz::TimeZone::UTC,
            at("2025-01-01T00:00:00Z"),
            &HashSet::new(),
        );
        assert!(
            diagnostics[0].message.contains("consent"),
            "{:?}",
            diagnostics[0]
        );
    }

    #[test]
    fn duplicate_and_malformed_handles_are_reported() {
        let text = "[[members]]\nhandle = \"a\"\nname = \"A\"\nconsent = true\n[[members]]\nhandle = \"a\"\nname = \"B\"\nconsent = true\n[[members]]\nhandle = \"Big Name\"\nname = \"C\"\nconsent = true\n";
        let (members, diagnostics) = parse(
            &file(text),
            &jiff::tz::TimeZone::UTC,
            at("2025-01-01T00:00:00Z"),
            &HashSet::new(),
        );
        assert_eq!(members.len(), 1);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].location.as_ref().unwrap().line, 6);
    }
}
