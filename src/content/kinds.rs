//! Which front matter fields each kind of content reads, which it requires, and what they hold:
//! the one table that editing tools (the CMS configuration of `guildhall cms`) are made from. A
//! unit test holds it to [`FrontMatter`](super::FrontMatter)'s own list of keys, so a field added
//! to the front matter without a line here fails the tests.

/// What a field holds, as an editor fills it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    Line,
    Paragraph,
    Date,
    /// A date and a time (local to `timezone` for events).
    DateTime,
    Switch,
    Number,
    /// One of fixed words.
    Choice(&'static [&'static str]),
    Lines,
    Dates,
    /// A static file (a picture).
    Picture,
    /// Topic slugs of the hub.
    Topics,
    /// Product skus of the hub.
    Products,
    /// A member handle of the hub.
    Member,
    /// Story photos: each a picture and its alt text.
    Photos,
    /// An event's venue and address, or online link.
    Location,
}

/// A kind of content: its folder below `content/` and its name for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    pub folder: &'static str,
    pub label: &'static str,
    pub singular: &'static str,
}

pub(crate) const KINDS: &[Kind] = &[
    Kind {
        folder: "guides",
        label: "Guides",
        singular: "Guide",
    },
    Kind {
        folder: "stories",
        label: "Stories",
        singular: "Story",
    },
    Kind {
        folder: "events",
        label: "Events",
        singular: "Event",
    },
    Kind {
        folder: "faq",
        label: "FAQ",
        singular: "FAQ entry",
    },
    Kind {
        folder: "updates",
        label: "Updates",
        singular: "Update",
    },
    Kind {
        folder: "topics",
        label: "Topics",
        singular: "Topic",
    },
    Kind {
        folder: "pages",
        label: "Pages",
        singular: "Page",
    },
];

/// Where a field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every page kind (not topics).
    Pages,
    /// Every kind, topics included.
    All,
    Only(&'static [&'static str]),
    /// Only section files (`_index.md`), which editing tools leave to the hub's maintainers.
    Sections,
    /// Free-form for templates (`[extra]`); no editing tool can know its shape.
    Templates,
}

/// One front matter key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub scope: Scope,
    /// The kinds (folders) that refuse a page without it.
    pub required_in: &'static [&'static str],
    pub hint: &'static str,
}

const fn field(key: &'static str, label: &'static str, input: Input, scope: Scope) -> Field {
    Field {
        key,
        label,
        input,
        scope,
        required_in: &[],
        hint: "",
    }
}

const EVENTS: Scope = Scope::Only(&["events"]);
const STORIES: Scope = Scope::Only(&["stories"]);

/// Every front matter key, in the order editors see them.
pub(crate) const FIELDS: &[Field] = &[
    Field {
        required_in: &["guides", "stories", "events", "updates", "topics", "pages"],
        ..field("title", "Title", Input::Line, Scope::All)
    },
    Field {
        required_in: &["faq"],
        hint: "The question the entry answers, as customers ask it",
        ..field("question", "Question", Input::Line, Scope::Only(&["faq"]))
    },
    Field {
        hint: "One or two sentences for lists and search engines",
        ..field("summary", "Summary", Input::Paragraph, Scope::All)
    },
    Field {
        required_in: &["guides"],
        ..field(
            "level",
            "Level",
            Input::Choice(&["beginner", "intermediate", "advanced"]),
            Scope::Only(&["guides"]),
        )
    },
    Field {
        required_in: &["stories"],
        hint: "The member the story is about",
        ..field("member", "Member", Input::Member, STORIES)
    },
    Field {
        required_in: &["stories", "updates"],
        ..field("date", "Date", Input::Date, Scope::Pages)
    },
    field("updated", "Last updated", Input::Date, Scope::Pages),
    Field {
        required_in: &["events"],
        hint: "Local time in the event's time zone",
        ..field("start", "Starts", Input::DateTime, EVENTS)
    },
    field("end", "Ends", Input::DateTime, EVENTS),
    Field {
        hint: "An IANA time zone like Europe/London; the site's zone when empty",
        ..field("timezone", "Time zone", Input::Line, EVENTS)
    },
    field("location", "Location", Input::Location, EVENTS),
    Field {
        hint: "A member handle, or a plain name",
        ..field("host", "Host", Input::Line, EVENTS)
    },
    Field {
        hint: "Where to sign up (a link)",
        ..field("registration", "Registration", Input::Line, EVENTS)
    },
    field("capacity", "Capacity", Input::Line, EVENTS),
    field(
        "status",
        "Status",
        Input::Choice(&["scheduled", "cancelled", "postponed", "moved-online"]),
        EVENTS,
    ),
    Field {
        hint: "An RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU;COUNT=8",
        ..field("repeat", "Repeats", Input::Line, EVENTS)
    },
    Field {
        hint: "Dates of the series on which it does not take place",
        ..field("exceptions", "Not on", Input::Dates, EVENTS)
    },
    field("topics", "Topics", Input::Topics, Scope::Pages),
    field("products", "Products", Input::Products, Scope::Pages),
    Field {
        hint: "Topics related to this one",
        ..field(
            "related",
            "Related topics",
            Input::Topics,
            Scope::Only(&["topics"]),
        )
    },
    field("image", "Picture", Input::Picture, Scope::All),
    Field {
        hint: "What the picture shows, for people who cannot see it (needed with a picture)",
        ..field("image_alt", "Picture description", Input::Line, Scope::All)
    },
    field("photos", "Photos", Input::Photos, STORIES),
    field("quote", "Pull quote", Input::Paragraph, STORIES),
    Field {
        hint: "Other ways customers ask the question",
        ..field(
            "asked_as",
            "Also asked as",
            Input::Lines,
            Scope::Only(&["faq"]),
        )
    },
    Field {
        hint: "The member (handle) who wrote the page",
        ..field("author", "Author", Input::Member, Scope::Pages)
    },
    Field {
        hint: "Left out of the site until it is unset",
        ..field("draft", "Draft", Input::Switch, Scope::Pages)
    },
    Field {
        hint: "In no output before this moment",
        ..field("publish_date", "Publish on", Input::DateTime, Scope::Pages)
    },
    Field {
        hint: "In no output from this moment on",
        ..field("expiry_date", "Remove on", Input::DateTime, Scope::Pages)
    },
    Field {
        hint: "Lower comes first in lists sorted by weight",
        ..field("weight", "Weight", Input::Number, Scope::Pages)
    },
    Field {
        hint: "The address; the file name when empty",
        ..field("slug", "Address (slug)", Input::Line, Scope::All)
    },
    Field {
        hint: "Old addresses that redirect here, like /old/cast-on/",
        ..field("aliases", "Old addresses", Input::Lines, Scope::Pages)
    },
    Field {
        hint: "A template of the theme instead of the kind's own",
        ..field("template", "Template", Input::Line, Scope::All)
    },
    field("paginate_by", "Per page", Input::Number, Scope::Sections),
    field(
        "sort_by",
        "Sort by",
        Input::Choice(&["date", "weight", "title"]),
        Scope::Sections,
    ),
    field("extra", "Extra", Input::Line, Scope::Templates),
];

impl Field {
    /// Whether pages of the kind in `folder` read this field.
    pub(crate) fn applies_to(&self, folder: &str) -> bool {
        match self.scope {
            Scope::All => true,
            Scope::Pages => folder != "topics",
            Scope::Only(folders) => folders.contains(&folder),
            Scope::Sections | Scope::Templates => false,
        }
    }

    pub(crate) fn required(&self, folder: &str) -> bool {
        self.required_in.contains(&folder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys serde reads for `FrontMatter`, taken from the derived deserializer itself.
    fn front_matter_keys() -> Vec<&'static str> {
        struct Capture(std::cell::RefCell<Vec<&'static str>>);
        impl<'de> serde::Deserializer<'de> for &Capture {
            type Error = serde::de::value::Error;
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _name: &'static str,
                fields: &'static [&'static str],
                _visitor: V,
            ) -> Result<V::Value, Self::Error> {
                self.0.borrow_mut().extend(fields);
                Err(serde::de::Error::custom("captured"))
            }
            fn deserialize_any<V: serde::de::Visitor<'de>>(
                self,
                _: V,
            ) -> Result<V::Value, Self::Error> {
                Err(serde::de::Error::custom("not a struct"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
                option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
            }
        }
        let capture = Capture(Default::default());
        let _ = <super::super::FrontMatter as serde::Deserialize>::deserialize(&capture);
        capture.0.into_inner()
    }

    #[test]
    fn every_front_matter_key_has_one_field() {
        let mut keys = front_matter_keys();
        assert!(keys.len() > 30, "{keys:?}");
        let mut described: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        described.sort_unstable();
        assert_eq!(keys, described);
    }

    #[test]
    fn every_kind_requires_something_it_reads() {
        for kind in KINDS {
            for field in FIELDS.iter().filter(|f| f.required(kind.folder)) {
                assert!(
                    field.applies_to(kind.folder),
                    "{} in {}",
                    field.key,
                    kind.folder
                );
            }
        }
    }
}
