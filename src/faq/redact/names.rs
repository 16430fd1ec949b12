//! People's names where customers write them: after a greeting (`Hi Jane`), in a
//! self-introduction (`my name is Jane Doe`, `je m'appelle Jane`, `ich heiße Jane`), after a title
//! (`Mrs Smith`) and in a sign-off (`Cheers Jane`, `-- Jane`, `x Jane`, `Cordialement,\nJane`).

use std::ops::Range;

use super::{NAME, Rule};

/// A name: one to three capitalised words, with the particles of many languages between them.
const NAME_WORDS: &str = r"(?P<x>\p{Lu}[\p{Ll}\p{Lu}'’\-]*\.?(?:[ \t]+(?:(?:van|von|der|den|de|del|della|di|da|du|dos|das|le|la|bin|al|ter|ten|op)[ \t]+)*\p{Lu}[\p{Ll}\p{Lu}'’\-]*\.?){0,3})";

/// Greetings, in the languages of the shop's customers.
const GREETINGS: &str = r"hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|morning|bonjour|bonsoir|salut|coucou|cher|chère|hallo|hey|servus|moin|liebe|lieber|sehr\s+geehrte[rs]?|guten\s+(?:tag|morgen|abend)|hola|buenos\s+días|buenas\s+tardes|buenas|estimado|estimada|querido|querida|ciao|salve|buongiorno|buonasera|gentile|caro|cara|hoi|hallo|goedemorgen|goedemiddag|beste|geachte|namaste|namaskar|g'day|gday|greetings|howdy|heya|hej|olá|ola|oi|cześć|dzień\s+dobry|buongiorno|bom\s+dia";

/// Self-introductions: the name follows.
const INTRODUCTIONS: &str = r"my\s+name\s+is|my\s+name's|name\s*:|i\s+am|i'm|i’m|this\s+is|it's|it’s|here\s+is|call\s+me|je\s+m'appelle|je\s+m’appelle|je\s+suis|mon\s+nom\s+est|moi\s+c'est|ich\s+heiße|ich\s+heisse|ich\s+bin|mein\s+name\s+ist|hier\s+ist|hier\s+spricht|me\s+llamo|mi\s+nombre\s+es|soy|mi\s+chiamo|il\s+mio\s+nome\s+è|sono|ik\s+ben|ik\s+heet|mijn\s+naam\s+is|mera\s+naam|signed|sent\s+by|de\s+la\s+part\s+de|i'm\s+called|my\s+name\s+being|me\s+chamo|o\s+meu\s+nome\s+é|jestem|nazywam\s+się|jag\s+heter|jeg\s+heter|mit\s+navn\s+er|je\s+me\s+nomme";

/// Titles before a surname.
const TITLES: &str = r"mr|mrs|ms|miss|mx|dr|prof|sir|madam|herr|frau|m\.|mme|mlle|monsieur|madame|sr|sra|srta|señor|señora|don|doña|sig|sig\.ra|signor|signora|dhr|mevr|mevrouw|meneer|shri|smt|kumari";

/// Sign-offs: the name follows on the same line or the next.
const SIGN_OFFS: &str = r"cheers|thanks|thank\s+you|thanks\s+(?:a\s+lot|so\s+much|again)|many\s+thanks|thx|ta|best|best\s+wishes|all\s+the\s+best|regards|kind\s+regards|best\s+regards|warm\s+regards|warmest\s+regards|yours|yours\s+(?:truly|sincerely|faithfully)|sincerely|love|take\s+care|cordialement|bien\s+cordialement|bien\s+à\s+vous|merci|merci\s+d'avance|bisous|amitiés|salutations|sincères\s+salutations|mit\s+freundlichen\s+grüßen|mit\s+freundlichen\s+grüssen|freundliche\s+grüße|viele\s+grüße|liebe\s+grüße|lg|mfg|vg|grüße|gruß|danke|vielen\s+dank|saludos|un\s+saludo|atentamente|gracias|muchas\s+gracias|cordiali\s+saluti|distinti\s+saluti|saluti|grazie|grazie\s+mille|un\s+saluto|met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groetjes|groeten|bedankt|dank\s+je(?:\s+wel)?|dankjewel|dhanyavad|shukriya|regds|rgds|greetings|hugs|xoxo|br|tia|thanks\s+in\s+advance|talk\s+soon|cheerio|abrazos|un\s+abrazo|besos|baci|a\s+presto|tschüss|bis\s+bald|herzliche\s+grüße|beste\s+grüße|schöne\s+grüße|gruss|groet|hartelijke\s+groet|mvg|à\s+bientôt|bonne\s+journée|cdlt|bàv|atte\.?|obrigad[oa]|cumprimentos|pozdrawiam|hälsningar|mvh|med\s+venlig\s+hilsen";

pub(super) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            &format!(r"(?i:\b(?:{GREETINGS}))[ \t]*,?[ \t]+{NAME_WORDS}"),
            NAME,
        )
        .check(not_a_common_word),
        Rule::new(
            &format!(r"(?i:\b(?:{INTRODUCTIONS}))[ \t]*:?[ \t]+{NAME_WORDS}"),
            NAME,
        )
        .check(not_a_common_word),
        Rule::new(&format!(r"(?i:\b(?:{TITLES}))\.?[ \t]+{NAME_WORDS}"), NAME)
            .check(not_a_common_word),
        Rule::new(
            &format!(r"(?i:\b(?:{SIGN_OFFS}))[ \t]*[,!.\-–—:]*[ \t]*(?:\r?\n[ \t]*)*{NAME_WORDS}"),
            NAME,
        )
        .check(not_a_common_word),
        // `-- Jane`, `– Jane`, `x Jane`, `xx Jane`, `~Jane` ending a message or a line.
        Rule::new(
            &format!(r"(?m)(?:^|[ \t])(?:--+|–|—|~|x{{1,3}}|X{{1,3}})[ \t]*{NAME_WORDS}[ \t]*[.!]?[ \t]*$"),
            NAME,
        )
        .check(not_a_common_word),
        // A last line of one to three capitalised words is a signature.
        Rule::new(
            &format!(r"\n[ \t]*{NAME_WORDS}[ \t]*[.!]?[ \t]*\z"),
            NAME,
        )
        .check(not_a_common_word),
    ]
}

/// Words that start a sentence after a greeting or "I am" and are not names (`I am Unable`, `Hi
/// There`, `Thanks Again`).
const NOT_NAMES: &[&str] = &[
    "there",
    "team",
    "all",
    "everyone",
    "support",
    "guys",
    "folks",
    "again",
    "so",
    "very",
    "a",
    "an",
    "the",
    "not",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "with",
    "still",
    "just",
    "also",
    "really",
    "trying",
    "looking",
    "writing",
    "unable",
    "having",
    "waiting",
    "sorry",
    "happy",
    "sure",
    "glad",
    "back",
    "here",
    "new",
    "already",
    "i",
    "we",
    "my",
    "our",
    "your",
    "you",
    "it",
    "this",
    "that",
    "please",
    "thanks",
    "thank",
    "regards",
    "cheers",
    "hello",
    "hi",
    "dear",
    "sir",
    "madam",
    "customer",
    "service",
    "customers",
    "client",
    "kunde",
    "kundin",
    "is",
    "am",
    "are",
    "ok",
    "okay",
    "yes",
    "no",
    "can",
    "could",
    "would",
    "will",
    "how",
    "what",
    "when",
    "where",
    "why",
    "who",
    "which",
    "order",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "tomorrow",
    "yesterday",
    "morning",
    "afternoon",
    "evening",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "pin",
    "faq",
    "help",
    "hilfe",
    "aide",
    "ayuda",
    "aiuto",
    "merci",
    "danke",
    "gracias",
    "grazie",
    "bedankt",
    "le",
    "la",
    "les",
    "der",
    "die",
    "das",
    "el",
    "il",
    "lo",
    "de",
    "het",
    "een",
    "un",
    "une",
    "ein",
    "eine",
    "und",
    "et",
    "y",
    "e",
    "en",
    "bonjour",
    "hallo",
    "hola",
    "ciao",
    "hoi",
    "best",
    "kind",
    "ich",
    "je",
    "yo",
    "io",
    "ik",
];

fn not_a_common_word(text: &str, span: Range<usize>) -> bool {
    // `KX-8982` and `B12` are codes, not names.
    let after = &text[span.end..];
    if after.starts_with(|c: char| c.is_numeric())
        || (after.starts_with('-') && after[1..].starts_with(|c: char| c.is_numeric()))
    {
        return false;
    }
    // `Mit freundlichen Grüßen` after `Danke.` is the next sign-off, not a name.
    static PHRASE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(&format!(r"^(?i:{SIGN_OFFS}|{GREETINGS}|{INTRODUCTIONS})\b")).ok()
    });
    if PHRASE
        .as_ref()
        .is_some_and(|p| p.is_match(&text[span.start..]))
    {
        return false;
    }
    let first = text[span]
        .split(|c: char| c.is_whitespace() || c == '.')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    !first.is_empty() && !NOT_NAMES.contains(&first.as_str()) && !first.starts_with('[')
}
