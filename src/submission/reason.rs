//! The reason codes of a submission (SPEC.md 16.2): a small registry, with
//! room to grow and for a platform's own codes.

use core::fmt;

/// Why the reporter reports (SPEC.md 16.2): a `u16` code, the reporter's
/// claim. Every code decodes; [`name`](Self::name) is `None` for a code the
/// registry does not assign (shown as unknown, with its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReasonCode(u16);

impl ReasonCode {
    /// 0: no reason given.
    pub const UNSPECIFIED: Self = Self(0);
    /// 1: child sexual exploitation.
    pub const CHILD_SEXUAL_EXPLOITATION: Self = Self(1);
    /// 2: grooming.
    pub const GROOMING: Self = Self(2);
    /// 3: harassment.
    pub const HARASSMENT: Self = Self(3);
    /// 4: threats or violence.
    pub const THREATS_OR_VIOLENCE: Self = Self(4);
    /// 5: spam or fraud.
    pub const SPAM_OR_FRAUD: Self = Self(5);
    /// 6: another reason (the note may say which).
    pub const OTHER: Self = Self(6);
    /// First code of the range a platform may assign to its own reasons
    /// (0x8000 to 0xffff); codes 7 to 0x7fff are left for later registries.
    pub const PRIVATE_USE_START: u16 = 0x8000;

    /// The reason of `code`, assigned or not.
    pub const fn new(code: u16) -> Self {
        Self(code)
    }

    /// The code on the wire.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The registry's name (`"harassment"`), or `None` for a code it does
    /// not assign: a later registry's, or a platform's own.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "unspecified",
            1 => "child sexual exploitation",
            2 => "grooming",
            3 => "harassment",
            4 => "threats or violence",
            5 => "spam or fraud",
            6 => "other",
            _ => return None,
        })
    }

    /// Whether the code lies in the range a platform assigns itself.
    pub const fn is_private_use(self) -> bool {
        self.0 >= Self::PRIVATE_USE_START
    }
}

/// The registry's name, or `unknown (code N)`.
impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "unknown (code {})", self.0),
        }
    }
}
